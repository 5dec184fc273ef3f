import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Events, Rank } from '@patt/contracts';
import { eventually, publishEvent, startPlatform, TestPlatform } from '@patt/testing';
import { DEFAULT_VERIFIED_TOKENS } from '../src/access/verified-tokens';
import { DEFAULT_ME_CACHE } from '../src/caches/me-cache';
import { DEFAULT_RANKS_CACHE } from '../src/caches/ranks-cache';

jest.setTimeout(120_000);

/**
 * The gateway's caches through real processes: verified tokens, /auth/me and the rank table are
 * reused, and what auth and identity announce makes them forget within the caches' bound.
 */
describe('the gateway’s caches', () => {
  let platform: TestPlatform;
  let leaderId: string;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['auth', 'identity'] });
    const db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
    try {
      leaderId = (await db.query<{ id: string }>(`SELECT id FROM auth.users WHERE username = 'guildmaster'`)).rows[0]?.id as string;
    } finally {
      await db.end();
    }
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const get = async (path: string, token: string) => {
    const response = await fetch(`${platform.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as { ok: boolean; code?: string; error?: string; data?: Record<string, unknown> } };
  };

  it('refuses a token of an account disabled within the cache’s bound, however recently it was verified; other accounts go on', async () => {
    const userId = randomUUID();
    const token = platform.token({ rank: 2, userId, username: 'soon-disabled' });
    const other = platform.token({ rank: 2, username: 'someone-else' });
    expect((await get('/api/v1/ranks', token)).status).toBe(200); // verified and kept
    const disabledAt = Date.now();
    await publishEvent(platform.bus, Events.AccountDisabled, {
      userId,
      personId: randomUUID(),
      reason: 'Left the guild.',
      cause: 'left_guild',
      by: null,
      at: new Date(disabledAt).toISOString(),
    });
    const refused = await eventually('the disabled account’s token refused', async () => {
      const answer = await get('/api/v1/ranks', token);
      return answer.status === 403 ? answer : null;
    }, DEFAULT_VERIFIED_TOKENS.maxAgeMs);
    expect(Date.now() - disabledAt).toBeLessThan(DEFAULT_VERIFIED_TOKENS.maxAgeMs);
    expect(refused.body).toMatchObject({ ok: false, code: 'ACCOUNT_DISABLED', error: 'This account is disabled: Left the guild.' });
    expect((await get('/api/v1/ranks', other)).status).toBe(200);
    // A new sign-in's token (issued after the disabling, as after an enable) is accepted.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await get('/api/v1/ranks', platform.token({ rank: 2, userId, username: 'soon-disabled' }))).status).toBe(200);
  });

  it('answers /ranks from the table it kept until identity announces a change, then the table after it', async () => {
    const token = platform.token({ rank: 5, userId: leaderId, username: 'guildmaster' });
    const names = async () => ((await get('/api/v1/ranks', token)).body.data?.['items'] as Rank[]).map((rank) => rank.name);
    const before = await names();
    expect(before).toEqual(['Initiate', 'Member', 'Veteran', 'Officer', 'Guild Leader']);
    const db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
    try {
      // Changed behind everyone's back (no event): once identity's own copy is past its 2 s, identity
      // answers the new name, and the gateway still its kept table, within its bound.
      await db.query(`UPDATE identity.ranks SET name = 'Recruit' WHERE level = 1`);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await names()).toEqual(before);
      // A change made through the API: identity announces the table after it (Recruit included).
      const changedAt = Date.now();
      const patched = await fetch(`${platform.gatewayUrl}/api/v1/ranks/2`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Footman' }),
      });
      expect(patched.status).toBe(200);
      const after = ['Recruit', 'Footman', 'Veteran', 'Officer', 'Guild Leader'];
      await eventually('the changed table through the gateway', async () => JSON.stringify(await names()) === JSON.stringify(after), DEFAULT_RANKS_CACHE.maxAgeMs);
      // Seen as the event arrives, not when the kept table would have run out.
      expect(Date.now() - changedAt).toBeLessThan(5000);
    } finally {
      await db.query(`UPDATE identity.ranks SET name = CASE level WHEN 1 THEN 'Initiate' WHEN 2 THEN 'Member' ELSE name END`);
      await db.end();
    }
  });

  it('answers /auth/me from what auth said until an event says it changed', async () => {
    const token = platform.token({ rank: 5, userId: leaderId, username: 'guildmaster' });
    const first = await get('/api/v1/auth/me', token);
    expect(first).toMatchObject({ status: 200, body: { ok: true, data: { id: leaderId, username: 'guildmaster', displayName: 'guildmaster' } } });
    // Changed behind the gateway's back (no event): the kept answer stands, within its bound.
    const db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
    try {
      await db.query(`UPDATE auth.users SET display_name = 'Warchief' WHERE id = $1`, [leaderId]);
      expect((await get('/api/v1/auth/me', token)).body.data?.['displayName']).toBe('guildmaster');
      // identity announces the ranks (here as they are, which changes nothing for auth): the next /me asks auth again.
      const ranks = (await get('/api/v1/ranks', token)).body.data?.['items'] as Rank[];
      expect(ranks).toHaveLength(5);
      await publishEvent(platform.bus, Events.RanksChanged, { ranks });
      await eventually('/auth/me read afresh', async () => (await get('/api/v1/auth/me', token)).body.data?.['displayName'] === 'Warchief', DEFAULT_ME_CACHE.maxAgeMs);
    } finally {
      await db.end();
    }
  });
});
