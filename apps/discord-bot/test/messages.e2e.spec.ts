import { randomUUID } from 'node:crypto';
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { connect } from 'nats';
import { Events, IssueSeverity, IssueSummary, IssueType, PayloadOf, RankLevel, Requests, RosterChange, RosterCharacter } from '@patt/contracts';
import { busConnectOptions, clientAs, DISCORD_MESSAGE_LIMITS, discordEmbedSize, DiscordRoute, eventually } from '@patt/testing';
import { api, BotHarness, publishRankMapping, startBot, syncsSucceeded } from './support/harness';

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
  let leader: string;

  const logs = (): string[] => ['discord-bot', 'auth'].flatMap((app) => bot.platform.services.get(app as 'auth')?.output ?? []);
  const delivery = async (inviteId: string) =>
    (await bot.db.query<{ status: string }>('SELECT status FROM discord.invite_deliveries WHERE invite_id = $1', [inviteId])).rows[0];
  const atAuth = async (inviteId: string) =>
    (await bot.db.query<{ sealed_code: string | null; delivery: string; delivery_reason: string | null }>('SELECT sealed_code, delivery, delivery_reason FROM auth.invites WHERE id = $1', [inviteId])).rows[0];
  /** A member auth knows (as identity announces them), invited by the Guild Leader through the gateway. */
  const invite = async (discordUserId: string, username: string): Promise<{ personId: string; inviteId: string; code: string }> => {
    const personId = randomUUID();
    await bot.bus.publish(Events.MemberMatched, { personId, discordUserId, discordUsername: username, characterIds: [], method: 'manual', score: 1, rank: { level: RankLevel.Member, name: 'Member' } });
    let code: string | undefined;
    await eventually('auth to know the member', async () => {
      const answer = await api(bot, `/members/${personId}/invites`, { method: 'POST', token: leader, body: {} });
      if (answer.status === 201) code = ((await answer.json()) as { data: { code: string } }).data.code;
      return code !== undefined;
    });
    const { rows } = await bot.db.query<{ id: string }>('SELECT id FROM auth.invites WHERE person_id = $1', [personId]);
    return { personId, inviteId: rows[0]!.id, code: code as string };
  };
  /** Every message the suite's stream holds, as text. */
  const streamText = async (): Promise<string> => {
    const connection = await connect(busConnectOptions(bot.platform.bus));
    try {
      const jsm = await connection.jetstreamManager();
      const { state } = await jsm.streams.info(bot.platform.bus.stream);
      const texts: string[] = [];
      for (let seq = state.first_seq; seq <= state.last_seq; seq += 1) {
        const message = await jsm.streams.getMessage(bot.platform.bus.stream, { seq }).catch(() => null);
        if (message) texts.push(new TextDecoder().decode(message.data));
      }
      return texts.join('\n');
    } finally {
      await connection.close();
    }
  };

  beforeAll(async () => {
    bot = await startBot({
      guild: { seed: 31, memberCount: 80, members: [{ username: 'open_doors', rank: 'Member' }, { username: 'closed_doors', rank: 'Member', dmsClosed: true }] },
      withAuth: true,
    });
    open = bot.discord.members().find((member) => member.user.username === 'open_doors')!.user.id;
    closed = bot.discord.members().find((member) => member.user.username === 'closed_doors')!.user.id;
    leader = bot.platform.token({ rank: RankLevel.GuildLeader, username: 'leader' });
    await eventually('the first full sync', async () => (await syncsSucceeded(bot.db)) >= 1, 30_000);
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it('DMs a member their invite with the code it takes from auth, once; no outbox, stream or dead letter holds the code', async () => {
    const { personId, inviteId, code } = await invite(open, 'open_doors');
    await eventually('the DM', () => bot.discord.dms(open).length === 1);
    const [dm] = bot.discord.dms(open);
    expect(dm!.content).toContain(`\`${code}\``);
    expect(dm!.content).toContain(`https://patt.example/register?code=${code}`);
    await eventually('the delivery to be settled', async () => (await delivery(inviteId))?.status === 'sent');
    // Auth erased the code as it handed it over, and heard how the DM went.
    await eventually('auth to hear the DM was sent', async () => (await atAuth(inviteId))?.delivery === 'sent');
    expect(await atAuth(inviteId)).toEqual({ sealed_code: null, delivery: 'sent', delivery_reason: null });
    const listed = await api(bot, `/members/${personId}/invites`, { token: leader });
    const body = (await listed.json()) as { data: { items: Array<Record<string, unknown>> } };
    expect(body.data.items).toEqual([expect.objectContaining({ id: inviteId, delivery: 'sent', usedAt: null, revokedAt: null })]);
    expect(JSON.stringify(body)).not.toContain(code);

    // A second claim (a retried request, another replica of the bot) gets nothing.
    const client = await clientAs(bot.platform, 'discord-bot', 'second-claim', 5_000);
    try {
      expect(await client.send(Requests.InvitesClaimForDelivery, { inviteId })).toEqual({ status: 'gone', inviteId, reason: 'claimed' });
    } finally {
      await client.onApplicationShutdown();
    }

    // The same event again (a redelivery) sends nothing more.
    const { rows: created } = await bot.db.query<{ payload: unknown }>(`SELECT payload FROM auth.outbox WHERE subject = $1`, [Events.InviteCreated]);
    await bot.bus.publish(Events.InviteCreated, created[0]!.payload as PayloadOf<typeof Events.InviteCreated>);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(bot.discord.dms(open)).toHaveLength(1);

    // Nowhere at rest: not in an event, the outbox, the stream, a dead letter, a table or a log.
    expect(created[0]!.payload).toEqual({ inviteId, personId, discordUserId: open, expiresAt: expect.any(String) });
    const stored = await bot.db.query<{ text: string }>(
      `SELECT string_agg(t, ' ') AS text FROM (
         SELECT payload::text AS t FROM auth.outbox UNION ALL SELECT payload::text FROM discord.outbox
         UNION ALL SELECT coalesce(envelope::text, '') FROM auth.dead_letters UNION ALL SELECT coalesce(envelope::text, '') FROM discord.dead_letters
         UNION ALL SELECT row_to_json(i)::text FROM auth.invites i UNION ALL SELECT row_to_json(d)::text FROM discord.invite_deliveries d) everything`,
    );
    expect(stored.rows[0]!.text).toContain(inviteId);
    expect(stored.rows[0]!.text).not.toContain(code);
    const stream = await streamText();
    expect(stream).toContain(inviteId);
    expect(stream).not.toContain(code);
    expect(logs().filter((line) => line.includes(code))).toEqual([]);
  });

  it('tells officers in the audit channel, and auth, when a member’s DMs are closed, without the code', async () => {
    const { inviteId, code } = await invite(closed, 'closed_doors');
    await eventually('the notice', () => bot.discord.auditMessages().some((message) => message.embeds[0]?.title === 'Invite not delivered'));
    const refused = bot.discord.callsTo(DiscordRoute.createMessage).find((call) => call.status === 403);
    expect(refused).toMatchObject({ errorCode: 50007 });
    const notice = bot.discord.auditMessages().find((message) => message.embeds[0]?.title === 'Invite not delivered')!;
    expect(notice.embeds[0]!.description).toContain(`<@${closed}> (closed_doors)`);
    expect(notice.embeds[0]!.description).toContain('do not accept direct messages');
    expect(JSON.stringify(bot.discord.auditMessages())).not.toContain(code);
    expect(bot.discord.dms(closed)).toEqual([]);
    await eventually('the delivery to be settled', async () => (await delivery(inviteId))?.status === 'refused');
    await eventually('auth to hear the DM was refused', async () => (await atAuth(inviteId))?.delivery === 'refused');
    expect((await atAuth(inviteId))?.delivery_reason).toContain('50007');
    expect(logs().filter((line) => line.includes(code))).toEqual([]);
  });

  it('DMs the members an officer reminds to link Battle.net, once, and sets aside the DM closed doors refuse', async () => {
    const payload = {
      requestId: randomUUID(),
      requestedBy: 'leader',
      members: [
        { personId: randomUUID(), discordUserId: open, displayName: 'Open Doors' },
        { personId: randomUUID(), discordUserId: closed, displayName: 'Closed Doors' },
      ],
      at: new Date().toISOString(),
    };
    const before = bot.discord.dms(open).length;
    const sent = await bot.bus.publish(Events.BattlenetRemindersRequested, payload);
    await eventually('the reminder DM', () => bot.discord.dms(open).length === before + 1);
    const dm = bot.discord.dms(open).at(-1)!;
    expect(dm.content).toContain('Hi Open Doors!');
    expect(dm.content).toContain('"Link Battle.net": https://patt.example/me');
    const reminders = async () =>
      (await bot.db.query<{ recipient_user_id: string; status: string }>(`SELECT recipient_user_id, status FROM discord.channel_posts WHERE kind = 'battlenet_reminder' ORDER BY id`)).rows;
    await eventually('both reminders settled', async () => (await reminders()).every((r) => r.status !== 'pending'));
    expect(await reminders()).toEqual([
      { recipient_user_id: open, status: 'posted' },
      { recipient_user_id: closed, status: 'failed' },
    ]);
    expect(bot.discord.dms(closed)).toEqual([]);

    // The same event again (a redelivery) sends nothing more.
    await bot.bus.publish(Events.BattlenetRemindersRequested, payload, { id: sent.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(bot.discord.dms(open)).toHaveLength(before + 1);
  });

  it('tells officers in the audit channel who linked characters with Battle.net, once, pinging nobody', async () => {
    const lines = () => bot.discord.auditMessages().filter((message) => message.content.includes('with Battle.net'));
    const payload = {
      personId: randomUUID(),
      discordUserId: open,
      battlenetAccountId: 4242,
      battletag: 'OpenDoors#1234',
      linkedCharacterIds: [randomUUID(), randomUUID(), randomUUID()],
      waitingBlizzardIds: [77],
      conflictCharacterIds: [],
      at: new Date().toISOString(),
    };
    // A refresh that changed nothing is not worth a line.
    await bot.bus.publish(Events.CharactersClaimed, { ...payload, personId: randomUUID(), linkedCharacterIds: [], waitingBlizzardIds: [] });
    const sent = await bot.bus.publish(Events.CharactersClaimed, payload);
    await eventually('the line', () => lines().length === 1);
    expect(lines()[0]!.content).toBe(`<@${open}> (OpenDoors#1234) linked 3 characters with Battle.net; 1 character not in the guild, linked when it joins.`);
    // The same event again (a redelivery) posts nothing more.
    await bot.bus.publish(Events.CharactersClaimed, payload, { id: sent.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(lines()).toHaveLength(1);
    const posted = await bot.db.query<{ kind: string; status: string }>(`SELECT kind, status FROM discord.channel_posts WHERE kind = 'battlenet_claim'`);
    expect(posted.rows).toEqual([{ kind: 'battlenet_claim', status: 'posted' }]);
  });

  it('changes no roles in report mode', async () => {
    await publishRankMapping(bot);
    const member = bot.discord.members().find((m) => m.roles.includes(bot.discord.rankRoleIds.Member) && !m.user.bot)!;
    await bot.bus.publish(Events.MemberRankChanged, { personId: randomUUID(), discordUserId: member.user.id, from: RankLevel.Member, to: RankLevel.Officer });
    await eventually('the rank', async () => (await bot.db.query('SELECT 1 FROM discord.linked_members WHERE discord_user_id = $1', [member.user.id])).rowCount === 1);
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

    await eventually('every embed of the report', () => embedsOf(bot.discord.auditMessages().slice(before)).length === 1 + ISSUE_COUNTS.length);
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
    const { rows } = await bot.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM discord.channel_posts WHERE kind = 'integrity_report' GROUP BY status`);
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
    await eventually('the summary', () => summaries().length === 1);
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
