import type { BackoffPolicy } from './retry';

/**
 * The little the client logs: retries, token renewals, giving up. Fields are plain values and
 * never carry a secret or a token. A Nest Logger or a pino child adapts in one line.
 */
export interface BlizzardLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
}

export interface BlizzardClientOptions {
  clientId: string;
  clientSecret: string;
  /** BLIZZARD_API_URL; default https://us.api.blizzard.com. */
  apiUrl?: string;
  /** BLIZZARD_OAUTH_URL, the full token URL; default https://oauth.battle.net/token. */
  oauthUrl?: string;
  /** BLIZZARD_REGION; sent as the `profile-{region}` namespace. Default `us`. */
  region?: string;
  /** BLIZZARD_LOCALE; default `en_US`, so names come back as strings, not per-locale maps. */
  locale?: string;
  /** BLIZZARD_RATE_PER_SECOND; default 100. */
  ratePerSecond?: number;
  /** BLIZZARD_RATE_PER_HOUR; default 36,000. */
  ratePerHour?: number;
  /** Retries after the first attempt for 429, 5xx and transport failures; default 4. */
  maxRetries?: number;
  backoff?: {
    /** Default 500 ms. */
    baseDelayMs?: number;
    /** Default 20 s. */
    maxDelayMs?: number;
    /** A Retry-After beyond this fails the call instead of waiting; default 60 s. */
    maxRetryAfterMs?: number;
  };
  timeouts?: {
    /** One API request, connect to last byte; default 10 s. */
    requestMs?: number;
    /** One token request; default 10 s. */
    tokenMs?: number;
  };
  /** Renew the token this long before it expires (at most half its lifetime); default 5 min. */
  tokenRenewMarginMs?: number;
  /** See RateLimiter: how long a started request may take to reach Blizzard; default 250 ms. */
  arrivalAllowanceMs?: number;
  logger?: BlizzardLogger;
  /** Randomness for backoff jitter; tests may pin it. */
  random?: () => number;
}

export interface ResolvedBlizzardOptions {
  clientId: string;
  clientSecret: string;
  apiUrl: string;
  oauthUrl: string;
  region: string;
  locale: string;
  ratePerSecond: number;
  ratePerHour: number;
  backoff: BackoffPolicy;
  requestTimeoutMs: number;
  tokenTimeoutMs: number;
  tokenRenewMarginMs: number;
  arrivalAllowanceMs: number;
  logger: BlizzardLogger;
  random: () => number;
}

export const BLIZZARD_DEFAULTS = {
  apiUrl: 'https://us.api.blizzard.com',
  oauthUrl: 'https://oauth.battle.net/token',
  region: 'us',
  locale: 'en_US',
  ratePerSecond: 100,
  ratePerHour: 36_000,
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  requestTimeoutMs: 10_000,
  tokenTimeoutMs: 10_000,
  tokenRenewMarginMs: 5 * 60_000,
  arrivalAllowanceMs: 250,
} as const;

/**
 * Fills in defaults and rejects nonsense early, naming every bad option at once.
 * The messages name options, never their values: one of them is a secret.
 */
export function resolveBlizzardOptions(options: BlizzardClientOptions): ResolvedBlizzardOptions {
  const d = BLIZZARD_DEFAULTS;
  const resolved: ResolvedBlizzardOptions = {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    apiUrl: (options.apiUrl ?? d.apiUrl).replace(/\/+$/, ''),
    oauthUrl: options.oauthUrl ?? d.oauthUrl,
    region: (options.region ?? d.region).toLowerCase(),
    locale: options.locale ?? d.locale,
    ratePerSecond: options.ratePerSecond ?? d.ratePerSecond,
    ratePerHour: options.ratePerHour ?? d.ratePerHour,
    backoff: {
      maxRetries: options.maxRetries ?? d.maxRetries,
      baseDelayMs: options.backoff?.baseDelayMs ?? d.baseDelayMs,
      maxDelayMs: options.backoff?.maxDelayMs ?? d.maxDelayMs,
      maxRetryAfterMs: options.backoff?.maxRetryAfterMs ?? d.maxRetryAfterMs,
    },
    requestTimeoutMs: options.timeouts?.requestMs ?? d.requestTimeoutMs,
    tokenTimeoutMs: options.timeouts?.tokenMs ?? d.tokenTimeoutMs,
    tokenRenewMarginMs: options.tokenRenewMarginMs ?? d.tokenRenewMarginMs,
    arrivalAllowanceMs: options.arrivalAllowanceMs ?? d.arrivalAllowanceMs,
    logger: options.logger ?? {},
    random: options.random ?? Math.random,
  };

  const problems: string[] = [];
  if (!resolved.clientId) problems.push('clientId is empty');
  if (!resolved.clientSecret) problems.push('clientSecret is empty');
  if (!isHttpUrl(resolved.apiUrl)) problems.push('apiUrl is not an http(s) URL');
  if (!isHttpUrl(resolved.oauthUrl)) problems.push('oauthUrl is not an http(s) URL');
  if (!/^[a-z]{2}$/.test(resolved.region)) problems.push('region must be two letters (us, eu, kr, tw)');
  if (!/^[a-z]{2}_[A-Z]{2}$/.test(resolved.locale)) problems.push('locale must look like en_US');
  if (!isPositiveInteger(resolved.ratePerSecond)) problems.push('ratePerSecond must be a positive integer');
  if (!isPositiveInteger(resolved.ratePerHour)) problems.push('ratePerHour must be a positive integer');
  if (!isNonNegativeInteger(resolved.backoff.maxRetries)) problems.push('maxRetries must be 0 or more');
  for (const [name, value] of [
    ['backoff.baseDelayMs', resolved.backoff.baseDelayMs],
    ['backoff.maxDelayMs', resolved.backoff.maxDelayMs],
    ['backoff.maxRetryAfterMs', resolved.backoff.maxRetryAfterMs],
    ['tokenRenewMarginMs', resolved.tokenRenewMarginMs],
    ['arrivalAllowanceMs', resolved.arrivalAllowanceMs],
  ] as const) {
    if (!(Number.isFinite(value) && value >= 0)) problems.push(`${name} must be 0 or more`);
  }
  for (const [name, value] of [
    ['timeouts.requestMs', resolved.requestTimeoutMs],
    ['timeouts.tokenMs', resolved.tokenTimeoutMs],
  ] as const) {
    if (!(Number.isFinite(value) && value > 0)) problems.push(`${name} must be more than 0`);
  }
  if (problems.length > 0) throw new RangeError(`Invalid Blizzard client options: ${problems.join('; ')}`);
  return resolved;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isPositiveInteger(value: number): boolean {
  return Number.isInteger(value) && value > 0;
}

function isNonNegativeInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}
