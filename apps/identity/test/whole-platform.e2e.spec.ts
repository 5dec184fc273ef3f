// Identity among the real services, each at its own edge: guild-sync reads the Blizzard stand-in,
// the Discord bot the Discord stand-in. Nothing here publishes an event by hand: the roster, the
// Discord sync, the matching, the announcements and the audit channel's report all come from the
// services themselves, so their payloads are the ones identity reads and writes in production.
import { RankLevel } from '@patt/contracts';
import {
  DiscordPlayer,
  discordPlayers,
  DiscordStandIn,
  eventually,
  generateDiscordGuild,
  generateGuild,
  RANK_ROLE_OF_LEVEL,
  StandInPlatform,
  startStandInPlatform,
  TestPlatform,
} from '@patt/testing';

jest.setTimeout(240_000);

type Json = { ok: boolean; data: any; error?: string }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('identity with guild-sync, the Discord bot and auth, each against its stand-in', () => {
  let standIns: StandInPlatform;
  let discord: DiscordStandIn;
  let platform: TestPlatform;
  let officer: string;
  /** Characters of the Blizzard guild whose players are on Discord under the same name. */
  let players: DiscordPlayer[];

  const call = async (method: string, path: string, token = officer, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  beforeAll(async () => {
    standIns = await startStandInPlatform({
      blizzard: { guild: generateGuild({ size: 16, seed: 11 }), ratePerSecond: 0 },
      discord: (blizzard) => {
        // Three characters play on Discord under their own names, each one no other character
        // of the roster folds to.
        players = discordPlayers(blizzard.guild.members(), 3);
        return {
          heartbeatIntervalMs: 1_000,
          // Each holds the Discord role of their rank: above Member, a name alone links no one whose
          // roles do not already say as much.
          guild: generateDiscordGuild({ seed: 4, memberCount: 12, members: players.map((p) => ({ username: p.username, rank: RANK_ROLE_OF_LEVEL[p.level] })) }),
        };
      },
    });
    ({ discord, platform } = standIns);
    officer = platform.token({ rank: RankLevel.Officer, username: 'officer' });
  });

  afterAll(async () => {
    await standIns?.stop();
  });

  it('makes members of a Blizzard roster and a Discord server, and the bot reports what does not add up', async () => {
    expect(players).toHaveLength(3);
    // The Guild Leader maps the ranks to the server's roles: identity checks roles against them.
    await standIns.mapRanksToRoles();
    expect((await call('POST', '/guild-sync/runs', officer, {})).status).toBe(202);

    // Each player's character and Discord user become one member.
    const members = await eventually('the three players as members', async () => {
      const { body } = await call('GET', '/members?limit=100');
      const found = players.map((p) => body.data.items.find((m: { discord: { username: string } | null }) => m.discord?.username === p.username));
      return found.every((m) => m !== undefined) ? found : undefined;
    }, 60_000);
    members.forEach((member, i) => expect(member.characters.map((c: { name: string }) => c.name)).toContain(players[i]!.name));

    // The rest of the roster belongs to no one yet: open issues, posted to the audit channel by the bot.
    const issues = await eventually('orphan characters', async () => {
      const { body } = await call('GET', '/identity/issues?type=orphan_character&limit=100');
      return body.data.total >= 16 - 3 ? body.data.items : undefined;
    }, 30_000);
    expect(issues.length).toBeGreaterThanOrEqual(13);
    await eventually(
      'the integrity report in the audit channel',
      () => (discord.auditMessages().some((message) => message.embeds[0]?.title === 'Integrity report') ? true : undefined),
      30_000,
    );

    // The bot heard of the links: its mirror knows the players' members.
    const linked = await eventually('the bot to know who is whose', async () => {
      const { body } = await call('GET', '/discord/members?linked=true&limit=100');
      const personOf = new Map<string, string>(body.data.items.map((m: { username: string; personId: string }) => [m.username, m.personId]));
      return members.every((m) => personOf.get(m.discord.username) === m.id) ? true : undefined;
    }, 30_000);
    expect(linked).toBe(true);

    // A full report on request reaches the audit channel too.
    const before = discord.auditMessages().length;
    expect((await call('POST', '/identity/reports', officer, { full: true })).status).toBe(202);
    await eventually(
      'the full report in the audit channel',
      () => (discord.auditMessages().slice(before).some((message) => message.embeds[0]?.title === 'Full integrity report') ? true : undefined),
      30_000,
    );
  });
});
