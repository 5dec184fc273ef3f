// The gateway's edge through real processes (gateway and auth on NATS and Postgres): whose address
// the throttles count behind proxies (TRUST_PROXY), bodies nested too deep, and the headers on
// answers (nosniff, no-store where secrets travel, HSTS over https).
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawn } from 'node:child_process';
import { loadConfig } from '@patt/service-kit';
import { builtMain, freePort, memberKnownToAuth, RunningService, startPlatform, startProcess, TestPlatform } from '@patt/testing';
import { createGateway } from '../src/app/create-gateway';
import { GatewayConfig } from '../src/app/gateway.config';
import { HSTS } from '../src/http/security-headers';

jest.setTimeout(120_000);

const ADMIN = { username: 'guildmaster', password: 'correct horse battery' } as const;

interface Answer {
  status: number;
  headers: Headers;
  body: { ok: boolean; data?: Record<string, unknown> | null; code?: string; error?: string };
}

describe('the gateway’s edge', () => {
  let platform: TestPlatform;
  /** Started beside the platform's own gateway (TRUST_PROXY=1) with other settings. */
  const gateways = new Map<string, { url: string; process: RunningService }>();

  async function startGateway(name: string, env: Record<string, string>): Promise<void> {
    const port = await freePort();
    const process = await startProcess(`gateway (${name})`, {
      app: 'gateway',
      env: { ...platform.envOf('gateway'), PORT: String(port), ...env },
      readyUrl: `http://127.0.0.1:${port}/api/v1/version`,
    });
    gateways.set(name, { url: `http://127.0.0.1:${port}`, process });
  }

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['auth'], env: { gateway: { TRUST_PROXY: '1' }, auth: { BCRYPT_COST: '10' } } });
    await Promise.all([
      startGateway('two hops', { TRUST_PROXY: '2' }),
      startGateway('proxy addresses', { TRUST_PROXY: '127.0.0.1/32, 10.0.0.0/8, fd00::/8' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([...gateways.values()].map(({ process }) => process.stop()));
    await platform?.stop();
  });

  const call = async (
    path: string,
    options: { gateway?: string; method?: string; body?: string | object; token?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const base = options.gateway ? (gateways.get(options.gateway)?.url as string) : platform.gatewayUrl;
    const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
  };

  describe('TRUST_PROXY: the throttles count the client, never an address the client wrote', () => {
    const wrongLogin = (username: string, forwardedFor: string, gateway?: string) =>
      call('/api/v1/auth/login', { gateway, body: { username, password: 'not the password' }, headers: { 'x-forwarded-for': forwardedFor } });

    /**
     * Wrong passwords for `username` until auth throttles, each with X-Forwarded-For from
     * `forwardedFor(i)`; how many attempts it took (fails if 20 were not enough).
     */
    async function guessUntilThrottled(username: string, forwardedFor: (attempt: number) => string, gateway?: string): Promise<number> {
      for (let attempt = 1; attempt <= 20; attempt += 1) {
        const answer = await wrongLogin(username, forwardedFor(attempt), gateway);
        if (answer.status === 429) {
          expect(answer.body).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
          expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
          return attempt;
        }
        expect(answer.status).toBe(401);
      }
      throw new Error(`no 429 after 20 wrong passwords for ${username}`);
    }

    /** What a client writes itself: a new address at every attempt. */
    const spoofed = (attempt: number) => `198.18.${attempt}.${(attempt * 7) % 250}`;

    it('one hop: a new left-most address at every guess changes nothing; the right-most one is throttled, and only it', async () => {
      const attempts = await guessUntilThrottled('throttled-one-hop', (i) => `${spoofed(i)}, 203.0.113.10`);
      expect(attempts).toBeGreaterThan(1);
      // Still throttled, whatever the client prepends.
      expect((await wrongLogin('throttled-one-hop', `${spoofed(99)}, 203.0.113.10`)).status).toBe(429);
      expect((await wrongLogin('throttled-one-hop', '203.0.113.10')).status).toBe(429);
      // Another client (the proxy's right-most entry differs) is not.
      expect((await wrongLogin('throttled-one-hop', `${spoofed(1)}, 203.0.113.11`)).status).toBe(401);
    });

    it('two hops: the address the first proxy wrote, whatever the client wrote left of it', async () => {
      // The entry right of the client's is the second proxy's view of the first: it may change too.
      await guessUntilThrottled('throttled-two-hops', (i) => `${spoofed(i)}, 203.0.113.20, 10.0.${i}.1`, 'two hops');
      expect((await wrongLogin('throttled-two-hops', `${spoofed(50)}, 203.0.113.21, 10.0.0.1`, 'two hops')).status).toBe(401);
    });

    it('proxy addresses and CIDRs, IPv4 and IPv6: the right-most address outside them', async () => {
      // This test's own connection comes from 127.0.0.1 (trusted), through fd00::3 and 10.1.2.3 (trusted).
      await guessUntilThrottled('throttled-cidrs', (i) => `${spoofed(i)}, 2001:db8::7, fd00::3, 10.1.2.${i}`, 'proxy addresses');
      expect((await wrongLogin('throttled-cidrs', '2001:db8::7', 'proxy addresses')).status).toBe(429);
      // An address outside the trusted ones ends the walk: it is the client, whatever is left of it.
      expect((await wrongLogin('throttled-cidrs', '2001:db8::7, 2001:db8::8, 10.1.2.3', 'proxy addresses')).status).toBe(401);
    });

    it('refuses to start with TRUST_PROXY=true or a bad entry, naming it (exit 78)', async () => {
      for (const [value, said] of [
        ['true', 'TRUST_PROXY=true would believe the left-most X-Forwarded-For entry, which the client writes itself'],
        ['10.0.0.0/8, 10.0.0.256', 'TRUST_PROXY: "10.0.0.256" is neither an IPv4 or IPv6 address nor a CIDR'],
      ] as const) {
        const child = spawn(process.execPath, [builtMain('gateway')], {
          env: { PATH: process.env['PATH'] ?? '', ...platform.envOf('gateway'), PORT: String(await freePort()), TRUST_PROXY: value },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const lines: string[] = [];
        child.stderr.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
        // 'close', not 'exit': every line the process wrote has arrived by then.
        const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
        expect({ value, code }).toEqual({ value, code: 78 });
        expect(lines.join('')).toContain(`gateway cannot start; fix its environment:\n  - ${said}`);
      }
    });
  });

  describe('bodies nested deeper than 32', () => {
    it('is a 400 with the envelope on the public login route, with no error logged, and the gateway keeps serving', async () => {
      const gateway = platform.services.get('gateway') as RunningService;
      const linesBefore = gateway.output.length;
      const deep = `{"username":${'['.repeat(200_000)}${']'.repeat(200_000)},"password":"x"}`;
      expect(deep.length).toBeGreaterThan(400_000);
      const answer = await call('/api/v1/auth/login', { body: deep, headers: { 'x-forwarded-for': '203.0.113.40' } });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        error: 'The body nests objects or arrays more than 32 deep (at character 44); no request of this API takes that, and it is refused.',
      });
      // Never opened: an unclosed one, and one of objects.
      expect((await call('/api/v1/auth/login', { body: '['.repeat(200_000), headers: { 'x-forwarded-for': '203.0.113.40' } })).status).toBe(400);
      expect((await call('/api/v1/auth/login', { body: `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}` })).status).toBe(400);

      // 32 deep is parsed, and then refused for what it is.
      const shallow = await call('/api/v1/auth/login', { body: `{"username":${'['.repeat(31)}${']'.repeat(31)},"password":"x"}` });
      expect(shallow.status).toBe(400);
      expect(shallow.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });

      const newLines = gateway.output.slice(linesBefore);
      expect(newLines.filter((line) => /"level":"(error|fatal)"/.test(line))).toEqual([]);
      expect((await call('/api/v1/version')).status).toBe(200);
      const signedIn = await call('/api/v1/auth/login', { body: ADMIN, headers: { 'x-forwarded-for': '203.0.113.41' } });
      expect(signedIn.status).toBe(200);
      expect(gateway.child.exitCode).toBeNull();
    });

    it('holds for the addon file too: Lua tables nested 33 deep are a 400 that says where', async () => {
      const officer = platform.token({ rank: 4 });
      const response = await fetch(`${platform.gatewayUrl}/api/v1/guild-sync/addon-uploads`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${officer}` },
        body: `PATTSyncDB = ${'{'.repeat(33)}${'}'.repeat(33)}`,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        ok: false,
        code: 'VALIDATION_FAILED',
        error: expect.stringContaining('tables are nested more than 32 deep'),
        details: [{ line: 1, column: expect.any(Number), limit: 'maxDepth' }],
      });
    });
  });

  describe('headers', () => {
    it('sends nosniff on every /api answer and no-store on each answer that carries a token, a key or a code', async () => {
      const forwardedFor = { 'x-forwarded-for': '203.0.113.50' };
      const login = await call('/api/v1/auth/login', { body: ADMIN, headers: forwardedFor });
      const refreshed = await call('/api/v1/auth/refresh', { body: { refreshToken: login.body.data?.['refreshToken'] }, headers: forwardedFor });
      const token = refreshed.body.data?.['accessToken'] as string;
      const apiKey = await call('/api/v1/auth/api-keys', { body: { name: 'edge headers' }, token });
      const invite = await call(`/api/v1/members/${await memberKnownToAuth(platform, { discordUsername: 'raistlin' })}/invites`, { body: {}, token });
      const failedLogin = await call('/api/v1/auth/login', { body: { username: 'nobody-here', password: 'wrong password' }, headers: forwardedFor });
      const badRegister = await call('/api/v1/auth/register', { body: { inviteCode: 'x' }, headers: forwardedFor });
      expect([login, refreshed, apiKey, invite, failedLogin, badRegister].map((a) => a.status)).toEqual([200, 200, 201, 201, 401, 400]);
      for (const answer of [login, refreshed, apiKey, invite, failedLogin, badRegister]) {
        expect(answer.headers.get('cache-control')).toBe('no-store');
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      }

      // Answers without secrets: nosniff, and caching left alone.
      const others = [
        await call('/api/v1/auth/me', { token }),
        await call('/api/v1/auth/api-keys', { token }),
        await call('/api/v1/ranks'),
        await call('/api/v1/nowhere'),
        await call('/api/v1/version'),
        await call('/api/openapi.json'),
      ];
      for (const answer of others) {
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
        expect(answer.headers.get('cache-control')).toBeNull();
      }
      expect(others.map((a) => a.status)).toEqual([200, 200, 401, 404, 200, 200]);
    });

    it('sends HSTS only over https: a trusted proxy saying so, never a client saying so', async () => {
      // Behind one trusted hop (this gateway's peer is the proxy).
      const behindHttps = await call('/api/v1/version', { headers: { 'x-forwarded-proto': 'https' } });
      expect(behindHttps.headers.get('strict-transport-security')).toBe(HSTS);
      expect(HSTS).toBe('max-age=31536000');
      expect((await call('/api/v1/version')).headers.get('strict-transport-security')).toBeNull();
      expect((await call('/api/v1/version', { headers: { 'x-forwarded-proto': 'http' } })).headers.get('strict-transport-security')).toBeNull();

      // A client that is not a trusted proxy says https: not believed.
      let untrusting: NestFastifyApplication | undefined;
      try {
        untrusting = await createGateway(loadConfig('gateway', GatewayConfig, { ...platform.envOf('gateway'), TRUST_PROXY: '10.0.0.0/8', LOG_LEVEL: 'silent' }));
        const fromClient = await untrusting.inject({ method: 'GET', url: '/api/v1/version', remoteAddress: '203.0.113.60', headers: { 'x-forwarded-proto': 'https' } });
        expect(fromClient.headers['strict-transport-security']).toBeUndefined();
        expect(fromClient.headers['x-content-type-options']).toBe('nosniff');
        const fromProxy = await untrusting.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: '10.0.0.5',
          headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.61', 'content-type': 'application/json' },
          payload: JSON.stringify(ADMIN),
        });
        expect(fromProxy.statusCode).toBe(200);
        expect(fromProxy.headers['strict-transport-security']).toBe(HSTS);
        expect(fromProxy.headers['cache-control']).toBe('no-store');
      } finally {
        await untrusting?.close();
      }
    });
  });
});
