// One limiter per Blizzard client, shared by every call the service makes, so the whole process
// stays inside Blizzard's quotas (100 requests per second, 36,000 per hour by default).
//
// Why a sliding log and not a token bucket: Blizzard (and the stand-in) count requests per
// window. A token bucket with burst = rate lets a full burst go at the end of one second and
// another right after the refill, which a fixed-window counter sees as up to twice the rate.
// A sliding log admits a request only while fewer than `limit` requests were counted in the last
// `windowMs`, so no window of that length, fixed or sliding, ever holds more than `limit`.
//
// Why a request's slot is counted from its answer rather than from its start: the server counts
// a request when it *arrives*, some time after we start it (connecting, event-loop lag). If
// request A starts at t and takes 30 ms to arrive while request B starts at t + 1000 and arrives
// at once, a log of start times lets both land in one server window. Counting the slot from
// when the answer came back (its headers: surely after the arrival) keeps any two requests
// `limit` apart at least `windowMs` apart *at the server*, whatever the delays. The price is
// one answer latency per window: 1,000 requests at 100/s take 9 s + 9 latencies, not 9 s.
//
// So that a slow answer (the server took its time after counting the request) does not hold a
// slot for long, a slot also counts from `arrivalAllowanceMs` after the request left us (its
// bytes were handed to the socket) at the latest: a request reaches the server well within
// that, or not at all. The clock starts when it left, not when the permit was granted, because
// connecting and a busy event loop can delay a granted request by far more than the network.

/** A quota: at most `limit` requests in any `windowMs`. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface RateLimiterOptions {
  windows: readonly RateWindow[];
  /** The longest a started request is assumed to take to reach the server (see above). */
  arrivalAllowanceMs?: number;
  /** A monotonic clock in milliseconds; tests pass a fake one. */
  now?: () => number;
}

/**
 * The right to send one request. Call `sent()` once it has left (starts the arrival allowance)
 * and `release()` when the answer or an error is back; a request never sent counts from its
 * release.
 */
export interface RatePermit {
  sent(): void;
  release(): void;
}

export interface RateLimiterState {
  /** Permits handed out and not yet released. */
  active: number;
  /** Callers waiting for a permit. */
  waiting: number;
}

interface Waiter {
  resolve(permit: RatePermit): void;
  reject(reason: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

const DEFAULT_ARRIVAL_ALLOWANCE_MS = 250;

/** The released requests of one quota window, oldest first. */
class SlidingWindowLog {
  private times: number[] = [];
  private head = 0;

  constructor(private readonly window: RateWindow) {}

  /**
   * The earliest time, not before `now`, at which one more request fits while `active`
   * requests are still unreleased; Infinity when only a release can make room.
   */
  nextFreeAt(now: number, active: number): number {
    this.prune(now);
    const counted = this.times.length - this.head;
    const excess = active + counted - this.window.limit;
    if (excess < 0) return now;
    if (excess >= counted) return Infinity;
    // Once the (excess + 1) oldest entries have left the window there is room for one more.
    return this.times[this.head + excess] + this.window.windowMs;
  }

  /** Times come from one monotonic clock in release order, so the log stays sorted. */
  record(at: number): void {
    this.times.push(at);
  }

  private prune(now: number): void {
    const oldest = now - this.window.windowMs;
    while (this.head < this.times.length && this.times[this.head] <= oldest) this.head++;
    // Compact now and then instead of shifting on every prune (the hour log holds 36,000).
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

export class RateLimiter {
  private readonly logs: SlidingWindowLog[];
  private readonly now: () => number;
  private readonly arrivalAllowanceMs: number;
  private readonly waiters: Waiter[] = [];
  private active = 0;
  private pausedUntil = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(options: RateLimiterOptions) {
    if (options.windows.length === 0) throw new RangeError('a rate limiter needs at least one window');
    for (const w of options.windows) {
      if (!(Number.isInteger(w.limit) && w.limit > 0) || !(w.windowMs > 0)) {
        throw new RangeError(`invalid rate window: ${w.limit} per ${w.windowMs} ms`);
      }
    }
    this.logs = options.windows.map((w) => new SlidingWindowLog({ ...w }));
    this.now = options.now ?? (() => performance.now());
    this.arrivalAllowanceMs = options.arrivalAllowanceMs ?? DEFAULT_ARRIVAL_ALLOWANCE_MS;
  }

  /** Waits (first come, first served) until a request may start without breaking any window. */
  acquire(signal?: AbortSignal): Promise<RatePermit> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<RatePermit>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(abortReason(signal));
          this.pump();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /**
   * Starts nothing new for `ms`: a 429 with Retry-After says the server's quota is spent, and
   * every request sent before then would only earn another 429.
   */
  pauseFor(ms: number): void {
    if (!(ms > 0)) return;
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.pump();
  }

  state(): RateLimiterState {
    return { active: this.active, waiting: this.waiters.length };
  }

  private pump(): void {
    while (this.waiters.length > 0) {
      const now = this.now();
      const at = this.nextStartAt(now);
      if (at > now) {
        this.wakeAt(at, now);
        return;
      }
      const waiter = this.waiters.shift() as Waiter;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(this.grant());
    }
    this.clearTimer();
  }

  private nextStartAt(now: number): number {
    let at = Math.max(now, this.pausedUntil);
    for (const log of this.logs) at = Math.max(at, log.nextFreeAt(now, this.active));
    return at;
  }

  private grant(): RatePermit {
    this.active++;
    let released = false;
    let allowance: NodeJS.Timeout | undefined;
    const release = (): void => {
      if (released) return;
      released = true;
      clearTimeout(allowance);
      this.active--;
      const at = this.now();
      for (const log of this.logs) log.record(at);
      this.pump();
    };
    const sent = (): void => {
      if (released || allowance) return;
      // setImmediate after the timer: if the event loop stalled past the allowance, a server in
      // this very process (tests, the dev stack) still reads the request before the slot counts.
      allowance = setTimeout(() => setImmediate(release), this.arrivalAllowanceMs);
      // Unref'd: a pending allowance must not keep a finished process alive.
      allowance.unref();
    };
    return { sent, release };
  }

  /** Infinity means "until a permit is released", which calls pump() itself. */
  private wakeAt(at: number, now: number): void {
    if (at === Infinity) {
      this.clearTimer();
      return;
    }
    if (this.timer && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    // Node's timer clock is whole milliseconds and may fire a fraction early; pump() re-checks.
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.pump();
      },
      Math.max(1, Math.ceil(at - now)),
    );
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}
