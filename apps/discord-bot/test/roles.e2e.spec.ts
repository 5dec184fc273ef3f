import { DiscordRole, RankLevel } from '@patt/contracts';
import { eventually } from '@patt/testing';
import { api, BotHarness, startBot, syncsSucceeded } from './support/harness';

jest.setTimeout(60_000);

interface Envelope<T> {
  ok: boolean;
  data: T;
  error?: string;
  code?: string;
  details?: unknown[];
}

describe('GET /api/v1/discord/roles: the server’s roles from the bot’s mirror', () => {
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await startBot({
      guild: { seed: 21, memberCount: 30 },
      // A role above the bot's own: listed, but the bot cannot give it.
      adjustGuild: (guild) => {
        const top = Math.max(...guild.roles.map((role) => role.position));
        const leader = guild.roles.find((role) => role.name === 'Guild Leader');
        if (leader) leader.position = top + 1;
      },
    });
    await eventually('the first full sync', async () => (await syncsSucceeded(bot.db)) >= 1, 30_000);
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it('lists every role but @everyone, highest first, with managed and assignable as Discord decides them', async () => {
    const response = await api(bot, '/discord/roles?limit=500', { token: bot.officer });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Envelope<{ items: DiscordRole[]; total: number }>;
    expect(body.ok).toBe(true);

    const roles = bot.discord.roles().filter((role) => role.id !== bot.discord.guildId);
    const botMember = bot.discord.member(bot.discord.botUserId);
    const botTop = Math.max(...(botMember?.roles ?? []).map((id) => roles.find((role) => role.id === id)?.position ?? 0));
    const expected = [...roles]
      .sort((a, b) => b.position - a.position || (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map((role) => ({
        id: role.id,
        name: role.name,
        position: role.position,
        managed: role.managed,
        assignable: !role.managed && role.position < botTop,
      }));
    expect(body.data).toEqual({ items: expected, total: roles.length });

    const byName = new Map(body.data.items.map((role) => [role.name, role]));
    expect(byName.get('Guild Leader')).toMatchObject({ assignable: false, managed: false });
    expect(byName.get('Officer')).toMatchObject({ assignable: true, managed: false });
    expect(body.data.items.filter((role) => role.managed).every((role) => !role.assignable)).toBe(true);
    expect(body.data.items.some((role) => role.managed)).toBe(true);
  });

  it('follows roles made, renamed, moved and deleted in Discord through the gateway, positions as Discord gives them', async () => {
    const list = async (): Promise<DiscordRole[]> =>
      ((await (await api(bot, '/discord/roles?limit=500', { token: bot.officer })).json()) as Envelope<{ items: DiscordRole[] }>).data.items;
    const made = bot.discord.createRole({ name: 'Raid Leader', position: 2 });
    await eventually('the new role', async () => (await list()).some((role) => role.id === made.id));
    expect((await list()).find((role) => role.id === made.id)).toEqual({ id: made.id, name: 'Raid Leader', position: 2, managed: false, assignable: true });

    const top = Math.max(...bot.discord.roles().map((role) => role.position));
    bot.discord.updateRole(made.id, { name: 'Raid Lead', position: top + 1 });
    await eventually('the renamed role', async () => (await list()).find((role) => role.id === made.id)?.name === 'Raid Lead');
    // Moved above the bot's highest role: still listed, first, and the bot can no longer give it.
    expect((await list())[0]).toEqual({ id: made.id, name: 'Raid Lead', position: top + 1, managed: false, assignable: false });

    bot.discord.deleteRole(made.id);
    await eventually('the deleted role gone', async () => !(await list()).some((role) => role.id === made.id));
  });

  it('pages with limit and offset', async () => {
    const all = (
      (await (await api(bot, '/discord/roles?limit=500', { token: bot.officer })).json()) as Envelope<{
        items: DiscordRole[];
        total: number;
      }>
    ).data;
    const page = (
      (await (await api(bot, '/discord/roles?limit=2&offset=1', { token: bot.officer })).json()) as Envelope<{
        items: DiscordRole[];
        total: number;
      }>
    ).data;
    expect(page).toEqual({ items: all.items.slice(1, 3), total: all.total });
  });

  it('is for officers: 401 without a token, 403 for a Veteran', async () => {
    expect((await api(bot, '/discord/roles')).status).toBe(401);
    const veteran = bot.platform.token({ rank: RankLevel.Veteran });
    const refused = await api(bot, '/discord/roles', { token: veteran });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ ok: false, code: expect.any(String), error: expect.any(String) });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=many', 'limit'],
    ['offset=-1', 'offset'],
    ['name=Officer', 'name'],
  ])('answers bad input (?%s) with a 400 envelope naming the field', async (query, field) => {
    const response = await api(bot, `/discord/roles?${query}`, { token: bot.officer });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Envelope<unknown>;
    expect(body).toMatchObject({ ok: false, code: expect.any(String), error: expect.any(String) });
    expect(JSON.stringify(body.details)).toContain(field);
  });
});
