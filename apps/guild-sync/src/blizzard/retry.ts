import { setTimeout as delay } from 'node:timers/promises';

export interface BackoffPolicy {
  /** Retries after the first attempt; 0 sends each request once. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails instead. */
  maxRetryAfterMs: number;
}

/**
 * "Full jitter" backoff: a uniform delay between 0 and base * 2^retry (capped). Spreading the
 * retries of many concurrent requests avoids them hitting the server again in lockstep.
 * `retry` counts from 0 for the first retry.
 */
export function fullJitterDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After as milliseconds from `nowMs`: either delta-seconds ("2") or an HTTP date
 * ("Wed, 21 Oct 2015 07:28:00 GMT"). Null when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Date.parse takes "-1" for a year; an HTTP date always names its day and month.
  if (!/[a-z]{3}/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/**
 * How long to wait before the next attempt: what the server asked for (plus a little jitter so
 * the requests it throttled together do not return together), or full-jitter backoff.
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | null,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== null) return retryAfterMs + Math.floor(random() * policy.baseDelayMs);
  return fullJitterDelay(retry, policy, random);
}

/** Sleeps, or rejects as soon as the signal aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    return;
  }
  await delay(ms, undefined, { signal });
}
