import { createSecretKey, KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { ACCESS_TOKEN, AccessTokenClaims, Actor, RANK_LEVELS } from '@patt/contracts';
import { actorOf } from './jwt';

export interface VerifiedTokensOptions {
  /** Most tokens kept at once; past it, the least recently used goes. */
  maxEntries: number;
  /** Longest a verification is reused; never past the token's own expiry. */
  maxAgeMs: number;
  now?: () => number;
}

export const DEFAULT_VERIFIED_TOKENS: VerifiedTokensOptions = { maxEntries: 10_000, maxAgeMs: 60_000 };

interface Entry {
  token: string;
  actor: Actor;
  /** The token's issue time (ms), to judge it against an account disabled later. */
  issuedAtMs: number;
  /** The login it was issued in (`sid`), to refuse it when that login ends; null for older tokens. */
  loginId: string | null;
  /** Until when this verification may be reused (ms): the earlier of its expiry and maxAgeMs. */
  until: number;
}

/** Why a token is refused: a sentence for the caller. */
export class TokenRefused extends Error {
  constructor(
    readonly reason: 'invalid' | 'disabled' | 'ended',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Access tokens checked once and remembered: HS256 only (so `alg: none` and key confusion fail),
 * issuer, audience and expiry checked, the claims well formed. A verified token is kept, keyed by
 * its signature (the whole token compared on a hit), for at most `maxAgeMs` and never past its
 * expiry, the least recently used dropped past `maxEntries`.
 *
 * An account disabled (auth's account-disabled event, `refuseUser`) has every token issued up to
 * then refused at once, cached or not; they stay refused for a token's whole lifetime, so an
 * account enabled again signs in anew (its old access tokens do not come back).
 *
 * A login auth ended (logins-ended: a sign-out, a password changed or reset, a refresh token used
 * twice; `endLogins`) has the tokens issued in it refused at once, for the rest of their lifetime.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Entry>();
  /** userId → when the account was disabled (ms); kept one access-token lifetime. */
  private readonly refused = new Map<string, { atMs: number; reason: string }>();
  /** Logins ended (their id) → until when their tokens could still be presented (ms). */
  private readonly endedLogins = new Map<string, number>();
  private readonly key: KeyObject;
  /** @nestjs/jwt's wrapper of jsonwebtoken (jsonwebtoken itself is only a devDependency here). */
  private readonly jwt = new JwtService();
  private readonly now: () => number;

  constructor(
    secret: string,
    private readonly options: VerifiedTokensOptions = DEFAULT_VERIFIED_TOKENS,
  ) {
    // A KeyObject, not the string: jsonwebtoken would otherwise try the string as a public key on
    // every verify, which profiled at a fifth of the gateway's CPU under load.
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The caller a bearer token names, or TokenRefused. */
  actorOf(token: string): Actor {
    const now = this.now();
    const signature = token.slice(token.lastIndexOf('.') + 1);
    const cached = this.entries.get(signature);
    if (cached && cached.token === token && cached.until > now) {
      this.checkNotRefused(cached.actor.userId, cached.issuedAtMs, cached.loginId, now);
      // Most recently used last: Map keeps insertion order, the first is the eldest.
      this.entries.delete(signature);
      this.entries.set(signature, cached);
      return cached.actor;
    }
    if (cached) this.entries.delete(signature);
    const claims = this.verify(token);
    const issuedAtMs = (claims.iat ?? 0) * 1000;
    const loginId = typeof claims.sid === 'string' ? claims.sid : null;
    this.checkNotRefused(claims.sub, issuedAtMs, loginId, now);
    const entry: Entry = { token, actor: actorOf(claims), issuedAtMs, loginId, until: Math.min(claims.exp * 1000, now + this.options.maxAgeMs) };
    this.entries.set(signature, entry);
    while (this.entries.size > this.options.maxEntries) {
      const eldest = this.entries.keys().next().value as string;
      this.entries.delete(eldest);
    }
    return entry.actor;
  }

  /** An account disabled at `atMs`: its tokens issued until then are refused from now on. */
  refuseUser(userId: string, atMs: number, reason: string): void {
    this.refused.set(userId, { atMs, reason });
    for (const [signature, entry] of this.entries) if (entry.actor.userId === userId) this.entries.delete(signature);
    // A refusal outlives every token it could concern by one token lifetime; then it goes.
    const horizon = this.now() - ACCESS_TOKEN.lifetimeSeconds * 1000;
    for (const [user, refusal] of this.refused) if (refusal.atMs < horizon) this.refused.delete(user);
  }

  /** Logins that ended: the tokens issued in them are refused from now on, for as long as any can be valid. */
  endLogins(loginIds: readonly string[]): void {
    const now = this.now();
    const until = now + ACCESS_TOKEN.lifetimeSeconds * 1000;
    for (const loginId of loginIds) this.endedLogins.set(loginId, until);
    const ended = new Set(loginIds);
    for (const [signature, entry] of this.entries) if (entry.loginId !== null && ended.has(entry.loginId)) this.entries.delete(signature);
    for (const [loginId, lastValid] of this.endedLogins) if (lastValid <= now) this.endedLogins.delete(loginId);
  }

  /** Forgets every verification (and no refusal): the next use of each token verifies it again. */
  clear(): void {
    this.entries.clear();
  }

  private checkNotRefused(userId: string, issuedAtMs: number, loginId: string | null, now: number): void {
    if (loginId !== null && this.endedLogins.size > 0 && (this.endedLogins.get(loginId) ?? 0) > now) {
      throw new TokenRefused('ended', 'This sign-in has ended (signed out, or the password changed): sign in again.');
    }
    if (this.refused.size === 0) return;
    const refusal = this.refused.get(userId);
    // A token issued in the same second as the disabling counts as before it (iat is in seconds).
    if (refusal && issuedAtMs <= refusal.atMs && refusal.atMs > now - ACCESS_TOKEN.lifetimeSeconds * 1000) {
      throw new TokenRefused('disabled', `This account is disabled: ${refusal.reason}`);
    }
  }

  private verify(token: string): AccessTokenClaims & { exp: number; iat?: number } {
    let claims: Partial<AccessTokenClaims> & { exp?: number; iat?: number };
    try {
      claims = this.jwt.verify<typeof claims & object>(token, {
        // jsonwebtoken takes a KeyObject; @nestjs/jwt's typings list strings and buffers only.
        secret: this.key as unknown as Buffer,
        algorithms: [ACCESS_TOKEN.algorithm],
        issuer: ACCESS_TOKEN.issuer,
        audience: ACCESS_TOKEN.audience,
      });
    } catch {
      throw new TokenRefused('invalid', 'Sign in first: send a valid access token as "Authorization: Bearer <token>".');
    }
    const wellFormed =
      typeof claims.sub === 'string' && typeof claims.usr === 'string' && RANK_LEVELS.includes(claims.rnk as number) && typeof claims.exp === 'number';
    if (!wellFormed) throw new TokenRefused('invalid', 'Sign in first: send a valid access token as "Authorization: Bearer <token>".');
    return claims as AccessTokenClaims & { exp: number; iat?: number };
  }
}
