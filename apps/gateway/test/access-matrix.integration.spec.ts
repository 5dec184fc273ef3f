import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import { assertEveryRouteGuarded, routesOf, routesOutsideNest } from '../src/access/route-audit';
import { startLoneGateway } from './support/lone-gateway';

/**
 * The "who" of docs/api.md ("Who may call what"), route by route. Every route the gateway serves must be here, and the
 * matrix below proves each answers anonymous callers and every rank as this table says.
 */
/**
 * `officer-or-api-key`: an Officer+ token, or an API key (only the addon upload takes keys).
 * `public-token-optional`: anyone, and a caller who sends a token is known by it (a bad one is a 401).
 */
type Who = 'public' | 'public-token-optional' | 'any' | 'officer' | 'officer-or-api-key' | 'guild-leader';
const API_WHO: Record<string, Who> = {
  'GET /health': 'public',
  'GET /api/v1/version': 'public',
  'POST /api/v1/auth/register': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/reset-password': 'public',
  'POST /api/v1/auth/password': 'any',
  'POST /api/v1/auth/refresh': 'public',
  'POST /api/v1/auth/oauth/discord': 'public',
  'GET /api/v1/auth/oauth/discord/callback': 'public',
  'POST /api/v1/auth/oauth/battlenet': 'any',
  'GET /api/v1/auth/oauth/battlenet/callback': 'public',
  'POST /api/v1/auth/logout': 'any',
  'GET /api/v1/auth/me': 'any',
  'POST /api/v1/auth/api-keys': 'officer',
  'GET /api/v1/auth/api-keys': 'officer',
  'DELETE /api/v1/auth/api-keys/:id': 'officer',
  'GET /api/v1/ranks': 'any',
  'PATCH /api/v1/ranks/:level': 'guild-leader',
  'GET /api/v1/members': 'any',
  'GET /api/v1/members/:id': 'any',
  'PATCH /api/v1/members/:id': 'officer',
  'POST /api/v1/members/:id/invites': 'officer',
  'GET /api/v1/members/:id/invites': 'officer',
  'DELETE /api/v1/invites/:id': 'officer',
  'POST /api/v1/members/:id/account/disable': 'officer',
  'POST /api/v1/members/:id/account/enable': 'officer',
  'GET /api/v1/characters': 'any',
  'GET /api/v1/characters/:id': 'any',
  'GET /api/v1/characters/:id/history': 'any',
  'POST /api/v1/guild-sync/runs': 'officer',
  'GET /api/v1/guild-sync/runs': 'officer',
  'GET /api/v1/guild-sync/runs/:id': 'officer',
  'GET /api/v1/guild-sync/roster-events': 'officer',
  'POST /api/v1/guild-sync/addon-uploads': 'officer-or-api-key',
  'GET /api/v1/guild-sync/status': 'officer',
  'POST /api/v1/identity/links': 'officer',
  'DELETE /api/v1/identity/links/:id': 'officer',
  'GET /api/v1/identity/suggestions': 'officer',
  'POST /api/v1/identity/suggestions/:id/confirm': 'officer',
  'POST /api/v1/identity/suggestions/:id/reject': 'officer',
  'POST /api/v1/identity/matching-runs': 'officer',
  'GET /api/v1/identity/issues': 'officer',
  'GET /api/v1/identity/conflicts': 'officer',
  'POST /api/v1/identity/integrity-runs': 'officer',
  'POST /api/v1/identity/reports': 'officer',
  'POST /api/v1/identity/imports': 'officer',
  'GET /api/v1/identity/battlenet-coverage': 'officer',
  'POST /api/v1/identity/battlenet-reminders': 'officer',
  'GET /api/v1/identity/battlenet/mine': 'any',
  'GET /api/v1/discord/members': 'officer',
  'GET /api/v1/discord/roles': 'officer',
  'POST /api/v1/discord/syncs': 'officer',
  'GET /api/v1/campaigns': 'public-token-optional',
  'POST /api/v1/campaigns': 'officer',
  'GET /api/v1/campaigns/:id': 'public-token-optional',
  'PATCH /api/v1/campaigns/:id': 'officer',
  'DELETE /api/v1/campaigns/:id': 'officer',
  'POST /api/v1/campaigns/:id/entries': 'officer',
  'PATCH /api/v1/campaigns/:id/entries/:entryId': 'officer',
  'DELETE /api/v1/campaigns/:id/entries/:entryId': 'officer',
  'POST /api/v1/campaigns/:id/open': 'officer',
  'POST /api/v1/campaigns/:id/close': 'officer',
  'POST /api/v1/campaigns/:id/ballots': 'any',
  'GET /api/v1/campaigns/:id/ballots/mine': 'any',
  'GET /api/v1/campaigns/:id/results': 'public-token-optional',
  'GET /api/v1/ops/dead-letters': 'guild-leader',
  'POST /api/v1/ops/dead-letters/:id/replay': 'guild-leader',
  'DELETE /api/v1/ops/dead-letters/:id': 'guild-leader',
};
/**
 * The body each probe sends: `{}`, except where `{}` alone is itself a missing credential the
 * route answers with its own 401 (a refresh with no token and no cookie). There a token that
 * passes validation shows that the door let the caller through (to auth, which is not there: 503).
 */
