import { randomUUID } from 'node:crypto';
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { Events, IssueSeverity, IssueSummary, IssueType, RankLevel, RosterChange, RosterCharacter } from '@patt/contracts';
import { DISCORD_MESSAGE_LIMITS, DiscordRoute, discordEmbedSize } from '@patt/testing';
import { BotHarness, eventually, publishRankMapping, startBot, syncsSucceeded } from './support/harness';

jest.setTimeout(60_000);

const ISSUE_COUNTS: ReadonlyArray<readonly [IssueType, number, IssueSeverity]> = [
  ['orphan_character', 120, 'warning'],
  ['role_mismatch', 60, 'critical'],
  ['stale_character', 50, 'info'],
  ['orphan_discord', 40, 'warning'],
  ['no_guild_role', 20, 'warning'],
  ['rank_changed', 10, 'info'],
];

function issues(): IssueSummary[] {
  return ISSUE_COUNTS.flatMap(([type, count, severity]) =>
    Array.from({ length: count }, (_, index) => ({
      id: randomUUID(),
      type,
      severity,
      summary: `${type.replace(/_/g, ' ')} #${index + 1}: Þórgrímr-Sen'jin of the long and winding note that officers wrote about them ${'·'.repeat(60)}`,
      characterId: randomUUID(),
      discordUserId: null,
      personId: null,
    })),
  );
}

function character(name: string): RosterCharacter {
  return {
    characterId: randomUUID(),
    blizzardId: Math.floor(Math.random() * 1e9),
    name,
    realmSlug: 'senjin',
    realmName: "Sen'jin",
    className: 'Warrior',
    specName: 'Protection',
    role: 'tank',
    level: 80,
    itemLevel: 600,
    guildRankIndex: 3,
    lastLoginAt: null,
    guildNote: null,
    officerNote: null,
  };
}

function change(type: RosterChange['type'], name: string): RosterChange {
  return { type, characterId: randomUUID(), blizzardId: 1, characterName: name, realmSlug: 'senjin', from: null, to: null, at: new Date().toISOString() };
}

const embedsOf = (messages: APIMessage[]): APIEmbed[] => messages.flatMap((message) => message.embeds);

