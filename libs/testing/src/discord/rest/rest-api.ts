import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallLog, DiscordRestCall } from './call-log';
import { DiscordErrors, DiscordHttpError } from './errors';
import type { RouteRateLimiter } from './rate-limiter';
import type { RestResult, RestRouter } from './router';

export interface RestApiOptions {
  token: string;
  /** Where the API lives on the server, e.g. '/api'. */
  basePath: string;
  router: RestRouter;
  limiter: RouteRateLimiter;
  log: CallLog;
}

const MAX_BODY_BYTES = 1024 * 1024;

interface Answer extends RestResult {
  headers: Record<string, string>;
}

/** Answers held back: the call is applied and logged, its answer waits until released. */
export interface HeldAnswers {
  /** Calls whose answers are waiting. */
  readonly held: number;
  /** Sends every waiting answer (to clients still listening) and holds no more. */
  release(): void;
}

/**
 * Discord's REST door: bot-token auth, JSON bodies, routing, per-route rate limits with Discord's
 * headers, JSON error bodies, and a log of every call.
 */
export class RestApi {
  private rateLimitHits = 0;
  private readonly holds = new Set<{ route: string; waiting: Array<() => void>; released: boolean }>();

  constructor(private readonly options: RestApiOptions) {}

  /**
   * Holds back the answers of successful calls to `route`: Discord applied them, but the caller
   * hears nothing until `release()` (or never, if it dies meanwhile): the window between Discord
   * accepting a call and the bot recording it.
   */
  holdAnswers(route: string): HeldAnswers {
    const hold = { route, waiting: [] as Array<() => void>, released: false };
    this.holds.add(hold);
    return {
      get held() {
        return hold.waiting.length;
      },
      release: () => {
        hold.released = true;
        this.holds.delete(hold);
        hold.waiting.splice(0).forEach((resume) => resume());
      },
    };
  }

  /** How many requests were answered 429. */
  get rateLimited(): number {
    return this.rateLimitHits;
  }

  /** True when the request is under the API base path (and was answered). */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://stand-in.invalid');
    const { basePath } = this.options;
    if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) return false;
    const path = url.pathname.slice(basePath.length).replace(/^\/v10(?=\/|$)/, '') || '/';
    const method = (request.method ?? 'GET').toUpperCase();
    const call: DiscordRestCall = {
      seq: this.options.log.nextSeq(),
      at: Date.now(),
      method,
      path,
      route: null,
      params: {},
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      status: 0,
    };
    const reasonHeader = request.headers['x-audit-log-reason'];
    if (typeof reasonHeader === 'string') call.reason = safeDecode(reasonHeader);

    let answer: Answer;
    try {
      const rawBody = await readBody(request);
      answer = this.answer(request, method, path, url.searchParams, rawBody, call);
    } catch (error) {
      answer = errorAnswer(error, {});
    }
    call.status = answer.status;
    if (answer.status >= 400 && isErrorBody(answer.body)) call.errorCode = answer.body.code;
    this.options.log.add(call);
    const hold = answer.status < 400 ? [...this.holds].find((candidate) => candidate.route === call.route) : undefined;
    if (hold) await new Promise<void>((resume) => hold.waiting.push(resume));
    if (response.destroyed) return true;
    send(response, answer);
    return true;
  }

  private answer(
    request: IncomingMessage,
    method: string,
    path: string,
    query: URLSearchParams,
    rawBody: string,
    call: DiscordRestCall,
  ): Answer {
    const match = this.options.router.match(method, path);
    const authorised = request.headers.authorization === `Bot ${this.options.token}`;
    if (!authorised && (match.kind !== 'found' || match.auth)) return errorAnswer(DiscordErrors.unauthorized(), {});
    if (match.kind === 'not-found') return errorAnswer(DiscordErrors.notFound(), {});
    if (match.kind === 'method-not-allowed') return errorAnswer(DiscordErrors.methodNotAllowed(), {});
    call.route = match.key;
    call.params = match.params;

    let body: unknown;
    try {
      body = parseBody(request.headers['content-type'], rawBody);
    } catch (error) {
      return errorAnswer(error, {});
    }
    call.body = body;

    const major = match.params['guildId'] ?? match.params['channelId'] ?? 'global';
    const decision = this.options.limiter.take(match.key, major);
    const headers = decision?.headers ?? {};
    if (decision) call.bucket = decision.bucket;
    if (decision && !decision.allowed) {
      this.rateLimitHits += 1;
      return {
        status: 429,
        headers,
        body: { message: 'You are being rate limited.', retry_after: decision.retryAfter ?? 0, global: false },
      };
    }
    try {
      const result = match.handler({ method, path, route: match.key, params: match.params, query, body, reason: call.reason });
      return { ...result, headers };
    } catch (error) {
      return errorAnswer(error, headers);
    }
  }
}

function errorAnswer(error: unknown, headers: Record<string, string>): Answer {
  if (error instanceof DiscordHttpError) return { status: error.status, body: error.body, headers };
  console.error('Discord stand-in: a route failed', error);
  return { status: 500, body: { message: '500: Internal Server Error', code: 0 }, headers };
}

function isErrorBody(body: unknown): body is { code: number } {
  return typeof body === 'object' && body !== null && 'code' in body && typeof body.code === 'number';
}

function parseBody(contentType: string | undefined, raw: string): unknown {
  if (raw.length === 0) return undefined;
  if (contentType && !contentType.toLowerCase().startsWith('application/json')) throw DiscordErrors.unsupportedContentType();
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw DiscordErrors.invalidJson();
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new DiscordHttpError(413, { code: 40005, message: 'Request entity too large' }));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: Answer): void {
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.status === 204 || answer.body === undefined) {
    response.writeHead(answer.status, headers);
    response.end();
    return;
  }
  const payload = JSON.stringify(answer.body);
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  response.writeHead(answer.status, headers);
  response.end(payload);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
