import { ErrorCode } from '../errors';

/** The success envelope of every gateway answer. */
export interface Ok<T> {
  ok: true;
  data: T;
}

/** The failure envelope: a sentence a person can act on, a code, and per-field details. */
export interface Failure {
  ok: false;
  error: string;
  code: ErrorCode | string;
  details?: unknown[];
}

export type Envelope<T> = Ok<T> | Failure;

/** A page of a list: `?limit=` (default 50, max 500) and `?offset=`. */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageQuery {
  limit: number;
  offset: number;
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;