const PROBE_BODY: Record<string, string> = { 'POST /api/v1/auth/refresh': JSON.stringify({ refreshToken: 'rt_access-matrix-probe' }) };
type Ranked = Exclude<Who, 'public' | 'public-token-optional'>;
const MINIMUM: Record<Ranked, number> = { any: 1, officer: 4, 'officer-or-api-key': 4, 'guild-leader': 5 };

/**
 * Routes served outside Nest's controllers, which no access guard sees: public by nature (the API's
 * documentation, and the web app's files and pages), and never under /api/v1.
 */
const isDocs = (url: string) => url === '/api/openapi.json' || url === '/api/docs' || url.startsWith('/api/docs/') || url === '/api/docs-yaml';
const WEB_APP = ['GET /*', 'HEAD /*'];

jest.setTimeout(120_000);

describe('every gateway route against anonymous callers and each rank', () => {
  let app: NestFastifyApplication;
  let webRoot: string;
  const secret = randomBytes(32).toString('hex');
  const token = (rank: number) =>
    sign({ sub: randomUUID(), usr: `rank${rank}`, pid: null, rnk: rank }, secret, {
      algorithm: 'HS256',
      issuer: 'patt-auth',
      audience: 'patt-api',
      expiresIn: 600,
    });

  beforeAll(async () => {
    // No services answer on this bus: a request that passes the door ends in a quick 503.
    webRoot = mkdtempSync(join(tmpdir(), 'patt-matrix-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>PATT</title>');
    app = await startLoneGateway('matrix', secret, { WEB_ROOT: webRoot });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('has every route in the table of docs/api.md, and each declares the rule the table gives', () => {
    const routes = routesOf(app);
    const served = routes.map((r) => `${r.method} ${r.path.startsWith('/health') ? r.path : `/api/v1${r.path}`}`);
    expect(served.filter((route) => !(route in API_WHO))).toEqual([]);
    for (const route of routes) {
      const key = `${route.method} ${route.path.startsWith('/health') ? route.path : `/api/v1${route.path}`}`;
      const who = API_WHO[key];
      if (who === 'public') expect(route.rule).toEqual({ kind: 'public' });
      else if (who === 'public-token-optional') expect(route.rule).toEqual({ kind: 'public', token: 'optional' });
      else {
        expect(route.rule).toMatchObject({ kind: 'rank', minimum: MINIMUM[who as Ranked] });
        expect({ key, apiKey: route.rule?.kind === 'rank' && route.rule.apiKey === true }).toEqual({ key, apiKey: who === 'officer-or-api-key' });
      }
    }
  });

  it('answers each caller as the table says', async () => {
    const failures: string[] = [];
    for (const route of routesOf(app)) {
      const path = route.path.startsWith('/health') ? route.path : `/api/v1${route.path}`;
      const who = API_WHO[`${route.method} ${path}`] as Who;
      const url = path.replace(':id', randomUUID()).replace(':entryId', randomUUID()).replace(':level', '3');
      for (const caller of ['anonymous', 'api-key', 'bad-token', 1, 2, 3, 4, 5] as const) {
        const response = await app.inject({
          method: route.method as 'GET',
          url,
          headers: {
            ...(caller === 'anonymous'
              ? {}
              : caller === 'api-key'
                ? { 'x-api-key': 'patt_any-key' }
                : caller === 'bad-token'
                  ? { authorization: `Bearer ${token(5).slice(0, -4)}AAAA` }
                  : { authorization: `Bearer ${token(caller)}` }),
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
          },
          payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : (PROBE_BODY[`${route.method} ${path}`] ?? '{}'),
        });
        // No auth service answers here: a key passes the door of the upload only, to a 503.
        // A bad token is refused wherever a token is read: every route but the plainly public ones.
        const expected =
          who === 'public'
            ? 'open'
            : caller === 'bad-token'
              ? 401
              : who === 'public-token-optional'
                ? 'open'
                : caller === 'anonymous'
                  ? 401
                  : caller === 'api-key'
                    ? who === 'officer-or-api-key' ? 'open' : 401
                    : caller < MINIMUM[who] ? 403 : 'open';
        const got = response.statusCode;
        const ok = expected === 'open' ? got !== 401 && got !== 403 : got === expected;
        if (!ok) failures.push(`${route.method} ${path} as ${caller}: ${got}, expected ${expected}`);
        if (got >= 500 && got !== 503) failures.push(`${route.method} ${path} as ${caller}: ${got} ${response.body}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('serves outside Nest only the docs and the web app, each to anyone', async () => {
    const outside = routesOutsideNest(app);
    expect(outside.filter((r) => !isDocs(r.url) && !WEB_APP.includes(`${r.method} ${r.url}`))).toEqual([]);
    expect(outside.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining([...WEB_APP, 'GET /api/docs', 'GET /api/openapi.json']));
    for (const url of ['/api/docs', '/api/openapi.json', '/', '/roster']) {
      const response = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
    }
  });

  it('refuses to start when a route under /api/v1 would bypass the guard', () => {
    const sneaky = [...routesOutsideNest(app), { method: 'GET', url: '/api/v1/members/export' }];
    expect(() => assertEveryRouteGuarded(app, '/api/v1', sneaky)).toThrow(/outside Nest's controllers.*GET \/api\/v1\/members\/export/);
    expect(() => assertEveryRouteGuarded(app, '/api/v1')).not.toThrow();
  });
});
