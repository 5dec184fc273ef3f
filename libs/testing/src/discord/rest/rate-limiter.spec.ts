import { RouteRateLimiter } from './rate-limiter';
import { DiscordRoute } from './route-keys';

describe('RouteRateLimiter', () => {
  const roles = { bucket: 'member-roles', routes: [DiscordRoute.addMemberRole, DiscordRoute.removeMemberRole], limit: 2, windowMs: 1_000 };

  it('lets `limit` requests through per window, shared by the routes of a bucket, then answers like Discord', () => {
    const limiter = new RouteRateLimiter([roles]);
    const first = limiter.take(DiscordRoute.addMemberRole, 'guild-1', 10_000);
    expect(first).toMatchObject({
      allowed: true,
      headers: { 'X-RateLimit-Limit': '2', 'X-RateLimit-Remaining': '1', 'X-RateLimit-Reset-After': '1.000' },
    });
    expect(first?.headers['X-RateLimit-Reset']).toBe('11.000');
    expect(limiter.take(DiscordRoute.removeMemberRole, 'guild-1', 10_100)?.headers['X-RateLimit-Remaining']).toBe('0');
    const refused = limiter.take(DiscordRoute.addMemberRole, 'guild-1', 10_250);
    expect(refused).toMatchObject({ allowed: false, retryAfter: 0.75 });
    expect(refused?.headers).toMatchObject({ 'Retry-After': '1', 'X-RateLimit-Scope': 'user', 'X-RateLimit-Remaining': '0' });
    expect(refused?.headers['X-RateLimit-Bucket']).toBe(first?.headers['X-RateLimit-Bucket']);
    expect(limiter.take(DiscordRoute.addMemberRole, 'guild-1', 11_000)?.allowed).toBe(true);
  });

  it('counts each guild separately and leaves other routes alone', () => {
    const limiter = new RouteRateLimiter([{ ...roles, limit: 1 }]);
    expect(limiter.take(DiscordRoute.addMemberRole, 'guild-1', 0)?.allowed).toBe(true);
    expect(limiter.take(DiscordRoute.addMemberRole, 'guild-2', 0)?.allowed).toBe(true);
    expect(limiter.take(DiscordRoute.addMemberRole, 'guild-1', 1)?.allowed).toBe(false);
    expect(limiter.take(DiscordRoute.listMembers, 'guild-1', 1)).toBeNull();
  });

  it('moves a route to the bucket set last', () => {
    const limiter = new RouteRateLimiter([roles]);
    limiter.set({ bucket: 'adds', routes: [DiscordRoute.addMemberRole], limit: 5, windowMs: 1_000 });
    expect(limiter.take(DiscordRoute.addMemberRole, 'g', 0)).toMatchObject({ bucket: 'adds' });
    expect(limiter.take(DiscordRoute.removeMemberRole, 'g', 0)).toMatchObject({ bucket: 'member-roles' });
  });
});
