import { createHash } from 'node:crypto';
import { DiscordRoute, type DiscordRouteKey } from './route-keys';

/**
 * A per-route limit. Routes listed together share one bucket (Discord says so with one
 * X-RateLimit-Bucket hash); each top-level resource (guild or channel id) counts separately.
 */
export interface DiscordRouteLimit {
  bucket: string;
  routes: readonly DiscordRouteKey[];
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/** Limits close to what Discord applies; the demo uses them, tests opt in. */
export const REALISTIC_DISCORD_ROUTE_LIMITS: readonly DiscordRouteLimit[] = [
  { bucket: 'member-roles', routes: [DiscordRoute.addMemberRole, DiscordRoute.removeMemberRole], limit: 10, windowMs: 10_000 },
  { bucket: 'members', routes: [DiscordRoute.listMembers], limit: 10, windowMs: 10_000 },
  { bucket: 'member', routes: [DiscordRoute.getMember, DiscordRoute.modifyMember], limit: 10, windowMs: 1_000 },
  { bucket: 'messages', routes: [DiscordRoute.createMessage], limit: 5, windowMs: 5_000 },
  { bucket: 'dm-channels', routes: [DiscordRoute.createDm], limit: 5, windowMs: 5_000 },
];

export interface RateLimitDecision {
  allowed: boolean;
  bucket: string;
  /** The X-RateLimit-* headers (plus Retry-After and X-RateLimit-Scope when refused). */
  headers: Record<string, string>;
  /** Seconds until the window resets, when refused. */
  retryAfter?: number;
}

interface Bucket extends DiscordRouteLimit {
  hash: string;
}

interface Window {
  count: number;
  resetAt: number;
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/** Fixed windows per bucket and top-level resource, answering like Discord's rate limiter. */
export class RouteRateLimiter {
  private readonly bucketByRoute = new Map<DiscordRouteKey, Bucket>();
  private readonly windows = new Map<string, Window>();

  constructor(limits: readonly DiscordRouteLimit[] = []) {
    for (const limit of limits) this.set(limit);
  }

  /** Adds or replaces a bucket; its routes leave any bucket they were in. */
  set(limit: DiscordRouteLimit): void {
    if (!(limit.limit >= 1) || !(limit.windowMs > 0)) throw new RangeError(`bad rate limit for bucket ${limit.bucket}`);
    this.remove(limit.bucket);
    const bucket: Bucket = {
      ...limit,
      routes: [...limit.routes],
      hash: createHash('sha1').update(limit.bucket).digest('hex').slice(0, 32),
    };
    for (const route of limit.routes) this.bucketByRoute.set(route, bucket);
  }

  remove(bucketName: string): void {
    for (const [route, bucket] of this.bucketByRoute) if (bucket.bucket === bucketName) this.bucketByRoute.delete(route);
    for (const key of this.windows.keys()) if (key.startsWith(`${bucketName}:`)) this.windows.delete(key);
  }

  clear(): void {
    this.bucketByRoute.clear();
    this.windows.clear();
  }

  /** Counts one request; null when the route is not limited. */
  take(route: DiscordRouteKey, majorParameter: string, now = Date.now()): RateLimitDecision | null {
    const bucket = this.bucketByRoute.get(route);
    if (!bucket) return null;
    const key = `${bucket.bucket}:${majorParameter}`;
    let window = this.windows.get(key);
    if (!window || now >= window.resetAt) {
      window = { count: 0, resetAt: now + bucket.windowMs };
      this.windows.set(key, window);
    }
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(bucket.limit),
      'X-RateLimit-Reset': seconds(window.resetAt),
      'X-RateLimit-Reset-After': seconds(window.resetAt - now),
      'X-RateLimit-Bucket': bucket.hash,
    };
    if (window.count >= bucket.limit) {
      const retryAfter = Number(seconds(window.resetAt - now));
      headers['X-RateLimit-Remaining'] = '0';
      headers['Retry-After'] = String(Math.ceil(retryAfter));
      headers['X-RateLimit-Scope'] = 'user';
      return { allowed: false, bucket: bucket.bucket, headers, retryAfter };
    }
    window.count += 1;
    headers['X-RateLimit-Remaining'] = String(bucket.limit - window.count);
    return { allowed: true, bucket: bucket.bucket, headers };
  }
}
