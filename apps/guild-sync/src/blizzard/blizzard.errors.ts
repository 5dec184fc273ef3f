import { isAxiosError } from 'axios';

/**
 * What went wrong, in the terms a sync run acts on:
 * - `auth`: the client credentials were refused, or a fresh token was refused too;
 * - `not-found`: the guild (or realm) does not exist;
 * - `rate-limited`: still 429 after every retry, or the server asked to wait too long;
 * - `server`: still 5xx after every retry;
 * - `network` / `timeout`: no answer after every retry;
 * - `http`: another status we do not retry (400, 403, ...);
 * - `invalid-response`: the answer was not the JSON we know (roster and token only: profiles
 *   report that as a result, not an error);
 * - `aborted`: the caller's signal fired.
 */
export type BlizzardErrorKind =
  'auth' | 'not-found' | 'rate-limited' | 'server' | 'network' | 'timeout' | 'http' | 'invalid-response' | 'aborted';

export interface BlizzardErrorDetails {
  /** The path asked for (no host, no query), e.g. `/data/wow/guild/senjin/patt/roster`. */
  endpoint: string;
  status?: number;
  /** Requests sent for this call, retries included. */
  attempts: number;
  /** A Node or axios error code (ECONNREFUSED, ECONNABORTED, ...) for transport failures. */
  code?: string;
}

/**
 * The only error the client throws. It is built from plain values on purpose: an AxiosError
 * carries the request config (Basic auth with the client secret, the bearer token header), so
 * one is never rethrown, wrapped as `cause` or copied into a message.
 */
export class BlizzardApiError extends Error {
  override readonly name = 'BlizzardApiError';
  readonly kind: BlizzardErrorKind;
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly attempts: number;
  readonly code: string | undefined;

  constructor(message: string, kind: BlizzardErrorKind, details: BlizzardErrorDetails) {
    super(message);
    this.kind = kind;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.attempts = details.attempts;
    this.code = details.code;
  }
}

/** A transport failure reduced to what is safe to keep: its kind and its code. */
export interface TransportFailure {
  kind: 'network' | 'timeout' | 'aborted';
  code: string;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** Classifies an error thrown by axios (or a signal) without keeping any of it. */
export function describeTransportFailure(error: unknown): TransportFailure {
  if (isAxiosError(error)) {
    if (error.code === 'ERR_CANCELED') return { kind: 'aborted', code: 'ERR_CANCELED' };
    const code = error.code ?? 'ERR_NETWORK';
    return { kind: TIMEOUT_CODES.has(code) ? 'timeout' : 'network', code };
  }
  if (error instanceof Error && error.name === 'AbortError') return { kind: 'aborted', code: 'ABORT_ERR' };
  const code = (error as { code?: unknown } | null)?.code;
  return { kind: 'network', code: typeof code === 'string' ? code : 'ERR_UNKNOWN' };
}
