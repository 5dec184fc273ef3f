export { BlizzardClient } from './blizzard.client';
export {
  BLIZZARD_DEFAULTS,
  type BlizzardClientOptions,
  type BlizzardLogger,
  resolveBlizzardOptions,
} from './blizzard-client.options';
export { BlizzardApiError, type BlizzardErrorKind } from './blizzard.errors';
export type * from './blizzard.types';
export {
  RateLimiter,
  type RateLimiterOptions,
  type RateLimiterState,
  type RatePermit,
  type RateWindow,
} from './rate-limiter';
export { type BackoffPolicy, fullJitterDelay, parseRetryAfter } from './retry';
