import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@patt/service-kit';
import { eventually, memberKnownToAuth, startPlatform, TestPlatform } from '@patt/testing';
import { createGateway } from '../src/app/create-gateway';
import { GatewayConfig } from '../src/app/gateway.config';

jest.setTimeout(120_000);

interface Answer {
  status: number;
  body: { ok: boolean; data: Record<string, unknown> | null; code?: string; error?: string };
  /** The Set-Cookie lines, each parsed. */
  cookies: ParsedCookie[];
}

interface ParsedCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

/** `name=value; Path=/x; HttpOnly` → its parts, attribute names lower-cased. */
function parseSetCookie(line: string): ParsedCookie {
  const [pair = '', ...rest] = line.split(';').map((part) => part.trim());
  const at = pair.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) attributes[part.toLowerCase()] = true;
    else attributes[part.slice(0, eq).toLowerCase()] = part.slice(eq + 1);
  }
  return { name: pair.slice(0, at), value: pair.slice(at + 1), attributes };
}

describe('the refresh cookie: the web app’s session, beside the JSON contract', () => {
  let platform: TestPlatform;
  let address = 1;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['auth', 'identity'], env: { gateway: { TRUST_PROXY: '1' }, auth: { BCRYPT_COST: '10' } } });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const call = async (
    path: string,
    options: { body?: string | object; token?: string; cookie?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // Each call from its own address, so the login throttles stay out of the way.
        'x-forwarded-for': `10.9.${Math.floor(address / 250)}.${(address++ % 250) + 1}`,
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.cookie ? { cookie: `patt_refresh=${options.cookie}` } : {}),
        ...options.headers,
      },
      body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body ?? {}),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'], cookies: response.headers.getSetCookie().map(parseSetCookie) };
  };

  const refreshCookie = (answer: Answer): ParsedCookie => {
    const cookies = answer.cookies.filter((c) => c.name === 'patt_refresh');
    expect(cookies).toHaveLength(1);
    return cookies[0]!;
  };
  /** The readable `patt_session` marker the web app looks for before it asks for a refresh. */
  const marker = (answer: Answer): ParsedCookie => {
    const cookies = answer.cookies.filter((c) => c.name === 'patt_session');
    expect(cookies).toHaveLength(1);
    return cookies[0]!;
  };
  const expectMarkerSet = (answer: Answer) => {
    const cookie = marker(answer);
    expect(cookie.value).toBe('1');
    // Readable by page scripts (no HttpOnly), on every page of the app, as long-lived as the refresh cookie.
    expect(cookie.attributes).toEqual({ 'max-age': String(30 * 24 * 3600), path: '/', samesite: 'Strict' });
  };
  const expectCleared = (answer: Answer) => {
    const cookie = refreshCookie(answer);
    expect(cookie.value).toBe('');
    expect(cookie.attributes).toMatchObject({ 'max-age': '0', path: '/api/v1/auth', httponly: true, samesite: 'Strict' });
    expect(new Date(cookie.attributes['expires'] as string).getTime()).toBe(0);
    const gone = marker(answer);
    expect(gone.value).toBe('');
    expect(gone.attributes).toMatchObject({ 'max-age': '0', path: '/', samesite: 'Strict' });
    expect(gone.attributes['httponly']).toBeUndefined();
  };
  const login = (username: string, password: string, headers?: Record<string, string>) => call('/auth/login', { body: { username, password }, headers });

  /** A member with a Discord account, as identity announces them, and an invite code for them. */
  async function invited(discordUsername: string): Promise<string> {
    const personId = await memberKnownToAuth(platform, { discordUsername });
    const admin = (await login('guildmaster', 'correct horse battery')).body.data?.['accessToken'] as string;
    const invite = await call(`/members/${personId}/invites`, { token: admin });
    expect(invite.status).toBe(201);
    return invite.body.data?.['code'] as string;
  }

  it('sets an httpOnly, SameSite=Strict cookie scoped to /api/v1/auth on register and login, and keeps the JSON as it was', async () => {
    const code = await invited('tasslehoff');
    const registered = await call('/auth/register', { body: { inviteCode: code, username: 'tasslehoff', password: 'hoopak and pouches' } });
    expect(registered.status).toBe(201);
    expect(Object.keys(registered.body.data ?? {}).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'user']);
    const cookie = refreshCookie(registered);
    expect(cookie.value).toBe(registered.body.data?.['refreshToken']);
    expect(cookie.attributes).toEqual({ 'max-age': String(30 * 24 * 3600), path: '/api/v1/auth', httponly: true, samesite: 'Strict' });
    expectMarkerSet(registered);

    const signedIn = await login('tasslehoff', 'hoopak and pouches');
    expect(signedIn.status).toBe(200);
    expect(refreshCookie(signedIn).value).toBe(signedIn.body.data?.['refreshToken']);
    expectMarkerSet(signedIn);

    // A failed login sets nothing.
    const wrong = await login('tasslehoff', 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.cookies).toEqual([]);
  });

  it('is Secure when the browser came over https', async () => {
    const behindProxy = await login('guildmaster', 'correct horse battery', { 'x-forwarded-proto': 'https' });
    expect(refreshCookie(behindProxy).attributes['secure']).toBe(true);
    expect(marker(behindProxy).attributes['secure']).toBe(true);
    const plain = await login('guildmaster', 'correct horse battery');
    expect(refreshCookie(plain).attributes['secure']).toBeUndefined();
    expect(marker(plain).attributes['secure']).toBeUndefined();

    // PUBLIC_URL on https: a proxy the gateway was not told to trust still serves the browser https.
    let gateway: NestFastifyApplication | undefined;
    try {
      gateway = await createGateway(loadConfig('gateway', GatewayConfig, { ...platform.envOf('gateway'), PUBLIC_URL: 'https://patt.example', LOG_LEVEL: 'silent' }));
      const response = await gateway.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'guildmaster', password: 'correct horse battery' }),
      });
      expect(response.statusCode).toBe(200);
      const line = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
      expect(line.map(parseSetCookie).find((c) => c.name === 'patt_refresh')?.attributes['secure']).toBe(true);
    } finally {
      await gateway?.close();
    }
  });

  it('refreshes from the cookie alone with {}, rotating it; the spent cookie is then a 401 that clears it and ends the login', async () => {
    const code = await invited('flint');
    const first = refreshCookie(await call('/auth/register', { body: { inviteCode: code, username: 'flint', password: 'fireforge hammer' } })).value;

    const refreshed = await call('/auth/refresh', { cookie: first });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.data).toMatchObject({ user: { username: 'flint' }, expiresIn: 900 });
    const second = refreshCookie(refreshed);
    expect(second.value).toBe(refreshed.body.data?.['refreshToken']);
    expect(second.value).not.toBe(first);
    expect(second.attributes).toMatchObject({ httponly: true, samesite: 'Strict', path: '/api/v1/auth' });
    expectMarkerSet(refreshed);

    const replayed = await call('/auth/refresh', { cookie: first });
    expect(replayed.status).toBe(401);
    expect(replayed.body).toMatchObject({ ok: false, code: 'UNAUTHENTICATED', error: expect.stringContaining('sign in again') });
    expectCleared(replayed);
    // Reuse revokes the whole login: the cookie the browser got last is dead too.
    const afterTheft = await call('/auth/refresh', { cookie: second.value });
    expect(afterTheft.status).toBe(401);
    expectCleared(afterTheft);
  });

  it('prefers the body’s token to the cookie, as API clients expect', async () => {
    const a = (await login('guildmaster', 'correct horse battery')).body.data?.['refreshToken'] as string;
    const b = (await login('guildmaster', 'correct horse battery')).body.data?.['refreshToken'] as string;
    const refreshed = await call('/auth/refresh', { body: { refreshToken: a }, cookie: b });
    expect(refreshed.status).toBe(200);
    // a was spent, b was not: b still refreshes.
    expect((await call('/auth/refresh', { cookie: b })).status).toBe(200);
    // A bad body token does not cost the browser its cookie.
    const bad = await call('/auth/refresh', { body: { refreshToken: 'rt_not-a-real-token' }, cookie: refreshCookie(refreshed).value });
    expect(bad.status).toBe(401);
    expect(bad.cookies).toEqual([]);
  });

  it('answers a refresh with neither a body token nor a cookie with a 401 envelope, and drops a marker left without its cookie', async () => {
    const response = await call('/auth/refresh');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ ok: false, code: 'UNAUTHENTICATED', error: expect.stringContaining('no refresh token was sent') });
    expectCleared(response);
    // A body token that is not one is still a validation failure, before anything is spent.
    const malformed = await call('/auth/refresh', { body: { refreshToken: 42 } });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', details: [{ field: 'refreshToken' }] });
  });

  it('logs out with the cookie: it is cleared and its login ends', async () => {
    const session = await login('guildmaster', 'correct horse battery');
    const cookie = refreshCookie(session).value;
    const out = await call('/auth/logout', { token: session.body.data?.['accessToken'] as string, cookie });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ ok: true, data: null });
    expectCleared(out);
    expect((await call('/auth/refresh', { cookie })).status).toBe(401);
    // Its access token went with it, on every gateway replica (logins-ended).
    const signedOut = session.body.data?.['accessToken'] as string;
    await eventually(
      'the signed-out access token refused',
      async () => (await fetch(`${platform.gatewayUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${signedOut}` } })).status === 401,
    );

    // Nothing to end (a sign-in sending no refresh token): still a 400 as the contract had it, and
    // the cookie is cleared all the same.
    const other = await login('guildmaster', 'correct horse battery');
    const nothing = await call('/auth/logout', { token: other.body.data?.['accessToken'] as string });
    expect(nothing.status).toBe(400);
    expect(nothing.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expectCleared(nothing);
  });

  it('cannot be ridden by another site: a form post is refused before the token is spent, and no CORS is granted', async () => {
    const cookie = refreshCookie(await login('guildmaster', 'correct horse battery')).value;
    // The bodies an HTML form (or a no-preflight fetch) can send cross-site.
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'refreshToken='],
      ['text/plain', '{}'],
      ['multipart/form-data; boundary=x', '--x--'],
    ]) {
      const response = await call('/auth/refresh', { cookie, body, headers: { 'content-type': type as string, origin: 'https://evil.example' } });
      expect({ type, status: response.status }).toEqual({ type, status: 415 });
      expect(response.cookies).toEqual([]);
    }
    // The JSON a script would need is behind a preflight the gateway does not grant.
    const preflight = await fetch(`${platform.gatewayUrl}/api/v1/auth/refresh`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    // The cookie was never spent.
    expect((await call('/auth/refresh', { cookie })).status).toBe(200);
  });

  it('keeps the cookie when auth cannot answer: the token may still be good', async () => {
    const cookie = refreshCookie(await login('guildmaster', 'correct horse battery')).value;
    await platform.services.get('auth')?.stop();
    try {
      const response = await call('/auth/refresh', { cookie });
      expect(response.status).toBe(503);
      expect(response.cookies).toEqual([]);
    } finally {
      await platform.start('auth');
    }
    expect((await call('/auth/refresh', { cookie })).status).toBe(200);
  });
});
