import { backoffDelay, MAX_RETRY_AFTER_MS, nextDelay, retryAfterMs } from './backoff';

const policy = { baseMs: 1_000, maxMs: 60_000 };

describe('backoffDelay', () => {
  it('doubles from the first wait up to the cap', () => {
    const top = (attempt: number) => backoffDelay(attempt, policy, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map(top)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('drops a random part of each wait, but never more than half', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(2_000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(3_000);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(10, policy);
      expect(delay).toBeGreaterThanOrEqual(30_000);
      expect(delay).toBeLessThanOrEqual(60_000);
    }
  });

  it('spreads the waits of companions that lost the platform together', () => {
    const waits = new Set(Array.from({ length: 50 }, () => backoffDelay(4, policy)));
    expect(waits.size).toBeGreaterThan(10);
  });

  it('treats a first wait above the cap as the cap', () => {
    expect(backoffDelay(1, { baseMs: 5_000, maxMs: 2_000 }, () => 1)).toBe(2_000);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-26T03:12:00Z');

  it('reads delta-seconds and HTTP dates', () => {
    expect(retryAfterMs('7', now)).toBe(7_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Thu, 26 Nov 2026 03:12:30 GMT', now)).toBe(30_000);
  });

  it('treats a date in the past as now, and caps what it honours', () => {
    expect(retryAfterMs('Thu, 26 Nov 2026 03:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('86400', now)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('ignores what it cannot read', () => {
    expect([retryAfterMs(null, now), retryAfterMs(undefined, now), retryAfterMs('soon', now), retryAfterMs('-5', now), retryAfterMs('1.5', now)]).toEqual([
      null, null, null, null, null,
    ]);
  });
});

describe('nextDelay', () => {
  it('waits what the platform asked for, else the backoff', () => {
    expect(nextDelay(5, policy, 3_000, () => 1)).toBe(3_000);
    expect(nextDelay(5, policy, 120_000, () => 1)).toBe(120_000);
    expect(nextDelay(5, policy, null, () => 1)).toBe(16_000);
  });
});
