import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, Failure } from '@patt/contracts';
import { webRootOf } from './web-root';

/** Vite fingerprints every file it emits under assets/: a changed file gets a new name. */
const HASHED_ASSETS = '/assets/';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;
/** Other files at the root (favicon, robots.txt) keep their names across builds: revalidate often. */
const UNHASHED_MAX_AGE_MS = 3600 * 1000;

/**
 * The page's scripts and styles come from this origin only, and it talks to this origin only (the
 * API is same-origin): an injected script cannot load more code, nor send a token elsewhere.
 * Inline style attributes are allowed (React's `style` prop); inline scripts are not. Images may
 * come from any https address: a vote's entries show the pictures officers link (an entry's
 * `imageUrl`, libs/contracts/src/api/campaigns.ts), wherever the guild keeps its art; an image carries no script and reads nothing.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the API (and its docs) or the health check, never to the web app. */
export function isApiPath(path: string): boolean {
  return ['/api', '/health'].some((root) => path === root || path.startsWith(`${root}/`));
}

/**
 * The decoded path of a request URL, or null when it is not one a file of the build could have:
 * bad percent-encoding, a `..` segment, a backslash or a NUL (send would refuse those too, as an
 * error rather than a 404).
 */
function pathOf(url: string): string | null {
  const raw = url.split('?', 1)[0] ?? '/';
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (path.includes('\\') || path.includes('\0') || path.split('/').includes('..')) return null;
  return path;
}

function acceptsHtml(request: FastifyRequest): boolean {
  return /\btext\/html\b/i.test(request.headers.accept ?? '');
}

/** A path whose last segment has no extension: a page of the app (/roster, /members/…), not a file. */
function looksLikePage(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/**
 * A file may go out as its .br or .gz copy (preCompressed), chosen by Accept-Encoding; caches
 * must key on it. @fastify/static does not say so itself.
 */
const VARY = 'accept-encoding';

// X-Content-Type-Options and HSTS: on every answer of the gateway (http/security-headers.ts).
function sendIndex(reply: FastifyReply): FastifyReply {
  // no-cache, not no-store: the browser keeps it but asks (ETag) before each use, so a new build
  // is seen at once while an unchanged one costs a 304.
  return reply
    .header('vary', VARY)
    .header('cache-control', 'no-cache')
    .header('content-security-policy', WEB_APP_CSP)
    .header('referrer-policy', 'same-origin')
    .sendFile('index.html', { cacheControl: false });
}

function sendAsset(reply: FastifyReply, path: string): FastifyReply {
  void reply.header('vary', VARY);
  if (path.startsWith(HASHED_ASSETS)) return reply.sendFile(path, { maxAge: ONE_YEAR_MS, immutable: true });
  return reply.sendFile(path, { maxAge: UNHASHED_MAX_AGE_MS });
}

/**
 * One GET route for everything outside the API: files of the build, and index.html for any page
 * of the app a person opens directly (a deep link, a reload, the invite link /register?code=…), so
 * the app's router takes it from there. Under /api and /health, and for anything that is neither
 * a file nor a page asked for as HTML, it falls through to the API's 404 envelope.
 */
function webAppRoute(fastify: FastifyInstance): void {
  fastify.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    // What send refuses (a failed If-Match precondition…) is the client's doing: its status in the
    // envelope, not the 500 an unknown error would become.
    errorHandler: (error: { statusCode?: number; status?: number }, request, reply) => {
      const status = error.statusCode ?? error.status ?? 500;
      if (status >= 400 && status < 500) return reply.code(status).send(failure(ErrorCode.BadRequest, 'This file cannot be sent as the request asks.'));
      return fastify.errorHandler(error as Error, request, reply);
    },
    handler: (request, reply) => {
      const path = pathOf(request.url);
      if (path === null || isApiPath(path)) return reply.callNotFound();
      if (path === '/' || path === '/index.html') return sendIndex(reply);
      if (looksLikePage(path)) return acceptsHtml(request) ? sendIndex(reply) : reply.callNotFound();
      return sendAsset(reply, path);
    },
  });
}

/** Without a build, `/` says where the API is rather than a bare 404. */
function apiOnlyRoute(fastify: FastifyInstance): void {
  const body = failure(
    ErrorCode.NotFound,
    'This gateway serves the API only: no web app is built. Build it (npx nx build web) or set WEB_ROOT; the API is under /api/v1, its documentation at /api/docs.',
  );
  fastify.get('/', (_request, reply) => reply.code(404).send(body));
}

function failure(code: ErrorCode, error: string): Failure {
  return { ok: false, code, error };
}

/**
 * Serves the web app at / on the API's origin (so its calls need no CORS and the refresh cookie
 * stays same-site). The routes live on Fastify, outside Nest's controllers: they are public by
 * nature, and the access guard (which only Nest routes pass through) has nothing to decide here.
 * Returns the directory served, or null when the gateway runs API-only.
 */
export async function serveWebApp(app: NestFastifyApplication, configuredRoot: string | undefined): Promise<string | null> {
  const root = webRootOf(configuredRoot);
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  if (!root) {
    apiOnlyRoute(fastify);
    return null;
  }
  // serve: false: only reply.sendFile, whose paths @fastify/send confines to the root (no `..`).
  // preCompressed: the .br/.gz copies beside the files (tools/build/precompress.mjs, run when the
  // image is built) go out as they are, to a browser that accepts them.
  await app.register(fastifyStatic, { root, serve: false, dotfiles: 'ignore', preCompressed: true, index: false, acceptRanges: false });
  webAppRoute(fastify);
  return root;
}
