// What the stand-in counts: per endpoint, per answer, and how many API requests arrived per
// second, so a test can prove a client never went over its rate.

export interface EndpointStats {
  requests: number;
  ok: number;
  notModified: number;
  notFound: number;
  unauthorized: number;
  /** Every 429: over the limit, plus injected bursts. */
  rateLimited: number;
  serverErrors: number;
  /** Answers with broken or incomplete JSON, on purpose. */
  malformed: number;
}

export interface BlizzardStandInStats {
  token: { requests: number; issued: number; rejected: number };
  roster: EndpointStats;
  profile: EndpointStats;
  /** Requests to paths the stand-in does not serve. */
  other: number;
  /** All 429s on API endpoints. */
  rateLimited: number;
  /** 429s because the client went over the per-second or per-hour limit: a good client gets 0. */
  overLimit: number;
  /** Most API requests that arrived within one fixed, clock-aligned second. */
  peakPerSecond: number;
  /** Most API requests that arrived within any 1,000 ms, wherever it starts. */
  peakPerSlidingSecond: number;
}

export type EndpointKind = 'roster' | 'profile';

function emptyEndpoint(): EndpointStats {
  return {
    requests: 0,
    ok: 0,
    notModified: 0,
    notFound: 0,
    unauthorized: 0,
    rateLimited: 0,
    serverErrors: 0,
    malformed: 0,
  };
}

const ARRIVAL_LOG_CAP = 1_000_000;

export class RequestCounters {
  token = { requests: 0, issued: 0, rejected: 0 };
  roster = emptyEndpoint();
  profile = emptyEndpoint();
  other = 0;
  overLimit = 0;
  private arrivals: number[] = [];
  private currentSecond = -1;
  private currentSecondCount = 0;
  private peakPerSecond = 0;

  endpoint(kind: EndpointKind): EndpointStats {
    return kind === 'roster' ? this.roster : this.profile;
  }

  /** An API request arrived (before any check), at `now` epoch ms. */
  arrived(now: number): void {
    if (this.arrivals.length < ARRIVAL_LOG_CAP) this.arrivals.push(now);
    const second = Math.floor(now / 1000);
    if (second !== this.currentSecond) {
      this.currentSecond = second;
      this.currentSecondCount = 0;
    }
    this.currentSecondCount++;
    this.peakPerSecond = Math.max(this.peakPerSecond, this.currentSecondCount);
  }

  snapshot(): BlizzardStandInStats {
    return {
      token: { ...this.token },
      roster: { ...this.roster },
      profile: { ...this.profile },
      other: this.other,
      rateLimited: this.roster.rateLimited + this.profile.rateLimited,
      overLimit: this.overLimit,
      peakPerSecond: this.peakPerSecond,
      peakPerSlidingSecond: peakInWindow(this.arrivals, 1000),
    };
  }

  reset(): void {
    this.token = { requests: 0, issued: 0, rejected: 0 };
    this.roster = emptyEndpoint();
    this.profile = emptyEndpoint();
    this.other = 0;
    this.overLimit = 0;
    this.arrivals = [];
    this.currentSecond = -1;
    this.currentSecondCount = 0;
    this.peakPerSecond = 0;
  }
}

/** Most entries of a sorted list of times within any half-open span [t, t + windowMs). */
export function peakInWindow(times: readonly number[], windowMs: number): number {
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** A quota counted in fixed, clock-aligned windows, the way a simple API gateway counts. */
export class FixedWindowQuota {
  private windowStart = -Infinity;
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Whether one more request fits in the current window (checked for every quota first). */
  hasRoom(now: number): boolean {
    this.roll(now);
    return this.count < this.limit;
  }

  take(now: number): void {
    this.roll(now);
    this.count++;
  }

  /** Whole seconds until the current window ends: what Retry-After says. */
  retryAfterSeconds(now: number): number {
    return Math.max(1, Math.ceil((this.windowStart + this.windowMs - now) / 1000));
  }

  private roll(now: number): void {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.count = 0;
    }
  }
}
