/**
 * Whether the browser has reason to think a session exists, before asking the gateway.
 *
 * The refresh token is an httpOnly cookie: page scripts cannot see whether the browser holds one.
 * Beside it the gateway sets `patt_session=1`, a readable cookie with no secret in it, on sign-in,
 * registration and each refresh (with the refresh cookie's lifetime), and clears it with the
 * refresh cookie. On load the app asks for a refresh only when the marker is there, so a visitor
 * who never signed in, or signed out, makes no request that could only fail. The app clears it
 * too, when it signs out or a refresh is refused, in case the gateway's answer never arrived.
 */
export interface SessionMarker {
  present(): boolean;
  clear(): void;
}

export const SESSION_MARKER_COOKIE = 'patt_session';

/** The browser's marker: the gateway's readable cookie. */
export const cookieMarker: SessionMarker = {
  present: () =>
    typeof document !== 'undefined' && document.cookie.split(';').some((part) => part.trim().startsWith(`${SESSION_MARKER_COOKIE}=`)),
  clear: () => {
    if (typeof document === 'undefined') return;
    // The same name and path as the gateway's; Secure where the page is (a Secure cookie may only be replaced from https).
    const secure = typeof location !== 'undefined' && location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = `${SESSION_MARKER_COOKIE}=; Max-Age=0; Path=/; SameSite=Strict${secure}`;
  },
};

/** A marker in memory, for tests: `set` plays the gateway's Set-Cookie. */
export function memoryMarker(present = false): SessionMarker & { set(): void } {
  let value = present;
  return {
    present: () => value,
    set: () => {
      value = true;
    },
    clear: () => {
      value = false;
    },
  };
}
