// Faults the stand-in injects, so the client's retries, backoff and "one bad character never
// fails the run" can be tested. Which requests fail is decided by a seeded generator, in the
// order requests arrive, so a run with the same seed and the same traffic fails the same way.
import { SeededRandom } from '../seeded-random';
import type { StandInCharacter } from './stand-in.types';

/** A character by Blizzard id, or by name on any realm (case-insensitive). */
export type CharacterSelector = number | string;

export interface RateLimitBursts {
  /** A burst starts every `every` API requests (counted from when the bursts were set)... */
  every: number;
  /** ...and answers the next `length` of them with 429. */
  length: number;
  /** Retry-After of the burst's answers. Default 1. */
  retryAfterSeconds?: number;
  /** Send Retry-After as an HTTP date instead of seconds. */
  retryAfterAsDate?: boolean;
}

export interface FaultSettings {
  /** Share of API requests (0..1) answered with a 500, 502, 503 or 504. */
  serverErrorRate: number;
  /** Seed of the generator that picks the failing requests and their statuses. */
  seed: number;
  rateLimitBursts: RateLimitBursts | null;
  /** Every API answer waits this long (after the request was counted). */
  delayMs: number;
  /**
   * Blizzard going down mid-run: once this many API requests have been answered (counted from
   * when it was set), every one after is a 500, 502, 503 or 504. Null: no outage.
   */
  outageAfterRequests: number | null;
  /** Profiles answered with JSON cut off half-way. */
  malformedCharacters: CharacterSelector[];
  /** Profiles answered with valid JSON that lacks required fields (class, realm, level). */
  incompleteCharacters: CharacterSelector[];
  /** Profiles answered 404, as for deleted or long-idle characters. */
  missingCharacters: CharacterSelector[];
  /** The roster answered with JSON cut off half-way. */
  malformedRoster: boolean;
  /** Every API request answered 401, even with a fresh token (a client Blizzard has blocked). */
  rejectTokens: boolean;
}

export type ApiFault =
  { kind: 'rate-limited'; retryAfter: string } | { kind: 'server-error'; status: 500 | 502 | 503 | 504 };

export type ProfileFault = 'malformed' | 'incomplete' | 'missing';

const DEFAULT_FAULTS: FaultSettings = {
  serverErrorRate: 0,
  seed: 1,
  rateLimitBursts: null,
  delayMs: 0,
  outageAfterRequests: null,
  malformedCharacters: [],
  incompleteCharacters: [],
  missingCharacters: [],
  malformedRoster: false,
  rejectTokens: false,
};

const SERVER_ERRORS = [500, 502, 503, 504] as const;

export class FaultInjector {
  private settings: FaultSettings = { ...DEFAULT_FAULTS };
  private random = new SeededRandom(DEFAULT_FAULTS.seed);
  private apiRequests = 0;
  /** API requests since `outageAfterRequests` was set. */
  private beforeOutage = 0;
  private throttled: { remaining: number; retryAfterSeconds: number } = { remaining: 0, retryAfterSeconds: 1 };

  constructor(initial: Partial<FaultSettings> = {}) {
    this.set(initial);
  }

  /** Changes some settings; a `seed` restarts the generator. */
  set(change: Partial<FaultSettings>): void {
    const rate = change.serverErrorRate;
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError('serverErrorRate must be within 0..1');
    const bursts = change.rateLimitBursts;
    if (bursts && !(bursts.every > 0 && bursts.length >= 0)) throw new RangeError('rateLimitBursts needs every > 0');
    const outage = change.outageAfterRequests;
    if (outage !== undefined && outage !== null && !(Number.isInteger(outage) && outage >= 0)) throw new RangeError('outageAfterRequests must be a whole number, 0 or more');
    this.settings = { ...this.settings, ...change };
    if (change.seed !== undefined) this.random = new SeededRandom(change.seed);
    // Bursts count from when they are set: the first `length` requests after it get a 429.
    if (change.rateLimitBursts !== undefined) this.apiRequests = 0;
    if (change.outageAfterRequests !== undefined) this.beforeOutage = 0;
  }

  /** Back to no faults at all (and the default seed). */
  reset(): void {
    this.settings = { ...DEFAULT_FAULTS };
    this.random = new SeededRandom(DEFAULT_FAULTS.seed);
    this.apiRequests = 0;
    this.beforeOutage = 0;
    this.throttled = { remaining: 0, retryAfterSeconds: 1 };
  }

  /** The next `count` API requests get a 429, like a quota Blizzard says is spent. */
  throttleNext(count: number, retryAfterSeconds = 1): void {
    this.throttled = { remaining: count, retryAfterSeconds };
  }

  current(): Readonly<FaultSettings> {
    return this.settings;
  }

  /** Decides the fate of one API request that passed authentication and the rate limit. */
  nextApiFault(now: number): ApiFault | null {
    const index = this.apiRequests++;
    if (this.throttled.remaining > 0) {
      this.throttled.remaining--;
      return { kind: 'rate-limited', retryAfter: String(this.throttled.retryAfterSeconds) };
    }
    const bursts = this.settings.rateLimitBursts;
    if (bursts && index % bursts.every < bursts.length) {
      const seconds = bursts.retryAfterSeconds ?? 1;
      const retryAfter = bursts.retryAfterAsDate ? new Date(now + seconds * 1000).toUTCString() : String(seconds);
      return { kind: 'rate-limited', retryAfter };
    }
    // Drawn for every request, failing or not, so one request's fate does not shift the rest.
    const roll = this.random.next();
    const status = SERVER_ERRORS[Math.floor(this.random.next() * SERVER_ERRORS.length)];
    const outage = this.settings.outageAfterRequests;
    if (outage !== null && this.beforeOutage++ >= outage) return { kind: 'server-error', status };
    return roll < this.settings.serverErrorRate ? { kind: 'server-error', status } : null;
  }

  profileFault(character: StandInCharacter): ProfileFault | null {
    if (matches(this.settings.missingCharacters, character)) return 'missing';
    if (matches(this.settings.malformedCharacters, character)) return 'malformed';
    if (matches(this.settings.incompleteCharacters, character)) return 'incomplete';
    return null;
  }
}

function matches(selectors: readonly CharacterSelector[], character: StandInCharacter): boolean {
  if (selectors.length === 0) return false;
  const name = character.name.toLocaleLowerCase('en-US');
  return selectors.some((s) => (typeof s === 'number' ? s === character.id : s.toLocaleLowerCase('en-US') === name));
}
