import fc from 'fast-check';
import { RateLimiter, type RatePermit, type RateWindow } from './rate-limiter';

// Fake time throughout: jest's fake timers drive setTimeout and Date.now, and the limiter reads
// Date.now as its clock.
const fakeNow = (): number => Date.now();

interface Trace {
  /** When the request left: the earliest it can reach the server. */
  sent: number;
  /** When its slot started to count (answer, or sent + allowance): the latest it can arrive. */
  counted: number;
}

/**
 * The most requests a server could see in one window, in the worst case: each request arrives
 * at any moment between leaving and its slot starting to count. `limit + 1` requests fit in a
 * window only if the latest-sent of them left less than `windowMs` after the earliest-counted.
 */
function worstWindowCount(traces: Trace[], window: RateWindow): number {
  let worst = 0;
  for (const j of traces) {
    const together = traces.filter((k) => k !== j && k.sent <= j.sent && k.counted > j.sent - window.windowMs);
    worst = Math.max(worst, together.length + 1);
  }
  return worst;
}

describe('RateLimiter', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('lets a full window of requests start at once, and the next a window after a slot counted', async () => {
    const limiter = new RateLimiter({ windows: [{ limit: 3, windowMs: 1000 }], now: fakeNow });
    const start = Date.now();
    const grants: number[] = [];
    const permits = Array.from({ length: 5 }, () =>
      limiter.acquire().then((permit) => {
        grants.push(Date.now() - start);
        return permit;
      }),
    );
    await jest.advanceTimersByTimeAsync(10);
    expect(grants).toEqual([0, 0, 0]);
    (await Promise.all(permits.slice(0, 3))).forEach((permit) => permit.release()); // answered at t = 10
    await jest.advanceTimersByTimeAsync(2000);
    expect(grants).toEqual([0, 0, 0, 1010, 1010]);
  });

  it('counts a slow request from when it left plus the arrival allowance, not from its answer', async () => {
    const limiter = new RateLimiter({ windows: [{ limit: 1, windowMs: 1000 }], arrivalAllowanceMs: 250, now: fakeNow });
    const start = Date.now();
    const slow = await limiter.acquire(); // never answered in this test
    await jest.advanceTimersByTimeAsync(100); // connecting...
    slow.sent();
    let secondAt = -1;
    void limiter.acquire().then(() => (secondAt = Date.now() - start));
    await jest.advanceTimersByTimeAsync(5000);
    // Fake timers give the setImmediate behind the allowance a millisecond of its own.
    expect(secondAt - (100 + 250 + 1000)).toBeGreaterThanOrEqual(0);
    expect(secondAt - (100 + 250 + 1000)).toBeLessThanOrEqual(1);
    slow.release(); // late release changes nothing
  });

  it('keeps to every window at once: per second and per hour', async () => {
    const limiter = new RateLimiter({
      windows: [
        { limit: 2, windowMs: 1000 },
        { limit: 5, windowMs: 60_000 },
      ],
      now: fakeNow,
    });
    const start = Date.now();
    const grants: number[] = [];
    for (let i = 0; i < 7; i++) {
      void limiter.acquire().then((permit) => {
        grants.push(Date.now() - start);
        permit.release();
      });
    }
    await jest.advanceTimersByTimeAsync(70_000);
    expect(grants).toEqual([0, 0, 1000, 1000, 2000, 60_000, 60_000]);
  });

  it('starts nothing while paused by a Retry-After', async () => {
    const limiter = new RateLimiter({ windows: [{ limit: 10, windowMs: 1000 }], now: fakeNow });
    const start = Date.now();
    limiter.pauseFor(1500);
    let grantedAt = -1;
    void limiter.acquire().then(() => (grantedAt = Date.now() - start));
    await jest.advanceTimersByTimeAsync(2000);
    expect(grantedAt).toBe(1500);
  });

  it('drops a waiter whose signal aborts, and serves the next', async () => {
    const limiter = new RateLimiter({ windows: [{ limit: 1, windowMs: 1000 }], now: fakeNow });
    const first = await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(new Error('run cancelled'));
    await expect(aborted).rejects.toThrow('run cancelled');
    first.release();
    await jest.advanceTimersByTimeAsync(1000);
    await expect(next).resolves.toBeDefined();
    expect(limiter.state()).toEqual({ active: 1, waiting: 0 });
  });

  it('rejects windows that make no sense', () => {
    expect(() => new RateLimiter({ windows: [] })).toThrow(RangeError);
    expect(() => new RateLimiter({ windows: [{ limit: 0, windowMs: 1000 }] })).toThrow(RangeError);
  });

  it('never lets more than `limit` requests reach the server in any window, whatever the timing', async () => {
    const request = fc.record({
      startAt: fc.integer({ min: 0, max: 3000 }),
      /** From the grant until the request has left (connecting, a busy event loop). */
      sendDelayMs: fc.integer({ min: 0, max: 400 }),
      /** From leaving until the answer. */
      durationMs: fc.integer({ min: 0, max: 600 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 50, max: 1000 }),
        fc.array(request, { minLength: 1, maxLength: 40 }),
        async (limit, windowMs, requests) => {
          const allowance = 250;
          const window = { limit, windowMs };
          const limiter = new RateLimiter({ windows: [window], arrivalAllowanceMs: allowance, now: fakeNow });
          const traces: Trace[] = [];
          for (const { startAt, sendDelayMs, durationMs } of requests) {
            setTimeout(() => {
              void limiter.acquire().then((permit: RatePermit) => {
                setTimeout(() => {
                  permit.sent();
                  const sent = Date.now();
                  traces.push({ sent, counted: sent + Math.min(durationMs, allowance) });
                  setTimeout(() => permit.release(), durationMs);
                }, sendDelayMs);
              });
            }, startAt);
          }
          await jest.advanceTimersByTimeAsync(3000 + requests.length * (windowMs + 1000) + 100);
          expect(traces).toHaveLength(requests.length);
          expect(worstWindowCount(traces, window)).toBeLessThanOrEqual(limit);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('keeps as many in flight as the window allows: 5 windows of work take 4 windows and a bit', async () => {
    const limiter = new RateLimiter({ windows: [{ limit: 20, windowMs: 1000 }], now: fakeNow });
    const start = Date.now();
    let last = 0;
    let maxActive = 0;
    for (let i = 0; i < 100; i++) {
      void limiter.acquire().then((permit) => {
        last = Date.now() - start;
        maxActive = Math.max(maxActive, limiter.state().active);
        permit.sent();
        setTimeout(() => permit.release(), 20); // a 20 ms answer
      });
    }
    await jest.advanceTimersByTimeAsync(10_000);
    expect(maxActive).toBe(20);
    expect(last).toBe(4 * 1020);
  });
});
