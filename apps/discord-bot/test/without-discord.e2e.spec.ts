import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Events, RankLevel } from '@patt/contracts';
import { BusTap, eventually, startPlatform, TestPlatform } from '@patt/testing';
import { api } from './support/harness';

jest.setTimeout(60_000);

describe('without DISCORD_TOKEN and DISCORD_GUILD_ID', () => {
  let platform: TestPlatform;
  let bus: BusTap;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['discord-bot'] });
    bus = await BusTap.open(platform.bus);
    db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
  });

  afterAll(async () => {
    await bus?.close();
    await db?.end();
    await platform?.stop();
  });

  it('starts, is ready, says in its log why Discord is off, and answers requests', async () => {
    const health = await fetch(`${platform.gatewayUrl}/health`);
    expect(await health.json()).toMatchObject({ data: { services: { discordBot: 'up' } } });
    const output = platform.services.get('discord-bot')?.output ?? [];
    expect(output.some((line) => line.includes('Discord is off: DISCORD_TOKEN and DISCORD_GUILD_ID are not set'))).toBe(true);

    const officer = platform.token({ rank: RankLevel.Officer });
    const members = await api({ platform }, '/discord/members', { token: officer });
    expect(await members.json()).toEqual({ ok: true, data: { items: [], total: 0 } });
    // Roles in the mirror (from an earlier run) are listed, none assignable: the bot cannot tell without Discord.
    await db.query(
      `INSERT INTO discord.discord_roles (role_id, name, position, color, managed, observed_at) VALUES ('700000000000000001', 'Raider', 3, 0, false, now())`,
    );
    const roles = await api({ platform }, '/discord/roles', { token: officer });
    expect(await roles.json()).toEqual({
      ok: true,
      data: { items: [{ id: '700000000000000001', name: 'Raider', position: 3, managed: false, assignable: false }], total: 1 },
    });
    const sync = await api({ platform }, '/discord/syncs', { method: 'POST', token: officer, body: {} });
    expect(sync.status).toBe(503);
    expect(await sync.json()).toMatchObject({ ok: false, code: 'SERVICE_UNAVAILABLE', error: expect.stringContaining('Discord is not configured') });
  });

  it('records an invite it cannot send, and tells auth it failed', async () => {
    const inviteId = randomUUID();
    const personId = randomUUID();
    await bus.publish(Events.InviteCreated, { inviteId, personId, discordUserId: '123456789012345678', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await eventually('the invite', async () => (await db.query('SELECT 1 FROM discord.invite_deliveries WHERE invite_id = $1', [inviteId])).rowCount === 1);
    const { rows } = await db.query('SELECT status, last_error FROM discord.invite_deliveries WHERE invite_id = $1', [inviteId]);
    expect(rows[0]).toEqual({ status: 'failed', last_error: 'Discord is not configured on the platform' });
    const { rows: settled } = await db.query('SELECT payload FROM discord.outbox WHERE subject = $1', [Events.InviteDeliverySettled]);
    expect(settled.map((r) => r.payload)).toEqual([
      { inviteId, personId, outcome: 'failed', reason: 'Discord is not configured on the platform', at: expect.any(String) },
    ]);
  });
});
