// Identity among the real services, each at its own edge: guild-sync reads the Blizzard stand-in,
// the Discord bot the Discord stand-in. Nothing here publishes an event by hand: the roster, the
// Discord sync, the matching, the announcements and the audit channel's report all come from the
// services themselves, so their payloads are the ones identity reads and writes in production.
import { RANK_LEVELS, RankLevel } from '@patt/contracts';
import { BlizzardStandIn, DiscordStandIn, generateDiscordGuild, generateGuild, RANK_ROLE_NAMES, startPlatform, TestPlatform } from '@patt/testing';
import { nameKey } from '@patt/wow';
import { eventually } from './support/bus-tap';

jest.setTimeout(240_000);

type Json = { ok: boolean; data: any; error?: string }; // eslint-disable-line @typescript-eslint/no-explicit-any

const CLIENT_ID = 'identity-test-client';
const CLIENT_SECRET = 'identity-test-secret';
/** The stand-in's rank roles by our levels (5 Guild Leader … 1 Initiate). */
const ROLE_OF_LEVEL: Record<RankLevel, (typeof RANK_ROLE_NAMES)[number]> = { 5: 'Guild Leader', 4: 'Officer', 3: 'Veteran', 2: 'Member', 1: 'Initiate' };

describe('identity with guild-sync, the Discord bot and auth, each against its stand-in', () => {
  let blizzard: BlizzardStandIn;
  let discord: DiscordStandIn;
  let platform: TestPlatform;
  let officer: string;
  /** Characters of the Blizzard guild whose players are on Discord under the same name. */
  let players: Array<{ name: string; username: string }>;

  const call = async (method: string, path: string, token = officer, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  beforeAll(async () => {
    blizzard = await BlizzardStandIn.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, guild: generateGuild({ size: 16, seed: 11 }), ratePerSecond: 0 });
    // Three characters play on Discord under their own names: ones whose name makes a Discord
    // username ([a-z]) and that no other character of the roster has (the generator puts some
    // names on two realms, and then a Discord name alone cannot say which one is meant).
    const roster = blizzard.guild.members();
    const named = (key: string) => roster.filter((c) => nameKey(c.name) === key).length;
    players = roster
      .map((c) => ({ name: c.name, username: nameKey(c.name) }))
      .filter((p) => /^[a-z]{2,32}$/.test(p.username) && named(p.username) === 1)
      .slice(0, 3);
    discord = await DiscordStandIn.start({
      heartbeatIntervalMs: 1_000,
      guild: generateDiscordGuild({ seed: 4, memberCount: 12, members: players.map((p) => ({ username: p.username, rank: 'Member' })) }),
    });
    try {
      platform = await startPlatform({
        env: {
          'guild-sync': {
            BLIZZARD_CLIENT_ID: CLIENT_ID,
            BLIZZARD_CLIENT_SECRET: CLIENT_SECRET,
            BLIZZARD_API_URL: blizzard.url,
            BLIZZARD_OAUTH_URL: blizzard.oauthUrl,
            GUILD_REALM_SLUG: blizzard.guild.realm.slug,
            GUILD_NAME_SLUG: 'pull-all-the-things',
          },
          'discord-bot': {
            DISCORD_TOKEN: discord.token,
            DISCORD_GUILD_ID: discord.guildId,
            DISCORD_API_URL: discord.apiUrl,
            DISCORD_AUDIT_CHANNEL_ID: discord.auditChannelId,
            ROLE_SYNC_MODE: 'report',
            PUBLIC_URL: 'https://patt.example',
          },
        },
      });
    } catch (error) {
      await Promise.all([blizzard.close(), discord.close()]);
      throw error;
    }
    officer = platform.token({ rank: RankLevel.Officer, username: 'officer' });
  });

  afterAll(async () => {
    await platform?.stop();
    await Promise.all([blizzard?.close(), discord?.close()]);
  });

  it('makes members of a Blizzard roster and a Discord server, and the bot reports what does not add up', async () => {
    expect(players).toHaveLength(3);
    // The Guild Leader maps the ranks to the server's roles: identity checks roles against them.
    const leader = platform.token({ rank: RankLevel.GuildLeader, username: 'leader' });
    for (const level of RANK_LEVELS) {
      const answer = await call('PATCH', `/ranks/${level}`, leader, { discordRoleId: discord.rankRoleIds[ROLE_OF_LEVEL[level]] });
      expect(answer.status).toBe(200);
    }
    expect((await call('POST', '/guild-sync/runs', officer, {})).status).toBe(202);

    // Each player's character and Discord user become one member.
    const members = await eventually(async () => {
      const { body } = await call('GET', '/members?limit=100');
      const found = players.map((p) => body.data.items.find((m: { discord: { username: string } | null }) => m.discord?.username === p.username));
      return found.every((m) => m !== undefined) ? found : undefined;
    }, 'the three players as members', 60_000);
    members.forEach((member, i) => expect(member.characters.map((c: { name: string }) => c.name)).toContain(players[i]!.name));

    // The rest of the roster belongs to no one yet: open issues, posted to the audit channel by the bot.
    const issues = await eventually(async () => {
      const { body } = await call('GET', '/identity/issues?type=orphan_character&limit=100');
      return body.data.total >= 16 - 3 ? body.data.items : undefined;
    }, 'orphan characters', 30_000);
    expect(issues.length).toBeGreaterThanOrEqual(13);
    await eventually(
      () => (discord.auditMessages().some((message) => message.embeds[0]?.title === 'Integrity report') ? true : undefined),
      'the integrity report in the audit channel',
      30_000,
    );

    // The bot heard of the links: its mirror knows the players' members.
    const linked = await eventually(async () => {
      const { body } = await call('GET', '/discord/members?linked=true&limit=100');
      const personOf = new Map<string, string>(body.data.items.map((m: { username: string; personId: string }) => [m.username, m.personId]));
      return members.every((m) => personOf.get(m.discord.username) === m.id) ? true : undefined;
    }, 'the bot to know who is whose', 30_000);
    expect(linked).toBe(true);

    // A full report on request reaches the audit channel too.
    const before = discord.auditMessages().length;
    expect((await call('POST', '/identity/reports', officer, { full: true })).status).toBe(202);
    await eventually(
      () => (discord.auditMessages().slice(before).some((message) => message.embeds[0]?.title === 'Full integrity report') ? true : undefined),
      'the full report in the audit channel',
      30_000,
    );
  });
});
