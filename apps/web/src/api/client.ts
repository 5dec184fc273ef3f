import { ApiError, badResponse, networkError } from './errors';
import { cookieMarker } from './session-marker';
import type { SessionMarker } from './session-marker';
import type { Failure, Session, User } from './types';

/** The part of `fetch` the client uses; tests hand in a fake. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Pick<Response, 'status' | 'json'>>;

/** Runs `task` while holding a lock shared by every tab of the app (the Web Locks API). */
export type LockRunner = <T>(name: string, task: () => Promise<T>) => Promise<T>;

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export const API_PREFIX = '/api/v1';
const REFRESH_LOCK = 'patt-session-refresh';

/**
 * The one door to the gateway's API.
 *
 * Sessions: the access token lives in this object only (never in storage a script could read
 * later); the refresh token is the gateway's httpOnly cookie, sent by the browser to
 * `/api/v1/auth/refresh` and `/logout`, which the client calls with `{}`. The refresh token the
 * JSON answers also carry is dropped on arrival. A request answered 401 while signed in triggers
 * one refresh and is retried once; a refresh that fails signs the user out. On page load the client
 * asks for a refresh only when the session marker (session-marker.ts) says a session may exist.
 */
export class ApiClient {
  private accessToken: string | null = null;
  private user: User | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly fetcher: FetchLike = (url, init) => fetch(url, init),
    private readonly withLock: LockRunner = browserLock,
    private readonly marker: SessionMarker = cookieMarker,
  ) {}

  /** The signed-in user, or null. */
  get currentUser(): User | null {
    return this.user;
  }

  /** Calls `listener` whenever the signed-in user changes; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>(path, { query, signal });
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>(path, { method: 'POST', body });
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>(path, { method: 'PATCH', body });
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>(path, { method: 'DELETE' });
  }

  /** A call with the access token; on a 401 while signed in, one refresh and one retry. */
  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const sentWith = this.accessToken;
    try {
      return await this.call<T>(path, options, sentWith);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || sentWith === null) throw error;
      // Another call may have refreshed already while this one was in flight.
      const renewed = this.accessToken !== sentWith || (await this.refresh());
      if (!renewed || this.accessToken === null) throw error;
      return this.call<T>(path, options, this.accessToken);
    }
  }

  async login(username: string, password: string): Promise<User> {
    return this.adopt(await this.call<Session>('/auth/login', { method: 'POST', body: { username, password } }, null));
  }

  async register(inviteCode: string, username: string, password: string): Promise<User> {
    const body = { inviteCode, username, password };
    return this.adopt(await this.call<Session>('/auth/register', { method: 'POST', body }, null));
  }

  /**
   * Sets the signed-in account's first password (`{password}`) or changes it (`{currentPassword,
   * password}`); the answer is the account, which becomes the session's user (`hasPassword`). A
   * change ends the account's other sign-ins; this browser's goes on (its cookie went with it).
   */
  async changePassword(change: { currentPassword?: string; password: string }): Promise<User> {
    const user = await this.request<User>('/auth/password', { method: 'POST', body: change });
    if (this.user) this.setUser(user);
    return user;
  }

  /**
   * Trades the refresh cookie for a new access token. True when signed in afterwards; false
   * (and signed out) when the API refuses the cookie. Concurrent callers share one request, and
   * tabs take turns: the gateway spends a refresh token on use, and a second use of a spent one
   * revokes the whole login.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.withLock(REFRESH_LOCK, () => this.refreshOnce()).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * On page load: a session comes back from the cookie, or there is none. Without the session
   * marker there is none to ask for: no request, no 401 in the console.
   */
  restore(): Promise<User | null> {
    if (!this.marker.present()) return Promise.resolve(this.user);
    return this.refresh().then(() => this.user);
  }

  /** Ends the session at the gateway (which clears the cookie) and here, whatever the API answers. */
  async logout(): Promise<void> {
    // A refresh in flight would otherwise sign the user back in once it lands.
    await this.refreshing?.catch(() => false);
    try {
      if (this.accessToken !== null) await this.request<null>('/auth/logout', { method: 'POST', body: {} });
    } catch {
      // Signed out here regardless: the token is dropped below, and an unspent cookie expires.
    } finally {
      this.signOut();
    }
  }

  private async refreshOnce(): Promise<boolean> {
    try {
      this.adopt(await this.call<Session>('/auth/refresh', { method: 'POST', body: {} }, null));
      return true;
    } catch (error) {
      // 401: no cookie, or a spent, revoked or expired one, or a disabled account's.
      if (error instanceof ApiError && error.status === 401) {
        this.signOut();
        return false;
      }
      throw error;
    }
  }

  private adopt(session: Session): User {
    this.accessToken = session.accessToken;
    this.setUser(session.user);
    return session.user;
  }

  /** Signed out here: no token, no user, and no marker to make the next page load ask again. */
  private signOut(): void {
    this.accessToken = null;
    this.marker.clear();
    this.setUser(null);
  }

  private setUser(user: User | null): void {
    if (user === this.user) return;
    this.user = user;
    for (const listener of this.listeners) listener();
  }

  private async call<T>(path: string, options: RequestOptions, token: string | null): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    let response: Pick<Response, 'status' | 'json'>;
    try {
      response = await this.fetcher(`${API_PREFIX}${path}${queryString(options.query)}`, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw networkError();
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (isEnvelope(body)) {
      if (body.ok) return body.data as T;
      throw new ApiError(response.status, body.code, body.error, body.details ?? []);
    }
    throw badResponse(response.status);
  }
}

/** `?a=1&b=x` of the values that are set; empty strings count as unset (an empty search box). */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function isEnvelope(body: unknown): body is { ok: true; data: unknown } | Failure {
  if (typeof body !== 'object' || body === null) return false;
  const candidate = body as Record<string, unknown>;
  if (candidate['ok'] === true) return 'data' in candidate;
  return candidate['ok'] === false && typeof candidate['error'] === 'string' && typeof candidate['code'] === 'string';
}

/** Web Locks where the browser has them (every current one); otherwise the task runs as is. */
const browserLock: LockRunner = (name, task) => {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? (locks.request(name, task) as Promise<Awaited<ReturnType<typeof task>>>) : task();
};
