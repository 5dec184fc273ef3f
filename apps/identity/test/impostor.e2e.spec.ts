// A Discord display name is chosen by its owner. Here one copies an officer's character name, with
// guild-sync on the Blizzard stand-in, the Discord bot on the Discord stand-in enforcing roles, and
// identity matching between them: the name makes a suggestion for officers, not a member, and the
// bot gives the impostor no role. A Member's player, linked by name in the same run, gets theirs.
import { Client } from 'pg';
import { RankLevel } from '@patt/contracts';
import {
  charactersWithDiscordNames,
  DiscordRoute,
  DiscordStandIn,
  eventually,
  generateDiscordGuild,
  generateGuild,
  StandInPlatform,
  startStandInPlatform,
  TestPlatform,
} from '@patt/testing';
import { nameKey } from '@patt/wow';

jest.setTimeout(240_000);

type Json = { ok: boolean; data: any; error?: string }; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROLE_ROUTES = new Set<string>([DiscordRoute.addMemberRole, DiscordRoute.removeMemberRole]);

describe('an impostor’s display name on an officer’s character', () => {
  let standIns: StandInPlatform;
  let discord: DiscordStandIn;
  let platform: TestPlatform;
  let db: Client;
  let leader: string;
  let officerCharacter: { name: string };
  let impostorId: string;
  let playerId: string;

  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${leader}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const roleCalls = (userId: string) => discord.calls.filter((c) => c.route !== null && ROLE_ROUTES.has(c.route) && c.params['userId'] === userId);

  beforeAll(async () => {
    let memberCharacter: { name: string } | undefined;
    standIns = await startStandInPlatform({
      apps: ['identity', 'guild-sync', 'discord-bot'],
      blizzard: { guild: generateGuild({ size: 16, seed: 11 }), ratePerSecond: 0 },
      discord: (blizzard) => {
        const named = charactersWithDiscordNames(blizzard.guild.members());
        const officer = named.find((c) => c.rank === 1);
        memberCharacter = named.find((c) => c.rank === 3);
        if (!officer || !memberCharacter) throw new Error('the generated guild lost its officer or its member');
        officerCharacter = officer;
        return {
          heartbeatIntervalMs: 1_000,
          guild: generateDiscordGuild({
            seed: 4,
            memberCount: 12,
            members: [
              // Someone who named themselves after the officer's character, and holds no rank role.
              { username: 'shady_newcomer', globalName: officer.name },
              // The Member's own player, under their character's name, with no role yet.
              { username: nameKey(memberCharacter.name) },
            ],
          }),
        };
      },
      env: { 'discord-bot': { ROLE_SYNC_MODE: 'enforce' } },
    });
    ({ discord, platform } = standIns);
    impostorId = discord.members().find((m) => m.user.username === 'shady_newcomer')!.user.id;
    playerId = discord.members().find((m) => m.user.username === nameKey(memberCharacter!.name))!.user.id;
    db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
    leader = platform.token({ rank: RankLevel.GuildLeader, username: 'leader' });
  });

  afterAll(async () => {
    await db?.end();
    await standIns?.stop();
  });

  it('makes a suggestion, not a member, and the bot enforcing roles touches none of the impostor’s', async () => {
    await standIns.mapRanksToRoles();
    expect((await call('POST', '/guild-sync/runs', {})).status).toBe(202);

    // The Member's player links by name, and the bot, enforcing, gives them the Member role: the
    // same run that decided about the impostor has reached the Discord server.
    await eventually(
      'the Member role for the Member’s player',
      () => (discord.roleChanges(playerId).some((c) => c.change === 'added' && c.roleId === discord.rankRoleIds.Member) ? true : undefined),
      60_000,
    );
    const suggestions = (await call('GET', '/identity/suggestions?limit=100')).body.data.items as Array<{ discordUserId: string; characterName: string; source: string; reason: string }>;
    const suggestion = suggestions.find((s) => s.discordUserId === impostorId);
    expect(suggestion).toMatchObject({ characterName: officerCharacter.name, source: 'exact_name' });
    expect(suggestion?.reason).toContain('Linking would make @shady_newcomer Officer');

    // No member has the impostor, identity announced nothing about them, and Discord saw no role call.
    const mirror = (await call('GET', '/discord/members?q=shady_newcomer')).body.data.items as Array<{ personId: string | null }>;
    expect(mirror).toEqual([expect.objectContaining({ personId: null })]);
    const { rows: announced } = await db.query(`SELECT subject FROM identity.outbox WHERE payload::text LIKE '%' || $1 || '%'`, [impostorId]);
    expect(announced).toEqual([]);
    expect(roleCalls(impostorId)).toEqual([]);
    expect(discord.roleChanges(impostorId)).toEqual([]);
    expect(discord.member(impostorId)?.roles.filter((id) => Object.values(discord.rankRoleIds).includes(id))).toEqual([]);
  });

  it('leaves it to an officer: a confirmation links them, and only then the role follows', async () => {
    const { items } = (await call('GET', '/identity/suggestions?limit=100')).body.data as { items: Array<{ id: string; discordUserId: string }> };
    const suggestion = items.find((s) => s.discordUserId === impostorId)!;
    expect((await call('POST', `/identity/suggestions/${suggestion.id}/confirm`)).status).toBe(200);
    await eventually(
      'the Officer role once the Guild Leader confirmed',
      () => (discord.roleChanges(impostorId).some((c) => c.change === 'added' && c.roleId === discord.rankRoleIds.Officer) ? true : undefined),
      60_000,
    );
  });
});
