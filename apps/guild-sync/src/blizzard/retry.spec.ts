import { fullJitterDelay, parseRetryAfter, retryDelay, type BackoffPolicy } from './retry';

const policy: BackoffPolicy = { maxRetries: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 60_000 };

describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 21 Oct 2025 07:28:00 GMT');

  it.each([
    ['2', 2000],
    ['0', 0],
    [' 1.5 ', 1500],
    ['Wed, 21 Oct 2025 07:28:03 GMT', 3000],
    ['Wed, 21 Oct 2025 07:27:00 GMT', 0],
  ])('reads %p as %p ms', (value, ms) => expect(parseRetryAfter(value, now)).toBe(ms));

  it.each([undefined, null, '', 'soon', '-1'])('ignores %p', (value) => expect(parseRetryAfter(value, now)).toBeNull());
});

describe('backoff', () => {
  it('draws full-jitter delays between 0 and base * 2^retry, capped', () => {
    expect(fullJitterDelay(0, policy, () => 0.999)).toBe(99);
    expect(fullJitterDelay(2, policy, () => 0.5)).toBe(200);
    expect(fullJitterDelay(10, policy, () => 0.999)).toBe(999);
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
  });

  it('waits what Retry-After says, plus a little jitter so throttled requests do not return together', () => {
    expect(retryDelay(0, 2000, policy, () => 0)).toBe(2000);
    expect(retryDelay(0, 2000, policy, () => 0.5)).toBe(2050);
    expect(retryDelay(1, null, policy, () => 0.5)).toBe(100);
  });
});
