import { sign } from 'jsonwebtoken';
import { ACCESS_TOKEN } from '@patt/contracts';
import { TokenRefused, VerifiedTokens } from './verified-tokens';

const SECRET = 'a-test-secret-of-enough-length-0123456789abcdef';
const T0 = Date.UTC(2026, 11, 6, 9, 0, 0);

function tokenFor(userId: string, options: { iat?: number; expiresIn?: number; secret?: string; rank?: number; loginId?: string } = {}): string {
  const iat = options.iat ?? Math.floor(T0 / 1000);
  const login = options.loginId === undefined ? {} : { sid: options.loginId };
  return sign({ sub: userId, usr: userId, pid: null, rnk: options.rank ?? 2, iat, ...login }, options.secret ?? SECRET, {
    algorithm: 'HS256',
    issuer: ACCESS_TOKEN.issuer,
    audience: ACCESS_TOKEN.audience,
    expiresIn: options.expiresIn ?? ACCESS_TOKEN.lifetimeSeconds,
  });
}

/** A clock the test moves; jsonwebtoken's own expiry check reads Date.now, faked to the same. */
function clock() {
  let now = T0;
  jest.spyOn(Date, 'now').mockImplementation(() => now);
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

afterEach(() => jest.restoreAllMocks());

describe('VerifiedTokens', () => {
  it('verifies a token once and reuses the verification, and refuses a forged or foreign one', () => {
    const time = clock();
    const tokens = new VerifiedTokens(SECRET, { maxEntries: 10, maxAgeMs: 60_000, now: time.now });
    const token = tokenFor('u1');
    expect(tokens.actorOf(token)).toEqual({ userId: 'u1', username: 'u1', personId: null, rank: 2 });
    expect(tokens.size).toBe(1);
    expect(tokens.actorOf(token).userId).toBe('u1');
    expect(tokens.size).toBe(1);
    expect(() => tokens.actorOf(tokenFor('u2', { secret: 'another-secret-of-enough-length-0123456789' }))).toThrow(TokenRefused);
    // Same signature, other payload: a hit on the signature alone must not pass it.
    const [, payload] = tokenFor('u3').split('.');
    const [header, , signature] = token.split('.');
    expect(() => tokens.actorOf(`${header}.${payload}.${signature}`)).toThrow(TokenRefused);
  });

  it('keeps no more than maxEntries, dropping the least recently used', () => {
    const time = clock();
    const tokens = new VerifiedTokens(SECRET, { maxEntries: 3, maxAgeMs: 60_000, now: time.now });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((user) => tokenFor(user)) as [string, string, string, string];
    tokens.actorOf(a);
    tokens.actorOf(b);
    tokens.actorOf(c);
    tokens.actorOf(a); // a is now the most recent; b the eldest
    tokens.actorOf(d);
    expect(tokens.size).toBe(3);
    const verify = jest.spyOn(tokens as unknown as { verify: (t: string) => unknown }, 'verify');
    tokens.actorOf(a);
    tokens.actorOf(c);
    tokens.actorOf(d);
    expect(verify).not.toHaveBeenCalled();
    tokens.actorOf(b);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(tokens.size).toBe(3);
  });

  it('never accepts a token past its expiry, however recently it was verified', () => {
    const time = clock();
    const tokens = new VerifiedTokens(SECRET, { maxEntries: 10, maxAgeMs: 60 * 60_000, now: time.now });
    const token = tokenFor('u1', { expiresIn: 30 });
    tokens.actorOf(token);
    time.advance(29_000);
    expect(tokens.actorOf(token).userId).toBe('u1');
    time.advance(1_000);
    expect(() => tokens.actorOf(token)).toThrow(TokenRefused);
  });

  it('verifies again after maxAgeMs', () => {
    const time = clock();
    const tokens = new VerifiedTokens(SECRET, { maxEntries: 10, maxAgeMs: 5_000, now: time.now });
    const token = tokenFor('u1');
    tokens.actorOf(token);
    const verify = jest.spyOn(tokens as unknown as { verify: (t: string) => unknown }, 'verify');
    time.advance(4_999);
    tokens.actorOf(token);
    expect(verify).not.toHaveBeenCalled();
    time.advance(1);
    tokens.actorOf(token);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('refuses at once every token of an account disabled, cached or not, and not a token issued after it was enabled again', () => {
    const time = clock();
    const tokens = new VerifiedTokens(SECRET, { maxEntries: 10, maxAgeMs: 60_000, now: time.now });
    const cached = tokenFor('u1');
    const other = tokenFor('u2');
    tokens.actorOf(cached);
    tokens.actorOf(other);
    time.advance(2_000);
    const unseen = tokenFor('u1', { iat: Math.floor(time.now() / 1000) });
    tokens.refuseUser('u1', time.now(), 'left the guild');
    expect(() => tokens.actorOf(cached)).toThrow(expect.objectContaining({ reason: 'disabled', message: 'This account is disabled: left the guild' }));
    expect(() => tokens.actorOf(unseen)).toThrow(expect.objectContaining({ reason: 'disabled' }));
    expect(tokens.actorOf(other).userId).toBe('u2');
    // Enabled again later: a new sign-in's token works, the old ones stay refused.
    time.advance(60_000);
    expect(tokens.actorOf(tokenFor('u1', { iat: Math.floor(time.now() / 1000) })).userId).toBe('u1');
    expect(() => tokens.actorOf(cached)).toThrow(expect.objectContaining({ reason: 'disabled' }));
  });

  it('refuses at once, cached or not, every token of a login that ended, and no other of the account', () => {
    const time = clock();
    const tokens = new VerifiedTokens(SECRET, { maxEntries: 10, maxAgeMs: 60_000, now: time.now });
    const ended = tokenFor('u1', { loginId: 'login-a' });
    const endedToo = tokenFor('u1', { loginId: 'login-a', iat: Math.floor(T0 / 1000) + 1 });
    const kept = tokenFor('u1', { loginId: 'login-b' });
    const older = tokenFor('u1');
    for (const token of [ended, kept, older]) expect(tokens.actorOf(token).userId).toBe('u1');

    tokens.endLogins(['login-a']);
    expect(() => tokens.actorOf(ended)).toThrow(new TokenRefused('ended', 'This sign-in has ended (signed out, or the password changed): sign in again.'));
    expect(() => tokens.actorOf(endedToo)).toThrow(TokenRefused);
    expect(tokens.actorOf(kept).userId).toBe('u1');
    // A token from before logins were named in tokens has no login to end.
    expect(tokens.actorOf(older).userId).toBe('u1');
    // A new login of the same account is another id.
    expect(tokens.actorOf(tokenFor('u1', { loginId: 'login-c' })).userId).toBe('u1');
  });

  it('keeps an ended login only as long as a token of it could be valid', () => {
    const time = clock();
    const tokens = new VerifiedTokens(SECRET, { maxEntries: 10, maxAgeMs: 60_000, now: time.now });
    tokens.endLogins(['login-a']);
    time.advance(ACCESS_TOKEN.lifetimeSeconds * 1000 - 1);
    // Issued just before the end (same second), still within its lifetime: refused.
    expect(() => tokens.actorOf(tokenFor('u1', { loginId: 'login-a', iat: Math.floor(T0 / 1000) }))).toThrow(TokenRefused);
    time.advance(1);
    tokens.endLogins(['login-b']);
    expect((tokens as unknown as { endedLogins: Map<string, number> }).endedLogins.has('login-a')).toBe(false);
  });
});
