import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The parts of an OAuth2 authorization-code flow with PKCE (RFC 7636, S256) and `state` that do not
 * depend on the provider: what a service keeps while the browser is away at the provider, and how
 * the callback is judged. Used by every "sign in with / link" flow (Discord, Battle.net).
 */

/** How long a started flow may take: its state is refused after this (10 minutes). */
export const OAUTH_STATE_LIFETIME_MS = 10 * 60_000;

/** 32 random bytes, base64url: a state, a PKCE verifier or a browser's binding secret. */
export function oauthRandom(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256, hex: how a state and a browser's binding are kept (never the values themselves). */
export function oauthHash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** The S256 challenge of a PKCE verifier: base64url(SHA-256(verifier)), no padding. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** RFC 7636's verifier: 43 to 128 of A-Z a-z 0-9 - . _ ~ */
export const PKCE_VERIFIER_SHAPE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** A new verifier (43 characters) and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string; method: 'S256' } {
  const verifier = oauthRandom(32);
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

/** Whether `verifier` is the one whose S256 challenge is `challenge` (the provider's check). */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!PKCE_VERIFIER_SHAPE.test(verifier)) return false;
  const expected = Buffer.from(pkceChallenge(verifier));
  const given = Buffer.from(challenge);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The provider's authorize address with the flow's parameters (any already in `base` kept). */
export function oauthAuthorizeUrl(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** A started flow as kept by the service that started it. */
export interface StoredOAuthState {
  /** oauthHash of the browser binding secret (the httpOnly cookie set when the flow started). */
  browserHash: string;
  expiresAt: Date;
  /** Set when a callback spent it; a state is good for one callback. */
  usedAt: Date | null;
}

/** Why a callback's state is refused, or 'ok'. */
export type OAuthStateVerdict = 'ok' | 'unknown' | 'used' | 'expired' | 'other_browser';

/**
 * Judges a callback's state: it must have been started (known), not yet spent, within its 10
 * minutes, and come back to the browser that started it (the binding cookie's hash matches).
 * `stored` is the state as it was before this callback spent it.
 */
export function judgeOAuthState(stored: StoredOAuthState | null, browserSecret: string | undefined, now: Date = new Date()): OAuthStateVerdict {
  if (!stored) return 'unknown';
  if (stored.usedAt) return 'used';
  if (stored.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (!browserSecret) return 'other_browser';
  const given = Buffer.from(oauthHash(browserSecret), 'hex');
  const kept = Buffer.from(stored.browserHash, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept) ? 'ok' : 'other_browser';
}
