import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { ConfigError, loadConfig } from '@patt/service-kit';
import { testBus } from '@patt/testing';
import { createGateway } from '../src/app/create-gateway';
import { GatewayConfig } from '../src/app/gateway.config';
import { WEB_APP_CSP } from '../src/web/web-app';

jest.setTimeout(60_000);

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-AbCd1234.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("the app");';

/** A build as Vite lays it out: index.html, fingerprinted assets/, unhashed files at the root. */
function fakeBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'patt-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'index-AbCd1234.js'), SCRIPT);
  // As tools/build/precompress.mjs leaves them in the image.
  writeFileSync(join(root, 'assets', 'index-AbCd1234.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(root, 'assets', 'index-AbCd1234.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  return root;
}

function gatewayConfig(env: Record<string, string> = {}): GatewayConfig {
  // No services answer on this bus: the web app needs none, and API calls end in a quick 503.
  const bus = testBus(`web${randomBytes(3).toString('hex')}`);
  return loadConfig('gateway', GatewayConfig, {
    JWT_SECRET: randomBytes(32).toString('hex'),
    NATS_URL: bus.natsUrl,
    NATS_SUBJECT_ROOT: bus.subjectRoot,
    NATS_REQUEST_TIMEOUT_MS: '150',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the gateway serves the web app at /', () => {
  let app: NestFastifyApplication;
  let root: string;
  const get = (url: string, headers: Record<string, string> = { accept: HTML }) => app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    root = fakeBuild();
    app = await createGateway(gatewayConfig({ WEB_ROOT: root }));
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers / with index.html, revalidated on every use and under a strict content security policy', async () => {
    const response = await get('/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toBe(INDEX);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toBe(WEB_APP_CSP);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    // Entry pictures of votes come from wherever the guild keeps its art, over https only.
    expect(response.headers['content-security-policy']).toContain("img-src 'self' data: https:;");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['vary']).toBe('accept-encoding');

    const again = await get('/', { accept: HTML, 'if-none-match': String(response.headers['etag']) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it.each(['/roster', '/members/5d0f7c4e-2a8e-4c1b-9d62-0c7b3f3c9a10', '/register?code=Ab_Cd-123', '/officers/sync/'])(
    'falls back to index.html for the deep link %s',
    async (url) => {
      const response = await get(url);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(INDEX);
      expect(response.headers['cache-control']).toBe('no-cache');
    },
  );

  it('caches fingerprinted assets for a year as immutable, and other files for an hour', async () => {
    const script = await get('/assets/index-AbCd1234.js', { accept: '*/*' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.body).toBe(SCRIPT);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const icon = await get('/favicon.svg', { accept: 'image/*' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('sends the precompressed copy a browser accepts, the file itself to one that accepts none', async () => {
    const asset = '/assets/index-AbCd1234.js';
    const brotli = await app.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.rawPayload).toEqual(brotliCompressSync(SCRIPT));
    expect(brotli.headers['vary']).toMatch(/accept-encoding/i);
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gzip = await app.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.rawPayload).toEqual(gzipSync(SCRIPT));
    const plain = await app.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
  });

  it('answers HEAD like GET, without a body', async () => {
    const response = await app.inject({ method: 'HEAD', url: '/roster', headers: { accept: HTML } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toBe('');
  });

  it('keeps /api and /health the API’s: an unknown path there is the envelope 404, even asked for as HTML', async () => {
    for (const url of ['/api', '/api/', '/api/v1/nowhere', '/api/v2/members', '/health/deep']) {
      const response = await get(url);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 404 });
      expect(response.json()).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    }
  });

  it('still guards API routes asked for as HTML, and still serves the health check and the docs', async () => {
    const ranks = await get('/api/v1/ranks');
    expect(ranks.statusCode).toBe(401);
    expect(ranks.json()).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    const health = await get('/health');
    expect(health.headers['content-type']).toMatch(/^application\/json/);
    expect(health.json()).toMatchObject({ ok: true, data: { status: 'down' } });
    const docs = await get('/api/docs');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('answers a missing file, a page not asked for as HTML and a non-GET with the envelope 404', async () => {
    const missing = await get('/assets/index-Missing1.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ ok: false, code: 'NOT_FOUND' });

    const asJson = await get('/roster', { accept: 'application/json' });
    expect(asJson.statusCode).toBe(404);
    expect(asJson.json()).toMatchObject({ ok: false, code: 'NOT_FOUND' });

    const posted = await app.inject({ method: 'POST', url: '/roster', headers: { accept: HTML, 'content-type': 'application/json' }, payload: '{}' });
    expect(posted.statusCode).toBe(404);
    expect(posted.json()).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('serves nothing outside its directory, and no dotfiles', async () => {
    for (const url of ['/.env', '/%2e%2e/package.json', '/assets/%2e%2e/%2e%2e/package.json', '/..%2fpackage.json', '/assets%5c..%5c..%5cpackage.json', '/%E0%A4%A', '/x%00.js']) {
      const response = await get(url, { accept: '*/*' });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.body).not.toContain('SECRET');
      expect(response.body).not.toContain('"name": "@patt/source"');
    }
  });

  it('answers a request the file cannot meet with a 4xx envelope, not an error', async () => {
    const response = await get('/assets/index-AbCd1234.js', { accept: '*/*', 'if-match': '"not-this-one"' });
    expect(response.statusCode).toBe(412);
    expect(response.json()).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });
});

describe('without a built web app', () => {
  let app: NestFastifyApplication;
  let elsewhere: string;
  const cwd = process.cwd();

  beforeAll(async () => {
    // WEB_ROOT unset and no dist/apps/web under the working directory: the API alone.
    elsewhere = mkdtempSync(join(tmpdir(), 'patt-no-web-'));
    process.chdir(elsewhere);
    app = await createGateway(gatewayConfig());
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    process.chdir(cwd);
    await app?.close();
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('says at / that it serves the API only, and where the API is', async () => {
    const response = await app.inject({ method: 'GET', url: '/', headers: { accept: HTML } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ ok: false, code: 'NOT_FOUND', error: expect.stringMatching(/API only.*WEB_ROOT.*\/api\/docs/) });
    const deep = await app.inject({ method: 'GET', url: '/roster', headers: { accept: HTML } });
    expect(deep.statusCode).toBe(404);
    expect(deep.json()).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('WEB_ROOT', () => {
  it('must hold a built app when set: the gateway refuses to start and says how to fix it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'patt-empty-web-'));
    try {
      expect(() => gatewayConfig({ WEB_ROOT: empty })).toThrow(ConfigError);
      expect(() => gatewayConfig({ WEB_ROOT: join(empty, 'nowhere') })).toThrow(/WEB_ROOT must be a directory holding the built web app.*nx build web/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
