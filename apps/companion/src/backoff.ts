// How long to wait before the next attempt while the platform is unreachable or busy. Pure, so the
// policy is tested without waiting.

export interface BackoffPolicy {
  /** The first wait. */
  baseMs: number;
  /** No wait is longer than this (unless the platform asks for longer with Retry-After). */
  maxMs: number;
}

/** A Retry-After the platform sends is honoured up to this; beyond it, something is wrong. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * Capped exponential backoff with "equal jitter": attempt 1 waits base, attempt n up to
 * base·2^(n-1), never more than max, and a random half of each wait is dropped so that several
 * officers' companions that lost the platform at the same moment do not come back in step. Half
 * is kept so a wait never collapses to nothing.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * The wait a Retry-After header asks for, in ms: delta-seconds ("120") or an HTTP date; null when
 * absent or unreadable (the caller then uses backoffDelay). A date in the past means "now".
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | null {
  if (header === null || header === undefined) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return null;
  return Math.min(Math.max(at - now, 0), MAX_RETRY_AFTER_MS);
}

/** The wait before attempt `attempt + 1`: what the platform asked for, or the backoff. */
export function nextDelay(attempt: number, policy: BackoffPolicy, retryAfter: number | null, random: () => number = Math.random): number {
  return retryAfter ?? backoffDelay(attempt, policy, random);
}
