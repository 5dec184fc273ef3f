import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, Failure } from '@patt/contracts';
import { httpStatusOf, ServiceException } from '@patt/service-kit';
import { GatewayConfig } from '../app/gateway.config';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/** Fastify's own refusals (before a route runs) in the contract's words. */
function fastifyFailure(error: FastifyLikeError): { status: number; body: Failure } | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { ok: false, code: ErrorCode.PayloadTooLarge, error: 'The request body is too large; the limit is 2 MiB.' } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: { ok: false, code: ErrorCode.UnsupportedMediaType, error: 'This content type is not accepted here; send application/json.' },
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: { ok: false, code: ErrorCode.BadRequest, error: 'The request body is empty or its length is wrong.' } };
    default:
      if (error.statusCode === 400 && typeof error.message === 'string') {
        // A JSON body that does not parse.
        return { status: 400, body: { ok: false, code: ErrorCode.BadRequest, error: `The body is not valid JSON: ${error.message}` } };
      }
      return null;
  }
}

const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
};

/**
 * Every failure is `{ok: false, error, code, details?}`: contract errors keep their code and
 * sentence; Nest's and Fastify's own get one; anything unexpected is logged and answered as a
 * 500 that says nothing of internals.
 */
@Catch()
export class EnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger(EnvelopeFilter.name);

  constructor(private readonly config: GatewayConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest | undefined>();
    const { status, body } = this.describe(exception, request?.headers['content-type']);
    const retryAfter = (body.details?.[0] as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    // A throttle (429) and a service shedding load (503) both say when to come back.
    const saysWhen = status === HttpStatus.TOO_MANY_REQUESTS || status === HttpStatus.SERVICE_UNAVAILABLE;
    if (saysWhen && typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    if (status >= 500 && status !== HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.error({ err: exception }, 'unexpected error');
    }
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private describe(exception: unknown, contentType: string | undefined): { status: number; body: Failure } {
    if (exception instanceof ServiceException) {
      const { code, message, details } = exception.body;
      return { status: httpStatusOf(code), body: { ok: false, error: message, code, ...(details ? { details } : {}) } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = HTTP_CODES[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest);
      return { status, body: { ok: false, error: this.sentenceFor(status, exception, contentType), code } };
    }
    const fastify = fastifyFailure(exception as FastifyLikeError);
    if (fastify) return fastify;
    return { status: 500, body: { ok: false, code: ErrorCode.Internal, error: 'Something went wrong on our side; it has been logged.' } };
  }

  /**
   * Nest hands Fastify's own refusals (body too large, no parser for the content type) over as
   * HttpExceptions with Fastify's terse text; these say what to do instead.
   */
  private sentenceFor(status: number, exception: HttpException, contentType: string | undefined): string {
    switch (status) {
      case HttpStatus.NOT_FOUND:
        return 'There is nothing at this address; see /api/docs for the API.';
      case HttpStatus.PAYLOAD_TOO_LARGE:
        return `The request body is too large: the limit is ${sizeOf(this.config.BODY_LIMIT_BYTES)}.`;
      case HttpStatus.UNSUPPORTED_MEDIA_TYPE: {
        const type = contentType?.split(';')[0]?.trim();
        return `${type ? `The content type ${type} is` : 'This content type is'} not accepted here: send application/json, or the type /api/docs gives for this endpoint.`;
      }
      default:
        return sentenceOf(exception.getResponse());
    }
  }
}

function sizeOf(bytes: number): string {
  const MiB = 1024 * 1024;
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

function sentenceOf(response: string | object): string {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return String(message[0]);
  return typeof message === 'string' ? message : 'The request was refused.';
}
