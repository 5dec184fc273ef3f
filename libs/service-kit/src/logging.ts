import { DynamicModule, RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { Headers } from '@patt/contracts';
import { correlationIdFrom, currentContext } from './context';

/**
 * Fields that may carry secrets, wherever they appear in a log line. Pino removes them before a
 * line is written; a value logged by mistake never reaches the log.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.code',
  '*.inviteCode',
  '*.key',
  '*.secret',
  '*.clientSecret',
  '*.browserSecret',
  '*.codeVerifier',
  '*.DATABASE_URL',
  // A NATS connection's options (nats' `pass`) and a service's NATS password.
  '*.pass',
  '*.NATS_PASSWORD',
  // A failed query's error carries its parameters, which may be codes or hashes.
  'err.parameters',
  '*.parameters',
  'err.driverError.parameters',
  'password',
  'accessToken',
  'refreshToken',
  'token',
  'secret',
];

/** Query parameters whose values are secrets (an OAuth callback's code and state, tokens, keys). */
const SECRET_QUERY_PARAMETERS = new Set(['code', 'state', 'token', 'access_token', 'refresh_token', 'key', 'code_verifier', 'client_secret']);

/** A request's URL as logged: the values of secret query parameters replaced (`?code=[redacted]`). */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const kept = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0] ?? '';
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // a malformed name is logged as it came
      }
      return SECRET_QUERY_PARAMETERS.has(decoded.toLowerCase()) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, query)}?${kept.join('&')}`;
}

function mixin(): Record<string, unknown> {
  const context = currentContext();
  return context ? { correlationId: context.correlationId } : {};
}

export function pinoOptions(service: string, level: string): pino.LoggerOptions {
  return {
    name: service,
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin,
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** A plain pino logger for code that runs outside Nest (launchers, relays before the app is up). */
export function createLogger(service: string, level = process.env['LOG_LEVEL'] ?? 'info'): pino.Logger {
  return pino(pinoOptions(service, level));
}

/**
 * Standard output written without blocking the event loop: lines are buffered and written by
 * sonic-boom asynchronously (pino flushes what is left synchronously when the process exits).
 * A synchronous write per line was about a quarter of the gateway's CPU under load.
 */
function asyncStdout(): pino.DestinationStream {
  // minLength 0: a line goes out at once when nothing is being written; while a write is under
  // way, the next lines gather and go together (a quiet service's lines are not held back).
  return pino.destination({ dest: 1, sync: false, minLength: 0 });
}

const rootLoggers = new Map<string, pino.Logger>();

/** A service's one root logger (Nest's logs and its request lines go through it), made at its first use. */
export function rootLogger(service: string, level: string): pino.Logger {
  const key = `${service}\u0000${level}`;
  let logger = rootLoggers.get(key);
  if (!logger) rootLoggers.set(key, (logger = pino(pinoOptions(service, level), asyncStdout())));
  return logger;
}

/**
 * JSON logs with the service's name on every line and the correlation id of the work in hand
 * (the mixin reads it from the work context). A service that logs its HTTP requests (the
 * gateway) logs them itself, one line per request (requestLog below), so nestjs-pino's per-request
 * middleware, which made a child logger for every request, is not installed; the others keep it
 * for their probes, with no request lines.
 */
export function loggingModule(service: string, level: string, options: { logRequests: boolean }): DynamicModule {
  const logger = rootLogger(service, level);
  return LoggerModule.forRoot({
    // Nest 11's path syntax for "every route"; nestjs-pino's default ('*') warns under it.
    forRoutes: options.logRequests ? [] : [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      logger,
      autoLogging: false,
      genReqId: (req: IncomingMessage) => correlationIdFrom(req.headers[Headers.CorrelationId]) ?? randomUUID(),
      customProps: (req: IncomingMessage & { id?: unknown }) => ({ correlationId: req.id }),
      quietReqLogger: true,
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  });
}

export interface RequestLogOptions {
  /** Requests answered slower than this are always logged one by one. */
  slowMs: number;
  /** Fast successful requests logged one by one per second; those past it are summarised. */
  linesPerSecond: number;
  /** How often the summary of the requests not logged one by one is written. */
  summaryEveryMs: number;
  now?: () => number;
}

export const DEFAULT_REQUEST_LOG: RequestLogOptions = { slowMs: 1000, linesPerSecond: 50, summaryEveryMs: 10_000 };

interface RouteSummary {
  count: number;
  totalMs: number;
  maxMs: number;
  statuses: Record<number, number>;
}

/**
 * One line per request, as long as a busy service would not write thousands a second: every error
 * (status ≥ 400) and every slow request is logged, and fast successes up to `linesPerSecond` a
 * second; the rest are counted per route and written as one summary line every `summaryEveryMs`
 * (count, mean and max time, statuses), so nothing goes unrecorded.
 */
export class RequestLog {
  private windowStart = 0;
  private linesInWindow = 0;
  private summary = new Map<string, RouteSummary>();
  private summaryStart: number;
  private readonly now: () => number;

  constructor(
    private readonly logger: pino.Logger,
    private readonly options: RequestLogOptions = DEFAULT_REQUEST_LOG,
  ) {
    this.now = options.now ?? Date.now;
    this.summaryStart = this.now();
  }

  /** A request answered: `route` is its route's pattern (not its URL), for the summary. */
  completed(request: { method: string; url: string; route: string; correlationId: string; statusCode: number; ms: number }): void {
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.linesInWindow = 0;
    }
    const responseTime = Math.round(request.ms * 10) / 10;
    const line = () => ({ correlationId: request.correlationId, req: { method: request.method, url: redactUrl(request.url) }, res: { statusCode: request.statusCode }, responseTime });
    if (request.statusCode >= 500) this.logger.error(line(), 'request failed');
    else if (request.statusCode >= 400) this.logger.warn(line(), 'request refused');
    else if (request.ms >= this.options.slowMs) this.logger.warn(line(), 'slow request');
    else if (this.linesInWindow < this.options.linesPerSecond) {
      this.linesInWindow += 1;
      this.logger.info(line(), 'request completed');
    } else {
      const key = `${request.method} ${request.route}`;
      let route = this.summary.get(key);
      if (!route) this.summary.set(key, (route = { count: 0, totalMs: 0, maxMs: 0, statuses: {} }));
      route.count += 1;
      route.totalMs += request.ms;
      if (request.ms > route.maxMs) route.maxMs = request.ms;
      route.statuses[request.statusCode] = (route.statuses[request.statusCode] ?? 0) + 1;
    }
    if (now - this.summaryStart >= this.options.summaryEveryMs) this.flush();
  }

  /** Writes the summary of the requests not logged one by one since the last, if any. */
  flush(): void {
    const now = this.now();
    if (this.summary.size > 0) {
      const routes = Object.fromEntries(
        [...this.summary].map(([key, r]) => [key, { count: r.count, meanMs: Math.round((r.totalMs / r.count) * 10) / 10, maxMs: Math.round(r.maxMs * 10) / 10, statuses: r.statuses }]),
      );
      const count = [...this.summary.values()].reduce((sum, r) => sum + r.count, 0);
      this.logger.info({ requestsSummarised: count, windowMs: now - this.summaryStart, routes }, 'requests summarised');
      this.summary = new Map();
    }
    this.summaryStart = now;
  }
}
