// The slash commands end to end: the real discord.js client of the Discord bot on the Discord
// stand-in, answering from the platform's real services (identity, auth, guild-sync on the Blizzard
// stand-in, campaigns) through the gateway-less bus, each its own process. Members are made the way
// production makes them (a roster sync, the Discord mirror, the matching); their ranks are set by
// the Guild Leader through the API, and the bot hears of them from identity's events.
import { Client } from 'pg';
import { RankLevel } from '@patt/contracts';
import {
  DiscordInteraction,
  DiscordPlayer,
  discordPlayers,
  DiscordRoute,
  DiscordStandIn,
  eventually,
  generateDiscordGuild,
  generateGuild,
  InteractionMessage,
  RANK_ROLE_OF_LEVEL,
  StandInPlatform,
  startStandInPlatform,
  TestPlatform,
} from '@patt/testing';

jest.setTimeout(240_000);

type Json = { ok: boolean; data: any; error?: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any

const COMMANDS = ['get-account', 'invite', 'issues', 'me', 'reset-password', 'sync', 'votes', 'whois'];

interface Player {
  name: string;
  username: string;
  discordUserId: string;
  personId: string;
}

describe('slash commands: the bot answers members and officers with the platform’s data and rank rules', () => {
  let standIns: StandInPlatform;
  let discord: DiscordStandIn;
  let platform: TestPlatform;
  let db: Client;
  let leader: string;
  /** An Officer, a Member and a Member to be invited, each a player linked by the matching. */
  let officer: Player;
  let member: Player;
  let invitee: Player;
  /** A Discord user of the server linked to no member. */
  let stranger: string;

  const call = async (method: string, path: string, token: string | null = leader, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  const botLog = (lines = 40) => (platform.services.get('discord-bot')?.output ?? []).slice(-lines).join('\n');

  /** Runs a command as a Discord user and waits for its answer (not the "thinking…" placeholder). */
  const run = async (
    userId: string,
    name: string,
    options: { options?: Record<string, string>; subcommand?: string; until?: (message: InteractionMessage) => boolean; timeoutMs?: number } = {},
  ): Promise<{ interaction: DiscordInteraction; answer: InteractionMessage }> => {
    const interaction = discord.invokeCommand({ name, userId, options: options.options, subcommand: options.subcommand });
    try {
      const answer = await interaction.waitForReply(options.until, options.timeoutMs ?? 15_000);
      return { interaction, answer };
    } catch (error) {
      throw new Error(`/${name} got no answer: ${String(error)}\nevents: ${JSON.stringify(interaction.events)}\n${botLog()}`);
    }
  };
  const text = (message: InteractionMessage): string => JSON.stringify([message.content, message.embeds]);

  beforeAll(async () => {
    let players: DiscordPlayer[] = [];
    standIns = await startStandInPlatform({
      blizzard: { guild: generateGuild({ size: 16, seed: 11 }), ratePerSecond: 0 },
      discord: (blizzard) => {
        players = discordPlayers(blizzard.guild.members(), 3);
        return {
          heartbeatIntervalMs: 1_000,
          guild: generateDiscordGuild({ seed: 4, memberCount: 12, dmsClosedRatio: 0, members: players.map((p) => ({ username: p.username, rank: RANK_ROLE_OF_LEVEL[p.level] })) }),
        };
      },
      env: { 'guild-sync': { SYNC_ON_EMPTY_ROSTER: 'false' } },
    });
    ({ discord, platform } = standIns);
    db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
    leader = platform.token({ rank: RankLevel.GuildLeader, username: 'leader' });
    await standIns.mapRanksToRoles();
    expect((await call('POST', '/guild-sync/runs', leader, {})).status).toBe(202);
    const userIdOf = (username: string) => discord.members().find((m) => m.user.username === username)?.user.id as string;
    const linked = await eventually(
      'the three players as members the bot knows',
      async () => {
        const { body } = await call('GET', '/members?limit=100');
        const found = players.map((p) => body.data.items.find((m: { discord: { username: string } | null }) => m.discord?.username === p.username));
        if (!found.every((m) => m !== undefined)) return undefined;
        const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM discord.linked_members');
        return rows[0]!.n >= 3 ? found : undefined;
      },
      90_000,
    );
    const asPlayer = (index: number): Player => ({
      name: players[index]!.name,
      username: players[index]!.username,
      discordUserId: userIdOf(players[index]!.username),
      personId: linked[index].id,
    });
    [officer, member, invitee] = [asPlayer(0), asPlayer(1), asPlayer(2)];
    // The Guild Leader makes one an Officer and the others Members; the bot hears it from identity.
    for (const [player, rankLevel] of [[officer, RankLevel.Officer], [member, RankLevel.Member], [invitee, RankLevel.Member]] as const) {
      expect((await call('PATCH', `/members/${player.personId}`, leader, { rankLevel })).status).toBe(200);
    }
    await eventually('the bot to hold the new ranks', async () => {
      const { rows } = await db.query<{ discord_user_id: string; rank_level: number }>('SELECT discord_user_id, rank_level FROM discord.linked_members');
      const rank = new Map(rows.map((row) => [row.discord_user_id, row.rank_level]));
      return rank.get(officer.discordUserId) === RankLevel.Officer && rank.get(member.discordUserId) === RankLevel.Member && rank.get(invitee.discordUserId) === RankLevel.Member
        ? true
        : undefined;
    });
    stranger = discord.members().find((m) => !m.user.bot && ![officer, member, invitee].some((p) => p.discordUserId === m.user.id))?.user.id as string;
    await eventually('the slash commands registered', () => (discord.guildCommands().length === COMMANDS.length ? true : undefined));
  });

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await standIns?.stop();
  });

  it('registers its commands as the guild’s, once: a restart with the same definitions writes nothing', async () => {
    expect(discord.guildCommands().map((command) => command.name).sort()).toEqual(COMMANDS);
    expect(discord.callsTo(DiscordRoute.overwriteGuildCommands)).toHaveLength(1);
    const reads = discord.callsTo(DiscordRoute.getGuildCommands).length;
    const ids = discord.guildCommands().map((command) => command.id).sort();
    await platform.services.get('discord-bot')?.stop();
    await platform.start('discord-bot');
    await eventually('the restarted bot to read the guild’s commands', () => (discord.callsTo(DiscordRoute.getGuildCommands).length > reads ? true : undefined));
    await eventually('the restarted bot to log the commands unchanged', () => (botLog(200).includes('slash commands already registered, unchanged') ? true : undefined));
    expect(discord.callsTo(DiscordRoute.overwriteGuildCommands)).toHaveLength(1);
    expect(discord.guildCommands().map((command) => command.id).sort()).toEqual(ids);
  });

  it('/whois as a Member: the member, their main and characters, their Discord user; no notes or issues; just for them', async () => {
    const { interaction, answer } = await run(member.discordUserId, 'whois', { options: { who: officer.name } });
    expect(interaction.acknowledgement).toBe('reply');
    expect(interaction.acknowledgedAfterMs).toBeLessThan(3_000);
    expect(answer.ephemeral).toBe(true);
    expect(answer.allowedMentions).toEqual({ parse: [] });
    const embed = answer.embeds[0]!;
    expect(embed.fields?.find((field) => field.name === 'Rank')?.value).toBe('Officer');
    expect(embed.fields?.find((field) => field.name === 'Discord')?.value).toBe(`<@${officer.discordUserId}> (${officer.username})`);
    expect(embed.description).toContain(`**${officer.name}**`);
    expect(embed.description).toMatch(/ilvl \d+|item level unknown/);
    expect(embed.description).toContain('last seen');
    expect(embed.fields?.map((field) => field.name)).not.toContain('Notes');
    expect(embed.fields?.some((field) => field.name.startsWith('Open issues'))).toBe(false);
  });

  it('/whois as an Officer, by @mention: notes and open issues too', async () => {
    const { answer } = await run(officer.discordUserId, 'whois', { options: { who: `<@${member.discordUserId}>` } });
    expect(answer.ephemeral).toBe(true);
    const embed = answer.embeds[0]!;
    expect(embed.title).toBeTruthy();
    expect(embed.description).toContain(`**${member.name}**`);
    expect(embed.fields?.map((field) => field.name)).toEqual(expect.arrayContaining(['Rank', 'Main', 'Discord', 'Notes']));
    expect(embed.fields?.some((field) => field.name.startsWith('Open issues ('))).toBe(true);
    expect(embed.url).toBe(`https://patt.example/members/${member.personId}`);
  });

  it('/whois takes a character’s realm too (Name-realm)', async () => {
    const { body } = await call('GET', `/members/${officer.personId}`);
    const realm = (body.data.characters as Array<{ name: string; realmSlug: string }>).find((c) => c.name === officer.name)?.realmSlug;
    const { answer } = await run(member.discordUserId, 'whois', { options: { who: `${officer.name}-${realm}` } });
    expect(answer.embeds[0]?.description).toContain(`**${officer.name}**`);
    expect((await run(member.discordUserId, 'whois', { options: { who: `${officer.name}-nowhere` } })).answer.content).toContain('No character');
  });

  it('/whois of an unknown name or an unlinked Discord user says so', async () => {
    expect((await run(member.discordUserId, 'whois', { options: { who: 'Nobodyhere' } })).answer.content).toContain('No character');
    expect((await run(member.discordUserId, 'whois', { options: { who: `<@${stranger}>` } })).answer.content).toContain('is not linked to a member');
  });

  it('/me: the member, their characters and account state, with the buttons to get an account and link Battle.net', async () => {
    for (const who of [member, officer]) {
      const { answer } = await run(who.discordUserId, 'me');
      expect(answer.ephemeral).toBe(true);
      const embed = answer.embeds[0]!;
      expect(embed.description).toContain(`**${who.name}**`);
      expect(embed.fields?.find((field) => field.name === 'Account')?.value).toContain('none yet');
      const buttons = (answer.components[0] as { components: Array<{ label: string; custom_id?: string; url?: string }> }).components;
      expect(buttons).toEqual([
        expect.objectContaining({ label: 'Get an account', custom_id: 'patt:get-account' }),
        expect.objectContaining({ label: 'Link Battle.net', url: 'https://patt.example/me' }),
      ]);
    }
  });

  it('/me’s “Get an account” button is /get-account', async () => {
    const { answer } = await run(invitee.discordUserId, 'me');
    const click = discord.clickComponent({ userId: invitee.discordUserId, messageId: answer.id, customId: 'patt:get-account' });
    await click.waitForAcknowledgement();
    expect(click.acknowledgement).toBe('reply');
    const reply = await eventually('the button’s answer', () => [click.reply, ...click.followUps].find((message) => message?.content.includes('Your invite is on its way by DM')));
    expect(reply.ephemeral).toBe(true);
    await eventually('the invite DM', () => (discord.dms(invitee.discordUserId).some((dm) => dm.content.includes('/register?code=')) ? true : undefined));
  });

  it('refuses officers’ commands to a Member and every member command to a Discord user linked to no one, saying why', async () => {
    for (const [name, subcommand] of [['sync', 'roster'], ['sync', 'discord'], ['issues', undefined]] as const) {
      const { answer } = await run(member.discordUserId, name, { subcommand });
      expect(answer.ephemeral).toBe(true);
      expect(answer.content).toBe(`/${subcommand ? `${name} ${subcommand}` : name} is for Officers and above; your rank in the guild is Member.`);
    }
    const invite = await run(member.discordUserId, 'invite', { options: { user: invitee.discordUserId } });
    expect(invite.answer.content).toBe('/invite is for Officers and above; your rank in the guild is Member.');
    const me = await run(stranger, 'me');
    expect(me.answer.ephemeral).toBe(true);
    expect(me.answer.content).toContain('your Discord account is not linked to a member yet');
    expect(discord.guildCommands().every((command) => command.default_member_permissions === undefined || command.default_member_permissions === null)).toBe(true);
  });

  it('/issues as an Officer: the open issues by type, with the officers’ page', async () => {
    const { body } = await call('GET', '/identity/issues?limit=1');
    const { answer } = await run(officer.discordUserId, 'issues');
    expect(answer.ephemeral).toBe(true);
    const embed = answer.embeds[0]!;
    expect(embed.title).toBe(body.data.total === 0 ? 'No open issues' : `${body.data.total} open issue${body.data.total === 1 ? '' : 's'}`);
    expect(embed.url).toBe('https://patt.example/officer/issues');
    const orphans = await call('GET', '/identity/issues?type=orphan_character&limit=1');
    if (orphans.body.data.total > 0) expect(embed.description).toContain(`**${orphans.body.data.total}** orphan character`);
  });

  it('/sync roster as an Officer: starts a run and edits its reply until the run’s final counts', async () => {
    const { interaction, answer } = await run(officer.discordUserId, 'sync', { subcommand: 'roster', until: (message) => /Roster sync (done|failed)/.test(text(message)), timeoutMs: 60_000 });
    expect(answer.ephemeral).toBe(false);
    expect(interaction.replyVersions.length).toBeGreaterThanOrEqual(2);
    const runId = /run ([0-9a-f-]{36})/.exec(answer.embeds[0]?.footer?.text ?? '')?.[1];
    const { body } = await call('GET', `/guild-sync/runs/${runId}`);
    expect(body.data.status).toBe('succeeded');
    expect(answer.embeds[0]?.title).toBe('Roster sync done');
    const counts = body.data.counts;
    expect(answer.embeds[0]?.description).toContain(`found **${counts.found}** · added **${counts.added}** · updated **${counts.updated}** · removed **${counts.removed}**`);
    expect(counts.found).toBe(16);
  });

  it('/sync discord as an Officer: the member sync and its counts', async () => {
    const { interaction, answer } = await run(officer.discordUserId, 'sync', { subcommand: 'discord', until: (message) => /Member sync (done|failed)/.test(text(message)), timeoutMs: 30_000 });
    expect(interaction.acknowledgement).toBe('reply');
    expect(answer.embeds[0]?.title).toBe('Member sync done');
    const humans = discord.members().filter((m) => !m.user.bot).length;
    expect(answer.embeds[0]?.description).toContain(`members **${humans}**`);
  });

  it('/invite as an Officer: the invite goes by DM; inviting oneself is refused by the rank rules', async () => {
    const before = discord.dms(invitee.discordUserId).length;
    const { answer } = await run(officer.discordUserId, 'invite', { options: { user: invitee.discordUserId } });
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain(`Invite made for <@${invitee.discordUserId}>`);
    await eventually('the invite DM', () => (discord.dms(invitee.discordUserId).slice(before).some((dm) => dm.content.includes('/register?code=')) ? true : undefined));
    const self = await run(officer.discordUserId, 'invite', { options: { user: officer.discordUserId } });
    expect(self.answer.content).toBe('You cannot invite yourself; the Guild Leader can.');
  });

  it('/get-account end to end: the invite by DM, an account registered with its code; then it says why not', async () => {
    const { answer } = await run(member.discordUserId, 'get-account');
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('Your invite is on its way by DM');
    const dm = await eventually('the invite DM', () => discord.dms(member.discordUserId).find((message) => message.content.includes('/register?code=')));
    const code = /register\?code=([^\s]+)/.exec(dm.content)?.[1] as string;
    const registered = await call('POST', '/auth/register', null, { inviteCode: decodeURIComponent(code), username: member.username, password: 'a long enough password 1' });
    expect(registered.status).toBe(201);
    const again = await run(member.discordUserId, 'get-account');
    expect(again.answer.content).toContain('You already have an account');
  });

  it('/reset-password end to end: a one-time link by DM; the new password works, the old sign-ins are refused', async () => {
    const login = await call('POST', '/auth/login', null, { username: member.username, password: 'a long enough password 1' });
    expect(login.status).toBe(200);
    const oldRefreshToken = login.body.data.refreshToken as string;
    const before = discord.dms(member.discordUserId).length;
    const { answer } = await run(member.discordUserId, 'reset-password');
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('A one-time link to set a new password is in your DMs');
    const dm = await eventually('the reset link by DM', () => discord.dms(member.discordUserId).slice(before).find((message) => message.content.includes('/reset-password#token=')));
    expect(dm.content).toContain('https://patt.example/reset-password#token=');
    const sent = discord.callsTo(DiscordRoute.createMessage).find((call) => JSON.stringify(call.body).includes('/reset-password#token='));
    expect((sent?.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    const token = decodeURIComponent(/#token=(\S+)/.exec(dm.content)?.[1] as string);
    expect(text(answer)).not.toContain(token);
    expect((await call('POST', '/auth/reset-password', null, { token, password: 'a brand new password 2' })).status).toBe(200);
    expect((await call('POST', '/auth/refresh', null, { refreshToken: oldRefreshToken })).status).toBe(401);
    expect((await call('POST', '/auth/reset-password', null, { token, password: 'yet another password 3' })).status).toBe(400);
    expect((await call('POST', '/auth/login', null, { username: member.username, password: 'a long enough password 1' })).status).toBe(401);
    expect((await call('POST', '/auth/login', null, { username: member.username, password: 'a brand new password 2' })).status).toBe(200);
  });

  it('/reset-password without an account says why, to a Member and an Officer alike', async () => {
    for (const who of [invitee, officer]) {
      const { answer } = await run(who.discordUserId, 'reset-password');
      expect(answer.ephemeral).toBe(true);
      expect(answer.content).toBe('You have no account yet: /get-account sends you an invite.');
    }
  });

  it('/get-account is throttled per member', async () => {
    expect((await run(officer.discordUserId, 'get-account')).answer.content).toContain('Your invite is on its way by DM');
    expect((await run(officer.discordUserId, 'get-account')).answer.content).toMatch(/^Too many attempts; try again in \d+ seconds\.$/);
  });

  it('/votes: the live votes with their closing time and link', async () => {
    const officerToken = platform.token({ rank: RankLevel.Officer, username: 'officer', personId: officer.personId });
    const open = async (title: string, minRankToView: RankLevel | null): Promise<string> => {
      const created = await call('POST', '/campaigns', officerToken, {
        title,
        minRankToVote: RankLevel.Initiate,
        minRankToView,
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        durationHours: 24,
        picksPerVoter: 1,
      });
      expect(created.status).toBe(201);
      const id = created.body.data.id as string;
      for (const name of ['Tuesday', 'Thursday']) expect((await call('POST', `/campaigns/${id}/entries`, officerToken, { name })).status).toBe(201);
      expect((await call('POST', `/campaigns/${id}/open`, officerToken, {})).status).toBe(200);
      return id;
    };
    const everyone = await open('Next raid night', null);
    const officersOnly = await open('Officers: loot council', RankLevel.Officer);
    // A Member and a Discord user linked to no one see the vote for everyone; an Officer sees both.
    for (const [userId, titles] of [
      [member.discordUserId, ['Next raid night']],
      [stranger, ['Next raid night']],
      [officer.discordUserId, ['Next raid night', 'Officers: loot council']],
    ] as const) {
      const { answer, interaction } = await run(userId, 'votes');
      expect(answer.ephemeral).toBe(false);
      expect(interaction.acknowledgement).toBe('reply');
      expect(answer.embeds[0]?.title).toBe(`Open votes (${titles.length})`);
      expect(answer.embeds[0]?.description).toContain(`[Next raid night](https://patt.example/votes/${everyone}): closes <t:`);
      expect(answer.embeds[0]?.description?.includes(officersOnly)).toBe(titles.length === 2);
      expect(answer.allowedMentions).toEqual({ parse: [] });
    }
  });

  it('defers a slow answer and edits it in; a service that does not answer becomes a sentence', async () => {
    const identity = platform.services.get('identity')?.child;
    if (!identity?.pid) throw new Error('identity is not running');
    identity.kill('SIGSTOP');
    try {
      const interaction = discord.invokeCommand({ name: 'whois', userId: member.discordUserId, options: { who: officer.name } });
      await interaction.waitForAcknowledgement(5_000);
      expect(interaction.acknowledgement).toBe('deferred');
      expect(interaction.acknowledgedAfterMs).toBeLessThan(3_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      identity.kill('SIGCONT');
      const answer = await interaction.waitForReply(undefined, 10_000);
      expect(answer.ephemeral).toBe(true);
      expect(answer.embeds[0]?.description).toContain(`**${officer.name}**`);
      expect(interaction.replyVersions[0]?.loading).toBe(true);

      identity.kill('SIGSTOP');
      const failing = discord.invokeCommand({ name: 'me', userId: member.discordUserId });
      const sentence = await failing.waitForReply(undefined, 15_000);
      expect(failing.acknowledgement).toBe('deferred');
      expect(sentence.content).toBe('The identity service did not answer; try again shortly.');
      expect(failing.refusals).toEqual([]);
    } finally {
      identity.kill('SIGCONT');
    }
  });
});
