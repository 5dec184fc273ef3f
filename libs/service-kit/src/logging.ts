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
  '*.DATABASE_URL',
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
 * JSON logs with the service's name on every line and the correlation id of the work in hand.
 * HTTP requests take the caller's `x-correlation-id` or get a new one; probes are not logged.
 */
export function loggingModule(service: string, level: string, options: { logRequests: boolean }): DynamicModule {
  return LoggerModule.forRoot({
    // Nest 11's path syntax for "every route"; nestjs-pino's default ('*') warns under it.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      ...pinoOptions(service, level),
      autoLogging: options.logRequests ? { ignore: (req) => (req.url ?? '').startsWith('/health') } : false,
      genReqId: (req: IncomingMessage) => correlationIdFrom(req.headers[Headers.CorrelationId]) ?? randomUUID(),
      customProps: (req: IncomingMessage & { id?: unknown }) => ({ correlationId: req.id }),
      quietReqLogger: true,
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  });
}
