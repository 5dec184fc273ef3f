import { randomUUID } from 'node:crypto';
import type { APIGuildMember } from 'discord-api-types/v10';
import { Events, RankLevel } from '@patt/contracts';
import { DiscordRestCall, DiscordRoute, eventually, parsePrometheusText, RANK_ROLE_OF_LEVEL } from '@patt/testing';
import { api, BotHarness, botOutput, publishRankMapping, startBot, syncsSucceeded } from './support/harness';

jest.setTimeout(90_000);

const ROLE_ROUTES = new Set<string>([DiscordRoute.addMemberRole, DiscordRoute.removeMemberRole]);

describe('role sync (ROLE_SYNC_MODE=enforce): rank roles follow ranks, and nothing else is touched', () => {
  let bot: BotHarness;
  let rankRoleIds: string[];
  const used = new Set<string>();
  const personOf = new Map<string, string>();

  const roleCalls = (since = 0): DiscordRestCall[] => bot.discord.calls.filter((call) => call.seq > since && call.route !== null && ROLE_ROUTES.has(call.route));
  const lastSeq = (): number => bot.discord.calls[bot.discord.calls.length - 1]?.seq ?? 0;
  const roleOf = (level: RankLevel): string => bot.discord.rankRoleIds[RANK_ROLE_OF_LEVEL[level]];
  const rankRolesOf = (userId: string): string[] => (bot.discord.member(userId)?.roles ?? []).filter((id) => rankRoleIds.includes(id)).sort();
  /** What a member's roles should end as with `level`: their other roles as they are, and that rank's role. */
  const expectedRoles = (member: APIGuildMember, level: RankLevel): string[] =>
    [...member.roles.filter((id) => !rankRoleIds.includes(id)), roleOf(level)].sort();
  const rolesNow = (userId: string): string[] => [...(bot.discord.member(userId)?.roles ?? [])].sort();

  const pick = (match: (member: APIGuildMember) => boolean): APIGuildMember => {
    const found = bot.discord.members().find((member) => !member.user.bot && !used.has(member.user.id) && match(member));
    if (!found) throw new Error('no such member in the generated guild');
    used.add(found.user.id);
    return found;
  };
  const rankChange = (userId: string, to: RankLevel) => {
    const personId = personOf.get(userId) ?? randomUUID();
    personOf.set(userId, personId);
    return bot.bus.publish(Events.MemberRankChanged, { personId, discordUserId: userId, from: null, to });
  };
  const dueCount = async (): Promise<number> =>
    (await bot.db.query<{ n: number }>('SELECT count(*)::int AS n FROM discord.linked_members WHERE roles_due')).rows[0]!.n;

  beforeAll(async () => {
    bot = await startBot({ guild: { seed: 21, memberCount: 700 }, mode: 'enforce' });
    rankRoleIds = Object.values(bot.discord.rankRoleIds);
    await eventually('the first full sync', async () => (await syncsSucceeded(bot.db)) >= 1, 30_000);
    await publishRankMapping(bot);
  });

  afterAll(async () => {
    await bot?.stop();
  });

  afterEach(() => {
    if (expect.getState().assertionCalls === 0) console.log(botOutput(bot));
  });

  it('adds the rank’s role and removes the other rank roles, leaving every other role alone', async () => {
    const { Member, Veteran, Initiate } = bot.discord.rankRoleIds;
    const raider = bot.discord.roleId('Raider');
    const promoted = pick((m) => m.roles.includes(Member) && m.roles.includes(raider) && rankRolesOf(m.user.id).length === 1);
    const unranked = pick((m) => rankRolesOf(m.user.id).length === 0);
    const doubled = pick((m) => rankRolesOf(m.user.id).length === 2 && m.roles.includes(Veteran));
    const since = lastSeq();

    await rankChange(promoted.user.id, RankLevel.Veteran);
    await rankChange(unranked.user.id, RankLevel.Initiate);
    await rankChange(doubled.user.id, RankLevel.Veteran);
    await eventually(
      'the roles to be put right',
      () =>
        rolesNow(promoted.user.id).join() === expectedRoles(promoted, RankLevel.Veteran).join() &&
        rolesNow(unranked.user.id).join() === expectedRoles(unranked, RankLevel.Initiate).join() &&
        rolesNow(doubled.user.id).join() === expectedRoles(doubled, RankLevel.Veteran).join(),
    );

    const callsOf = (userId: string) =>
      roleCalls(since)
        .filter((call) => call.params['userId'] === userId)
        .map((call) => `${call.method} ${call.params['roleId']}`);
    expect(callsOf(promoted.user.id)).toEqual([`PUT ${Veteran}`, `DELETE ${Member}`]);
    expect(callsOf(unranked.user.id)).toEqual([`PUT ${Initiate}`]);
    const stale = doubled.roles.find((id) => rankRoleIds.includes(id) && id !== Veteran);
    expect(callsOf(doubled.user.id)).toEqual([`DELETE ${stale}`]);
    expect(bot.discord.member(promoted.user.id)?.roles).toContain(raider);
    expect(roleCalls(since).every((call) => call.status === 204 && call.reason === 'PATT role sync: rank ' + (call.params['userId'] === unranked.user.id ? 'Initiate' : 'Veteran'))).toBe(true);

    // The mirror takes each change as Discord's gateway confirms it (the PUT's member update and the
    // DELETE's each arrive on their own), and says so on the bus.
    const mirrored = async () =>
      [...((await bot.db.query<{ role_ids: string[] }>('SELECT role_ids FROM discord.discord_members WHERE user_id = $1', [promoted.user.id])).rows[0]?.role_ids ?? [])].sort();
    const wanted = expectedRoles(promoted, RankLevel.Veteran);
    await eventually('the mirror to hold the promoted member’s roles', async () => JSON.stringify(await mirrored()) === JSON.stringify(wanted));
    expect(await mirrored()).toEqual(wanted);
    await bot.bus.waitFor(
      Events.DiscordMemberChanged,
      (e) => e.payload.member.userId === promoted.user.id && !e.payload.member.roleIds.includes(Member) && e.payload.member.roleIds.includes(Veteran),
    );
  });

  it('makes no call when a member’s roles are already right, and a second pass makes none at all', async () => {
    const officer = pick((m) => rankRolesOf(m.user.id).join() === bot.discord.rankRoleIds.Officer);
    const since = lastSeq();
    await bot.bus.publish(Events.MemberMatched, {
      personId: randomUUID(),
      discordUserId: officer.user.id,
      discordUsername: officer.user.username,
      characterIds: [],
      method: 'exact_name',
      score: 1,
      rank: { level: RankLevel.Officer, name: 'Officer' },
    });
    await eventually('the officer’s roles to be checked', async () => {
      const { rows } = await bot.db.query<{ due: boolean }>('SELECT roles_due AS due FROM discord.linked_members WHERE discord_user_id = $1', [officer.user.id]);
      return rows[0]?.due === false;
    });

    const syncs = await syncsSucceeded(bot.db);
    const response = await api(bot, '/discord/syncs', { method: 'POST', token: bot.officer, body: {} });
    expect(response.status).toBe(202);
    await eventually('the second pass over every linked member', async () => (await syncsSucceeded(bot.db)) > syncs && (await dueCount()) === 0);
    expect(roleCalls(since)).toEqual([]);
  });

  /** The bot's role calls as its GET /metrics counts them, by status code; and the scrape's text. */
  const roleCallsCounted = async (): Promise<{ byStatus: Record<string, number>; text: string }> => {
    const text = await (await fetch(`http://127.0.0.1:${bot.platform.healthPorts.get('discord-bot')}/metrics`)).text();
    const byStatus: Record<string, number> = {};
    for (const sample of parsePrometheusText(text).get('discord_api_requests_total')?.samples ?? []) {
      if (!sample.labels['route']?.includes('/roles/')) continue;
      const status = sample.labels['status_code'] as string;
      byStatus[status] = (byStatus[status] ?? 0) + sample.value;
    }
    return { byStatus, text };
  };

  it('waits out Discord’s 429s (retry_after) without hammering, and makes each change once', async () => {
    bot.discord.setRouteLimit({ bucket: 'member-roles', routes: [DiscordRoute.addMemberRole, DiscordRoute.removeMemberRole], limit: 2, windowMs: 1_000 });
    // Spend the window first, as another client of the same bot would: the bot's first call meets a 429.
    const bystander = pick(() => true);
    for (const role of ['PvP', 'Crafter']) {
      await fetch(`${bot.discord.apiUrl}/v10/guilds/${bot.discord.guildId}/members/${bystander.user.id}/roles/${bot.discord.roleId(role)}`, {
        method: 'PUT',
        headers: { authorization: `Bot ${bot.discord.token}` },
      });
    }
    const hitsBefore = bot.discord.rateLimitHits;
    const countedBefore = await roleCallsCounted();
    const since = lastSeq();
    const members = Array.from({ length: 6 }, () => pick((m) => rankRolesOf(m.user.id).length === 1 && !m.roles.includes(bot.discord.rankRoleIds.Initiate)));
    for (const member of members) await rankChange(member.user.id, RankLevel.Initiate);

    await eventually('the rate-limited changes', () => members.every((m) => rolesNow(m.user.id).join() === expectedRoles(m, RankLevel.Initiate).join()), 30_000);
    const calls = roleCalls(since);
    const done = calls.filter((call) => call.status === 204);
    const limited = calls.filter((call) => call.status === 429);
    expect(done).toHaveLength(members.length * 2);
    expect(new Set(done.map((call) => `${call.method} ${call.path}`)).size).toBe(done.length);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(bot.discord.rateLimitHits - hitsBefore).toBe(limited.length);
    // discord.js waits for the window to reset after a 429 instead of retrying at once.
    expect(limited.length).toBeLessThanOrEqual(3);
    // The bot's metrics counted the same calls, by route template (no member's or role's id) and status.
    const counted = await roleCallsCounted();
    const moved = (status: string) => (counted.byStatus[status] ?? 0) - (countedBefore.byStatus[status] ?? 0);
    expect({ ok: moved('204'), limited: moved('429') }).toEqual({ ok: done.length, limited: limited.length });
    expect(counted.text).not.toMatch(/discord_api_\w+\{[^}]*\d{15,}/);
    bot.discord.clearRouteLimits();
  });

  it('killed (SIGKILL) mid-way through 500 rank changes and restarted: every member ends right, no call made twice', async () => {
    bot.discord.setRouteLimit({ bucket: 'member-roles', routes: [DiscordRoute.addMemberRole, DiscordRoute.removeMemberRole], limit: 60, windowMs: 500 });
    const levels = [RankLevel.Initiate, RankLevel.Member, RankLevel.Veteran, RankLevel.Officer];
    const changes = Array.from({ length: 500 }, (_, index) => {
      const member = pick(() => true);
      const current = rankRolesOf(member.user.id);
      const level = levels.find((candidate, offset) => offset >= index % levels.length && !current.includes(roleOf(candidate))) ??
        levels.find((candidate) => !current.includes(roleOf(candidate)))!;
      return { member, level, expected: expectedRoles(member, level) };
    });
    const needed = changes.reduce((sum, { member, level }) => {
      const current = rankRolesOf(member.user.id);
      return sum + (current.includes(roleOf(level)) ? 0 : 1) + current.filter((id) => id !== roleOf(level)).length;
    }, 0);
    const since = lastSeq();
    const succeeded = () => roleCalls(since).filter((call) => call.status === 204).length;

    for (const { member, level } of changes) await rankChange(member.user.id, level);
    await eventually('the bot to be well into the changes', async () => {
      const { rows } = await bot.db.query<{ n: number }>('SELECT count(*)::int AS n FROM discord.linked_members WHERE discord_user_id = ANY($1)', [
        changes.map(({ member }) => member.user.id),
      ]);
      return rows[0]!.n === changes.length && succeeded() >= 200;
    }, 30_000, 20);

    await bot.platform.services.get('discord-bot')!.kill();
    const doneAtKill = succeeded();
    expect(doneAtKill).toBeLessThan(needed);
    await bot.platform.start('discord-bot');

    await eventually('every member to end right', () => changes.every(({ member, expected }) => rolesNow(member.user.id).join() === expected.join()), 45_000);
    const done = roleCalls(since).filter((call) => call.status === 204);
    const twice = [...done.reduce((seen, call) => seen.set(`${call.method} ${call.path}`, (seen.get(`${call.method} ${call.path}`) ?? 0) + 1), new Map<string, number>())].filter(
      ([, count]) => count > 1,
    );
    expect(twice).toEqual([]);
    expect(done).toHaveLength(needed);
    expect(done.every((call) => rankRoleIds.includes(call.params['roleId']!))).toBe(true);
    bot.discord.clearRouteLimits();
  });
});
