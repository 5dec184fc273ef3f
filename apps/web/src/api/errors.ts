import type { FieldProblem } from './types';

/**
 * A failed API call, carrying the API's own sentence (`error`), its code and, for validation
 * failures, one entry per bad field. Pages show `message` next to what caused it.
 */
export class ApiError extends Error {
  constructor(
    /** The HTTP status; 0 when no answer arrived at all. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Problems by field name (`gameRankIndexes.0` counts for `gameRankIndexes`), for showing beside each field. */
  fieldProblems(): Record<string, string> {
    const byField: Record<string, string[]> = {};
    for (const detail of this.details) {
      if (!isFieldProblem(detail)) continue;
      const field = detail.field.split('.')[0];
      (byField[field] ??= []).push(...detail.problems);
    }
    return Object.fromEntries(Object.entries(byField).map(([field, problems]) => [field, sentence(problems)]));
  }
}

/** Codes the client gives failures that never reached the API's envelope. */
export const CLIENT_CODES = {
  network: 'NETWORK',
  badResponse: 'BAD_RESPONSE',
} as const;

export function networkError(): ApiError {
  return new ApiError(0, CLIENT_CODES.network, 'The server could not be reached; check your connection and try again.');
}

export function badResponse(status: number): ApiError {
  return new ApiError(
    status,
    CLIENT_CODES.badResponse,
    `The server answered ${status} without the API's usual reply; try again in a moment.`,
  );
}

/** Anything thrown, as an ApiError, so a page always has a sentence to show. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'CLIENT', error instanceof Error ? error.message : 'Something went wrong in the page; reload it.');
}

function isFieldProblem(value: unknown): value is FieldProblem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<FieldProblem>;
  return typeof candidate.field === 'string' && Array.isArray(candidate.problems);
}

function sentence(problems: string[]): string {
  const text = problems.join('; ');
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
