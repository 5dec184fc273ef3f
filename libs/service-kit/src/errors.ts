import { HttpStatus } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { ErrorCode, FieldProblem, ServiceErrorBody } from '@patt/contracts';

/**
 * A refusal a service means to give: a code from the contract and a sentence a person can act on.
 * Services throw it; the gateway turns it into the HTTP envelope.
 */
export class ServiceException extends RpcException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown[],
  ) {
    super({ code, message, ...(details ? { details } : {}) } satisfies ServiceErrorBody);
  }

  get body(): ServiceErrorBody {
    return this.getError() as ServiceErrorBody;
  }

  static notFound(what: string): ServiceException {
    return new ServiceException(ErrorCode.NotFound, `${what} was not found.`);
  }

  static conflict(message: string, details?: unknown[]): ServiceException {
    return new ServiceException(ErrorCode.Conflict, message, details);
  }

  static invalid(message: string, details?: FieldProblem[]): ServiceException {
    return new ServiceException(ErrorCode.ValidationFailed, message, details);
  }
}

/** The HTTP status of each error code; the switch is exhaustive, so a new code must choose one. */
export function httpStatusOf(code: ErrorCode): HttpStatus {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.BadRequest:
    case ErrorCode.TooFewEntries:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.Unauthenticated:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.Forbidden:
    case ErrorCode.RankTooLow:
    case ErrorCode.NotAMember:
    case ErrorCode.VoteFirst:
    case ErrorCode.AccountDisabled:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.Conflict:
    case ErrorCode.SyncInProgress:
    case ErrorCode.CampaignNotDraft:
    case ErrorCode.CampaignLive:
    case ErrorCode.CampaignNotLive:
    case ErrorCode.AlreadyVoted:
      return HttpStatus.CONFLICT;
    case ErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorCode.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case ErrorCode.RateLimited:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorCode.ServiceUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ErrorCode.Internal:
      return HttpStatus.INTERNAL_SERVER_ERROR;
    default:
      return assertUnreachable(code);
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled value: ${String(value)}`);
}
