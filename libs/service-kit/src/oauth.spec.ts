import { createHash } from 'node:crypto';
import {
  judgeOAuthState,
  OAUTH_STATE_LIFETIME_MS,
  oauthAuthorizeUrl,
  oauthHash,
  pkceChallenge,
  pkceMatches,
  pkcePair,
  PKCE_VERIFIER_SHAPE,
  StoredOAuthState,
} from './oauth';

describe('PKCE (S256)', () => {
  it('computes the challenge of RFC 7636 appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a fresh verifier of the allowed shape each time, with its challenge', () => {
    const a = pkcePair();
    const b = pkcePair();
    expect(a.verifier).toMatch(PKCE_VERIFIER_SHAPE);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.method).toBe('S256');
    expect(a.challenge).toBe(createHash('sha256').update(a.verifier).digest('base64url'));
  });

  it('matches a verifier only to its own challenge', () => {
    const { verifier, challenge } = pkcePair();
    expect(pkceMatches(verifier, challenge)).toBe(true);
    expect(pkceMatches(pkcePair().verifier, challenge)).toBe(false);
    expect(pkceMatches('short', pkceChallenge('short'))).toBe(false);
    expect(pkceMatches(verifier, '')).toBe(false);
  });
});

describe('the authorize address', () => {
  it('adds the parameters, encoded, and keeps those already there', () => {
    const url = new URL(oauthAuthorizeUrl('https://discord.com/oauth2/authorize?prompt=none', { client_id: '1', redirect_uri: 'http://x/cb?a=b', scope: 'identify' }));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({ prompt: 'none', client_id: '1', redirect_uri: 'http://x/cb?a=b', scope: 'identify' });
  });
});

describe('judging a callback’s state', () => {
  const now = new Date('2026-12-06T10:00:00Z');
  const browser = 'browser-secret-of-the-one-who-started';
  const started = (change: Partial<StoredOAuthState> = {}): StoredOAuthState => ({
    browserHash: oauthHash(browser),
    expiresAt: new Date(now.getTime() + OAUTH_STATE_LIFETIME_MS - 1000),
    usedAt: null,
    ...change,
  });

  it('accepts a state started by this browser, unused, within its 10 minutes', () => {
    expect(judgeOAuthState(started(), browser, now)).toBe('ok');
  });

  it('refuses a state it never made', () => {
    expect(judgeOAuthState(null, browser, now)).toBe('unknown');
  });

  it('refuses a state used once already', () => {
    expect(judgeOAuthState(started({ usedAt: new Date(now.getTime() - 5000) }), browser, now)).toBe('used');
  });

  it('refuses an expired state, at its expiry exactly and after', () => {
    expect(judgeOAuthState(started({ expiresAt: now }), browser, now)).toBe('expired');
    expect(judgeOAuthState(started({ expiresAt: new Date(now.getTime() - 1) }), browser, now)).toBe('expired');
  });

  it('refuses a state brought back by another browser, or by one without the binding cookie', () => {
    expect(judgeOAuthState(started(), 'another-browsers-secret', now)).toBe('other_browser');
    expect(judgeOAuthState(started(), undefined, now)).toBe('other_browser');
    expect(judgeOAuthState(started(), '', now)).toBe('other_browser');
  });
});
