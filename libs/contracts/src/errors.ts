/**
 * Every error code a service or the gateway may answer with. The gateway maps each to an HTTP
 * status with an exhaustive switch, so adding a code here without deciding its status fails to
 * compile.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  BadRequest = 'BAD_REQUEST',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  SyncInProgress = 'SYNC_IN_PROGRESS',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RateLimited = 'RATE_LIMITED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL',
}

/** One entry of `details` for a validation failure: which field, and what is wrong with it. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/**
 * The error a service answers a request with, carried over NATS as the reply's `err`.
 * `message` is a sentence a person can act on; it never carries internals.
 */
export interface ServiceErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown[];
}

export function isServiceErrorBody(value: unknown): value is ServiceErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate['code'] === 'string' &&
    typeof candidate['message'] === 'string' &&
    (Object.values(ErrorCode) as string[]).includes(candidate['code'])
  );
}