describe('messages: invite DMs, notices and reports for the audit channel (ROLE_SYNC_MODE=report)', () => {
  let bot: BotHarness;
  let open: string;
  let closed: string;

  const logs = (): string[] => bot.platform.services.get('discord-bot')?.output ?? [];
  const delivery = async (inviteId: string) =>
    (await bot.db.query<{ status: string; code: string | null }>('SELECT status, code FROM discord.invite_deliveries WHERE invite_id = $1', [inviteId])).rows[0];
  const invite = (discordUserId: string, code: string) =>
    bot.bus.publish(Events.InviteCreated, {
      inviteId: randomUUID(),
      personId: randomUUID(),
      discordUserId,
      code,
      expiresAt: new Date(Date.now() + 72 * 3_600_000).toISOString(),
    });

  beforeAll(async () => {
    bot = await startBot({
      guild: { seed: 31, memberCount: 80, members: [{ username: 'open_doors', rank: 'Member' }, { username: 'closed_doors', rank: 'Member', dmsClosed: true }] },
    });
    open = bot.discord.members().find((member) => member.user.username === 'open_doors')!.user.id;
    closed = bot.discord.members().find((member) => member.user.username === 'closed_doors')!.user.id;
    await eventually(async () => (await syncsSucceeded(bot.db)) >= 1, 'the first full sync', 30_000);
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it('DMs a member their invite code and registration link, and forgets the code once sent', async () => {
    const code = 'PATT-7F3K-Q9ZD';
    const event = await invite(open, code);
    await eventually(() => bot.discord.dms(open).length === 1, 'the DM');
    const [dm] = bot.discord.dms(open);
    expect(dm!.content).toContain(`\`${code}\``);
    expect(dm!.content).toContain(`https://patt.example/register?code=${code}`);
    await eventually(async () => (await delivery(event.payload.inviteId))?.status === 'sent', 'the delivery to be settled');
    expect(await delivery(event.payload.inviteId)).toEqual({ status: 'sent', code: null });

    // The same event again (a redelivery) sends nothing more.
    await bot.bus.publish(Events.InviteCreated, event.payload);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(bot.discord.dms(open)).toHaveLength(1);
    expect(logs().filter((line) => line.includes(code))).toEqual([]);
  });

  it('tells officers in the audit channel when a member’s DMs are closed, without the code', async () => {
    const code = 'PATT-CL0S-ED42';
    const event = await invite(closed, code);
    await eventually(() => bot.discord.auditMessages().some((message) => message.embeds[0]?.title === 'Invite not delivered'), 'the notice');
    const refused = bot.discord.callsTo(DiscordRoute.createMessage).find((call) => call.status === 403);
    expect(refused).toMatchObject({ errorCode: 50007 });
    const notice = bot.discord.auditMessages().find((message) => message.embeds[0]?.title === 'Invite not delivered')!;
    expect(notice.embeds[0]!.description).toContain(`<@${closed}> (closed_doors)`);
    expect(notice.embeds[0]!.description).toContain('do not accept direct messages');
    expect(JSON.stringify(bot.discord.auditMessages())).not.toContain(code);
    expect(bot.discord.dms(closed)).toEqual([]);
    await eventually(async () => (await delivery(event.payload.inviteId))?.status === 'refused', 'the delivery to be settled');
    expect((await delivery(event.payload.inviteId))?.code).toBeNull();
    expect(logs().filter((line) => line.includes(code))).toEqual([]);
  });

  it('changes no roles in report mode', async () => {
    await publishRankMapping(bot);
    const member = bot.discord.members().find((m) => m.roles.includes(bot.discord.rankRoleIds.Member) && !m.user.bot)!;
    await bot.bus.publish(Events.MemberRankChanged, { personId: randomUUID(), discordUserId: member.user.id, from: RankLevel.Member, to: RankLevel.Officer });
    await eventually(async () => (await bot.db.query('SELECT 1 FROM discord.linked_members WHERE discord_user_id = $1', [member.user.id])).rowCount === 1, 'the rank');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(bot.discord.callsTo(DiscordRoute.addMemberRole)).toEqual([]);
    expect(bot.discord.callsTo(DiscordRoute.removeMemberRole)).toEqual([]);
  });

  it('posts a report of 300 issues in two parts as a header and one embed per type, split within Discord’s limits', async () => {
    const all = issues();
    const reportId = randomUUID();
    const before = bot.discord.auditMessages().length;
    await bot.bus.publish(Events.IntegrityReported, { reportId, full: false, part: 1, parts: 2, opened: all.slice(0, 150), resolved: [], openCount: 300 });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(bot.discord.auditMessages()).toHaveLength(before);
    await bot.bus.publish(Events.IntegrityReported, { reportId, full: false, part: 2, parts: 2, opened: all.slice(150), resolved: all.slice(0, 3), openCount: 300 });

    await eventually(() => embedsOf(bot.discord.auditMessages().slice(before)).length === 1 + ISSUE_COUNTS.length, 'every embed of the report');
    const messages = bot.discord.auditMessages().slice(before);
    expect(messages.length).toBeGreaterThan(1);
    for (const [index, message] of messages.entries()) {
      expect(message.embeds.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMITS.embeds);
      expect(message.embeds.reduce((sum, embed) => sum + discordEmbedSize(embed), 0)).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMITS.totalEmbedCharacters);
      expect(message.content).toBe(`Integrity report, part ${index + 1} of ${messages.length}`);
    }
    const [header, ...types] = embedsOf(messages);
    expect(header).toMatchObject({ title: 'Integrity report', color: 0xe74c3c, description: expect.stringContaining('**300** new, **3** resolved; **300** open in all.') });
    expect(types.map((embed) => embed.title)).toEqual([
      'Discord roles that do not match the rank (60 new)',
      'Discord members with a guild role but no characters (40 new)',
      'Members without a guild role on Discord (20 new)',
      'Characters linked to no member (120 new, 3 resolved)',
      'Rank changes (10 new)',
      'Characters not seen for a while (50 new)',
    ]);
    const colours = { critical: 0xe74c3c, warning: 0xe67e22, info: 0x3498db };
    for (const embed of types) {
      const [type, count, severity] = ISSUE_COUNTS.find(([t]) => embed.description?.startsWith(`• ${t.replace(/_/g, ' ')} #`))!;
      const lines = embed.description!.split('\n');
      expect(embed.description!.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMITS.description);
      expect(embed.color).toBe(colours[severity]);
      const listed = lines.filter((line) => line.startsWith('• '));
      expect(listed.length).toBeLessThanOrEqual(20);
      if (count > listed.length) expect(lines[lines.length - 1]).toBe(`…and ${count - listed.length} more`);
      else expect(listed).toHaveLength(count);
      expect(type).toBeDefined();
    }
    const { rows } = await bot.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM discord.audit_posts WHERE kind = 'integrity_report' GROUP BY status`);
    expect(rows).toEqual([{ status: 'posted', n: messages.length }]);
  });

  it('posts one roster summary after the last part, counting joins and departures across parts', async () => {
    const summaries = () => bot.discord.auditMessages().filter((message) => message.embeds[0]?.title === 'Roster sync');
    // A run in which nobody joined or left is not worth a post.
    await bot.bus.publish(Events.RosterSynced, {
      runId: randomUUID(),
      syncedAt: new Date().toISOString(),
      part: 1,
      parts: 1,
      characters: [character('Quiet')],
      changes: [change('level_changed', 'Quiet')],
    });
    const runId = randomUUID();
    const syncedAt = new Date().toISOString();
    await bot.bus.publish(Events.RosterSynced, {
      runId,
      syncedAt,
      part: 1,
      parts: 2,
      characters: [character('Trog'), character('Zug'), character('Mok')],
      changes: [change('joined', 'Trog'), change('joined', 'Zug'), change('joined', 'Mok'), change('left', 'Gone'), change('rank_changed', 'Trog')],
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(summaries()).toEqual([]);
    await bot.bus.publish(Events.RosterSynced, {
      runId,
      syncedAt,
      part: 2,
      parts: 2,
      characters: [character('Lok'), character('Back')],
      changes: [change('joined', 'Lok'), change('rejoined', 'Back'), change('left', 'Away')],
    });
    await eventually(() => summaries().length === 1, 'the summary');
    const [summary] = summaries()[0]!.embeds;
    expect(summary!.description).toBe('**4** joined, **1** came back, **2** left; 5 characters in the guild now. 1 rank changes.');
    expect(summary!.fields).toEqual([
      { name: 'Joined (4)', value: 'Trog (senjin), Zug (senjin), Mok (senjin), Lok (senjin)' },
      { name: 'Came back (1)', value: 'Back (senjin)' },
      { name: 'Left (2)', value: 'Gone (senjin), Away (senjin)' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(summaries()).toHaveLength(1);
  });
});
