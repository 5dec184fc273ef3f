import { randomUUID } from 'node:crypto';
import { DiscordMember, Events, Page, RankLevel } from '@patt/contracts';
import { DiscordRoute, eventually } from '@patt/testing';
import { api, BotHarness, publishRankMapping, startBot, syncsSucceeded } from './support/harness';

jest.setTimeout(60_000);

const MEMBERS = 2_500;

interface MirrorRow {
  user_id: string;
  username: string;
  display_name: string;
  role_ids: string[];
  present: boolean;
}

describe('the members mirror: full syncs over REST pages, gateway events in between', () => {
  let bot: BotHarness;
  let humans: number;

  const mirrorRow = async (userId: string): Promise<MirrorRow | undefined> =>
    (await bot.db.query<MirrorRow>('SELECT user_id, username, display_name, role_ids, present FROM discord.discord_members WHERE user_id = $1', [userId]))
      .rows[0];

  beforeAll(async () => {
    bot = await startBot({ guild: { seed: 11, memberCount: MEMBERS } });
    humans = bot.discord.members().filter((member) => !member.user.bot).length;
    await eventually('the first full sync', async () => (await syncsSucceeded(bot.db)) >= 1, 30_000);
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it('mirrors every one of 2,500 members at start, paging REST 1,000 at a time, bots left out', async () => {
    const { rows } = await bot.db.query<{ n: number; present: number }>(
      'SELECT count(*)::int AS n, count(*) FILTER (WHERE present)::int AS present FROM discord.discord_members',
    );
    expect(rows[0]).toEqual({ n: humans, present: humans });
    expect(humans).toBeLessThan(MEMBERS);

    const pages = bot.discord.callsTo(DiscordRoute.listMembers);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.every((call) => call.query['limit'] === '1000' && call.status === 200)).toBe(true);
    expect(pages.slice(0, 3).map((call) => call.query['after'])).toEqual(['0', expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)]);

    // A member with a nickname shows it; their roles are mirrored as Discord has them.
    const nicked = bot.discord.members().find((member) => !member.user.bot && member.nick);
    const row = await mirrorRow(nicked!.user.id);
    expect(row).toMatchObject({ username: nicked!.user.username, display_name: nicked!.nick, present: true });
    expect([...row!.role_ids].sort()).toEqual([...nicked!.roles].sort());
  });

  it('starts a full sync for an officer (202), whose members-synced parts add up to every member', async () => {
    const response = await api(bot, '/discord/syncs', { method: 'POST', token: bot.officer, body: {} });
    expect(response.status).toBe(202);
    const { data } = (await response.json()) as { data: { syncId: string; alreadyRunning: boolean } };
    expect(data.alreadyRunning).toBe(false);

    const parts = await bot.bus.waitFor(Events.DiscordMembersSynced, (event) => event.payload.syncId === data.syncId, {
      count: 3,
      timeoutMs: 20_000,
    });
    expect(parts.map((event) => event.payload.part).sort()).toEqual([1, 2, 3]);
    expect(parts.every((event) => event.payload.parts === 3)).toBe(true);
    const listed = parts.flatMap((event) => event.payload.members);
    expect(listed).toHaveLength(humans);
    expect(new Set(listed.map((member) => member.userId)).size).toBe(humans);
    expect(listed.every((member) => member.present)).toBe(true);
    // Nothing changed since the first sync: no member-changed for this one.
    expect(bot.bus.events(Events.DiscordMemberChanged)).toEqual([]);
  });

  it('follows members joining, changing and leaving through gateway events, and announces each', async () => {
    const newcomer = bot.discord.addMember({ username: 'fresh_recruit', globalName: 'Fresh Recruit' });
    const [joined] = await bot.bus.waitFor(Events.DiscordMemberChanged, (e) => e.payload.member.userId === newcomer.user.id);
    expect(joined!.payload).toMatchObject({ change: 'joined', member: { username: 'fresh_recruit', displayName: 'Fresh Recruit', present: true } });

    bot.discord.updateMember(newcomer.user.id, { nick: 'Trogdor', addRoles: [bot.discord.rankRoleIds.Initiate] });
    const [updated] = await bot.bus.waitFor(Events.DiscordMemberChanged, (e) => e.payload.member.userId === newcomer.user.id && e.payload.change === 'updated');
    expect(updated!.payload.member).toMatchObject({ displayName: 'Trogdor', roleIds: [bot.discord.rankRoleIds.Initiate] });

    // A member the bot has cached since the full sync, updated and then gone.
    const veteran = bot.discord.members().find((member) => !member.user.bot && member.roles.includes(bot.discord.rankRoleIds.Veteran))!;
    bot.discord.updateMember(veteran.user.id, { nick: 'Old Hand' });
    await bot.bus.waitFor(Events.DiscordMemberChanged, (e) => e.payload.member.userId === veteran.user.id && e.payload.member.displayName === 'Old Hand');

    bot.discord.removeMember(newcomer.user.id);
    const [left] = await bot.bus.waitFor(Events.DiscordMemberChanged, (e) => e.payload.member.userId === newcomer.user.id && e.payload.change === 'left');
    expect(left!.payload.member.present).toBe(false);
    expect(await mirrorRow(newcomer.user.id)).toMatchObject({ present: false, display_name: 'Trogdor' });
    expect(await mirrorRow(veteran.user.id)).toMatchObject({ present: true, display_name: 'Old Hand' });
  });

  it('loses no member change made while the gateway connection was down: it re-checks on resume', async () => {
    const syncsBefore = await syncsSucceeded(bot.db);
    const humansNow = bot.discord.members().filter((member) => !member.user.bot);
    const [changing, leaving] = [humansNow[10]!, humansNow[20]!];

    expect(bot.discord.dropGatewayConnection({ mode: 'terminate' })).toBe(1);
    const arriving = bot.discord.addMember({ username: 'joined_while_away' });
    bot.discord.updateMember(changing.user.id, { nick: 'Renamed Away', addRoles: [bot.discord.roleId('Raider')] });
    bot.discord.removeMember(leaving.user.id);

    await bot.discord.waitForGatewayEvent((event) => event.kind === 'resumed', 15_000);
    const about = (userId: string) => (e: { payload: { member: { userId: string } } }) => e.payload.member.userId === userId;
    const [joined] = await bot.bus.waitFor(Events.DiscordMemberChanged, about(arriving.user.id));
    const [renamed] = await bot.bus.waitFor(Events.DiscordMemberChanged, about(changing.user.id));
    const [gone] = await bot.bus.waitFor(Events.DiscordMemberChanged, about(leaving.user.id));
    expect(joined!.payload.change).toBe('joined');
    expect(renamed!.payload).toMatchObject({ change: 'updated', member: { displayName: 'Renamed Away' } });
    expect(renamed!.payload.member.roleIds).toContain(bot.discord.roleId('Raider'));
    expect(gone!.payload.change).toBe('left');
    // Each change is announced once, whether the replayed event or the re-check caught it.
    await eventually('the re-check after the resume', async () => (await syncsSucceeded(bot.db)) > syncsBefore);
    for (const userId of [arriving.user.id, changing.user.id, leaving.user.id]) {
      expect(bot.bus.events(Events.DiscordMemberChanged, about(userId))).toHaveLength(1);
    }
    expect(bot.discord.identifies).toBe(1);
  });

  describe('GET /api/v1/discord/members', () => {
    const list = async (query: string): Promise<Page<DiscordMember>> => {
      const response = await api(bot, `/discord/members${query}`, { token: bot.officer });
      expect(response.status).toBe(200);
      return ((await response.json()) as { data: Page<DiscordMember> }).data;
    };

    it('lists the mirror with the highest guild role and the linked person, filtered and paged', async () => {
      await publishRankMapping(bot);
      const officer = bot.discord.members().find((member) => !member.user.bot && member.roles.includes(bot.discord.rankRoleIds.Officer))!;
      const personId = randomUUID();
      await bot.bus.publish(Events.MemberMatched, {
        personId,
        discordUserId: officer.user.id,
        discordUsername: officer.user.username,
        characterIds: [],
        method: 'manual',
        score: 1,
        rank: { level: RankLevel.Officer, name: 'Officer' },
      });
      await eventually('the link to show', async () => (await list('?linked=true')).total === 1);

      const linked = await list('?linked=true');
      expect(linked.items).toEqual([
        {
          userId: officer.user.id,
          username: officer.user.username,
          displayName: officer.nick ?? officer.user.global_name ?? officer.user.username,
          roleIds: expect.arrayContaining(officer.roles),
          highestGuildRole: { level: RankLevel.Officer, name: 'Officer', roleId: bot.discord.rankRoleIds.Officer },
          present: true,
          personId,
        },
      ]);

      const all = await list('');
      expect(all.items).toHaveLength(50);
      const everyone = all.total;
      expect((await list('?linked=false&limit=1')).total).toBe(everyone - 1);
      const gone = await list('?present=false');
      expect(gone.items.length).toBeGreaterThanOrEqual(2);
      expect(gone.items.every((member) => !member.present)).toBe(true);

      const page = await list('?limit=500&offset=500');
      expect(page.items).toHaveLength(500);
      expect(page.items[0]!.userId).not.toBe(all.items[0]!.userId);

      const found = await list(`?q=${encodeURIComponent(officer.user.username.slice(1, -1).toUpperCase())}`);
      expect(found.items.map((member) => member.userId)).toContain(officer.user.id);
      expect((await list('?q=%25_%25')).total).toBe(0);
    });

    it('refuses bad filters with 400, a missing token with 401 and a rank below Officer with 403', async () => {
      for (const query of ['?linked=yes', '?present=1', '?limit=0', '?limit=501', '?offset=-1', `?q=${'x'.repeat(101)}`, '?colour=red']) {
        const response = await api(bot, `/discord/members${query}`, { token: bot.officer });
        expect({ query, status: response.status }).toEqual({ query, status: 400 });
        expect(await response.json()).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: expect.any(String) })] });
      }
      expect((await api(bot, '/discord/members')).status).toBe(401);
      const veteran = bot.platform.token({ rank: RankLevel.Veteran });
      const forbidden = await api(bot, '/discord/members', { token: veteran });
      expect(forbidden.status).toBe(403);
      expect(await forbidden.json()).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });
  });

  describe('POST /api/v1/discord/syncs', () => {
    it('refuses a body with fields (400), no token (401) and a rank below Officer (403)', async () => {
      const withField = await api(bot, '/discord/syncs', { method: 'POST', token: bot.officer, body: { full: true } });
      expect(withField.status).toBe(400);
      expect(await withField.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'full' }] });
      expect((await api(bot, '/discord/syncs', { method: 'POST', token: bot.officer, body: [] })).status).toBe(400);
      expect((await api(bot, '/discord/syncs', { method: 'POST', body: {} })).status).toBe(401);
      const member = bot.platform.token({ rank: RankLevel.Member });
      expect((await api(bot, '/discord/syncs', { method: 'POST', token: member, body: {} })).status).toBe(403);
    });

    it('says so when a sync is already running instead of starting a second', async () => {
      const first = (await (await api(bot, '/discord/syncs', { method: 'POST', token: bot.officer })).json()) as { data: { syncId: string } };
      const second = await api(bot, '/discord/syncs', { method: 'POST', token: bot.officer, body: {} });
      expect(second.status).toBe(202);
      expect(await second.json()).toEqual({ ok: true, data: { syncId: first.data.syncId, alreadyRunning: true } });
    });
  });
});
