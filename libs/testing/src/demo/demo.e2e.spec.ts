// The demo of `npm start` end to end: the platform's services as processes, the stand-ins playing
// the demo guild and its server, role sync enforcing, and the demo's own setup (setUpDemo, what
// tools/dev/demo.ts runs). When it has settled, the platform shows what the demo's story says:
// players linked by name, by a note naming their Discord user, alts by their notes; the
// suggestions to confirm and the conflicts behind them; the characters of no one; the ex-officer, the stale characters, and the
// role that role sync took back. A second setup (a second start) changes nothing. Then the
// same-name case with both stand-ins: one Trog confirmed leaves the other suggested to that
// member; Zatañña confirmed with all brings Zatanna, and role sync gives the user the role.
import { Client } from 'pg';
import type { CharacterListItem, IntegrityIssue, LinkSuggestion, MatchingConflict, Page } from '@patt/contracts';
import { BlizzardStandIn } from '../blizzard';
import { DiscordStandIn } from '../discord';
import { startPlatform, TestPlatform } from '../platform';
import { demoDiscordGuild, demoGuild } from './demo-guild';
import { eventually } from '../eventually';
import { setUpDemo } from './demo-setup';

jest.setTimeout(300_000);

const CLIENT = { id: 'demo-client', secret: 'demo-secret' } as const;
const LEADER = { username: 'guildmaster', password: 'correct horse battery' } as const;

describe('the demo start ends with the story it tells', () => {
  const demo = demoGuild();
  const { story } = demo;
  let platform: TestPlatform;
  let blizzard: BlizzardStandIn;
  let discord: DiscordStandIn;
  let db: Client;
  let officer: string;

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${officer}` } });
    const body = (await response.json()) as { ok: boolean; data: T };
    if (!body.ok) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(body)}`);
    return body.data;
  };
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { ok: boolean; data: T };
    if (!answer.ok) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer.data;
  };
  const characters = async (): Promise<CharacterListItem[]> => (await api<Page<CharacterListItem>>('/characters?limit=500')).items;
  const issues = async (resolved: boolean): Promise<IntegrityIssue[]> => (await api<Page<IntegrityIssue>>(`/identity/issues?limit=500&resolved=${resolved}`)).items;
  const rolesOf = (username: string): string[] => discord.members().find((m) => m.user.username === username)?.roles ?? [];
  const roleName = (roleId: string): string | undefined => Object.entries(discord.rankRoleIds).find(([, id]) => id === roleId)?.[0];

  /** What still differs from the story, in words; empty once the platform has settled. */
  async function differences(): Promise<string[]> {
    const found: string[] = [];
    const byKey = new Map((await characters()).map((c) => [`${c.realmSlug}/${c.name}`, c]));
    for (const player of story.players) {
      const main = byKey.get(player.main);
      if (main?.member?.discordUsername !== player.discordUsername) found.push(`${player.main}: member of ${main?.member?.discordUsername ?? 'nobody'}, not @${player.discordUsername}`);
      for (const alt of player.alts) {
        if (byKey.get(alt)?.member?.id !== main?.member?.id) found.push(`${alt}: not with its main ${player.main}`);
      }
    }
    for (const key of [...story.unlinked, ...story.suggestions.map((s) => s.character)]) {
      if (byKey.get(key)?.member) found.push(`${key}: has a member, and should have none yet`);
    }
    const suggested = (await api<Page<LinkSuggestion>>('/identity/suggestions?limit=500')).items.map((s) => `${s.realmSlug}/${s.characterName} → ${s.discordUsername}`);
    const expected = story.suggestions.map((s) => `${s.character} → ${s.discordUsername}`);
    if (JSON.stringify([...suggested].sort()) !== JSON.stringify([...expected].sort())) found.push(`suggestions: ${suggested.sort().join(', ')}`);
    const conflicts = (await api<Page<MatchingConflict>>('/identity/conflicts?limit=500')).items.map(
      (c) => `${c.kind}: ${c.characters.map((ch) => `${ch.realmSlug}/${ch.name}`).sort().join(' + ')} → ${c.discordUsers.map((u) => u.username).join(', ')}`,
    );
    const toldConflicts = story.conflicts.map((c) => `${c.kind}: ${[...c.characters].sort().join(' + ')} → ${c.discordUsername}`);
    if (JSON.stringify(conflicts.sort()) !== JSON.stringify(toldConflicts.sort())) found.push(`conflicts: ${conflicts.join(' / ')}`);
    const mismatchRoles = rolesOf(story.roleMismatch.discordUsername).map(roleName);
    if (mismatchRoles.includes(story.roleMismatch.holds) || !mismatchRoles.includes(story.roleMismatch.rank)) found.push(`@${story.roleMismatch.discordUsername} has ${mismatchRoles.join(', ')}`);
    const open = await issues(false);
    if (open.some((i) => i.type === 'role_mismatch' || i.type === 'no_guild_role')) found.push(`open role issues: ${open.filter((i) => i.type.includes('role')).map((i) => i.summary).join(' / ')}`);
    if (open.filter((i) => i.type === 'orphan_discord').length !== 1) found.push(`orphan_discord: ${open.filter((i) => i.type === 'orphan_discord').map((i) => i.summary).join(' / ')}`);
    return found;
  }

  beforeAll(async () => {
    blizzard = await BlizzardStandIn.start({ clientId: CLIENT.id, clientSecret: CLIENT.secret, guild: demo.guild });
    discord = await DiscordStandIn.start({ heartbeatIntervalMs: 1_000, guild: demoDiscordGuild(demo) });
    try {
      // As `npm start` runs the demo: a first sync by itself, role sync enforcing.
      platform = await startPlatform({
        env: {
          'guild-sync': {
            BLIZZARD_CLIENT_ID: CLIENT.id,
            BLIZZARD_CLIENT_SECRET: CLIENT.secret,
            BLIZZARD_API_URL: blizzard.url,
            BLIZZARD_OAUTH_URL: blizzard.oauthUrl,
            GUILD_REALM_SLUG: blizzard.guild.realm.slug,
            GUILD_NAME_SLUG: 'pull-all-the-things',
            SYNC_ON_EMPTY_ROSTER: 'true',
          },
          'discord-bot': {
            DISCORD_TOKEN: discord.token,
            DISCORD_GUILD_ID: discord.guildId,
            DISCORD_API_URL: discord.apiUrl,
            DISCORD_AUDIT_CHANNEL_ID: discord.auditChannelId,
            ROLE_SYNC_MODE: 'enforce',
          },
        },
      });
    } catch (error) {
      await Promise.all([blizzard.close(), discord.close()]);
      throw error;
    }
    officer = platform.token({ rank: 5, username: 'leader' });
    db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await platform?.stop();
    await Promise.all([blizzard?.close(), discord?.close()]);
  });

  it('sets the demo up through the API: rank roles mapped, the addon export uploaded after the first sync', async () => {
    const outcome = await setUpDemo({ gatewayUrl: platform.gatewayUrl, ...LEADER, rankRoleIds: discord.rankRoleIds, demo });
    expect(outcome.ranksMapped).toBe(5);
    expect(outcome.upload).toMatchObject({ matched: demo.guild.members.length, notFound: 0, applied: true });
    expect(outcome.upload?.updated).toBe(demo.addonExport.characters.filter((c) => c.note || c.officerNote).length);
    const runs = await api<Page<{ source: string; trigger: string; status: string }>>('/guild-sync/runs?limit=50');
    expect(runs.items.map((r) => `${r.source}:${r.trigger}:${r.status}`).sort()).toEqual(['addon:upload:succeeded', 'blizzard:schedule:succeeded']);
  });

  it('ends with each player linked the way the story says, the suggestions, and the characters of no one', async () => {
    const deadline = Date.now() + 180_000;
    let left = await differences();
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      left = await differences();
    }
    expect(left).toEqual([]);

    // How each was linked, as identity recorded it.
    const { rows } = await db.query<{ method: string; character: string | null; username: string | null }>(
      `SELECT l.method, c.realm_slug || '/' || c.name AS character, d.username
         FROM identity.links l LEFT JOIN identity.characters c ON c.id = l.character_id LEFT JOIN identity.discord_members d ON d.user_id = l.discord_user_id`,
    );
    const userMethod = new Map(rows.filter((r) => r.username).map((r) => [r.username, r.method]));
    const characterMethod = new Map(rows.filter((r) => r.character).map((r) => [r.character, r.method]));
    for (const player of story.players) {
      expect({ player: player.discordUsername, method: userMethod.get(player.discordUsername) }).toEqual({ player: player.discordUsername, method: player.join });
      for (const alt of player.alts) expect({ alt, method: characterMethod.get(alt) }).toEqual({ alt, method: 'note_key' });
    }
    const methods = new Set(userMethod.values());
    expect([...methods].sort()).toEqual(['exact_name', 'note_hint']);
    expect(story.players.filter((p) => p.join === 'note_hint').length).toBeGreaterThanOrEqual(5);
  });

  it('shows the planted problems: the ex-officer, the stale characters, the orphans, and the role that role sync took back', async () => {
    const open = await issues(false);
    const byType = (type: string) => open.filter((i) => i.type === type);
    const usernameOf = new Map(discord.members().map((m) => [m.user.id, m.user.username]));
    const keyOfCharacter = new Map((await characters()).map((c) => [c.id, `${c.realmSlug}/${c.name}`]));

    expect(byType('orphan_discord').map((i) => [usernameOf.get(i.discordUserId ?? ''), i.severity])).toEqual([[story.exOfficer.discordUsername, 'critical']]);
    expect(byType('stale_character').map((i) => keyOfCharacter.get(i.characterId ?? '')).sort()).toEqual([...story.stale].sort());
    expect(byType('orphan_character').map((i) => keyOfCharacter.get(i.characterId ?? '')).sort()).toEqual(
      [...story.unlinked, ...story.suggestions.map((s) => s.character)].sort(),
    );
    expect(open.filter((i) => !['orphan_discord', 'stale_character', 'orphan_character'].includes(i.type))).toEqual([]);

    // The Veteran role a Member held: role sync took it back and gave the Member role, with a
    // reason in the server's audit log. (Whether the integrity check saw the mismatch before the
    // bot fixed it is a race; if it did, the issue is resolved now.)
    const mismatchId = discord.members().find((m) => m.user.username === story.roleMismatch.discordUsername)?.user.id;
    const roleCalls = discord.calls.filter((call) => call.params['userId'] === mismatchId && call.path.includes('/roles/'));
    expect(roleCalls.map((call) => `${call.method} ${roleName(call.params['roleId'] ?? '')} ${call.status}`).sort()).toEqual(
      [`DELETE ${story.roleMismatch.holds} 204`, `PUT ${story.roleMismatch.rank} 204`].sort(),
    );
    expect(rolesOf(story.roleMismatch.discordUsername).map(roleName)).toEqual([story.roleMismatch.rank]);
    const resolved = (await issues(true)).filter((i) => i.type === 'role_mismatch');
    expect(resolved.every((i) => usernameOf.get(i.discordUserId ?? '') === story.roleMismatch.discordUsername)).toBe(true);
    // Every player holds their rank's role, and only it.
    const mains = new Map((await characters()).map((c) => [`${c.realmSlug}/${c.name}`, c]));
    for (const player of story.players) {
      const rank = mains.get(player.main)?.member?.rank.name;
      expect({ player: player.discordUsername, roles: rolesOf(player.discordUsername).map(roleName).filter(Boolean) }).toEqual({ player: player.discordUsername, roles: [rank] });
    }
  });

  it('does nothing more at a second start: the ranks are mapped and the export is in', async () => {
    const again = await setUpDemo({ gatewayUrl: platform.gatewayUrl, ...LEADER, rankRoleIds: discord.rankRoleIds, demo });
    expect(again).toEqual({ ranksMapped: 0, upload: null });
    expect((await api<Page<unknown>>('/guild-sync/runs?limit=50')).total).toBe(2);
  });

  it('leaves the other Trog suggested to the member an officer makes of one, and joins both Zatannas with all', async () => {
    const suggestionsOf = async (username: string) =>
      (await api<Page<LinkSuggestion>>('/identity/suggestions?limit=500')).items.filter((s) => s.discordUsername === username);
    const memberOf = async (key: string) => (await characters()).find((c) => `${c.realmSlug}/${c.name}` === key)?.member ?? null;
    const sameName = (c: (typeof story.conflicts)[number]) => new Set(c.characters.map((key) => key.slice(key.indexOf('/') + 1))).size === 1;
    const trogs = story.conflicts.find(sameName);
    const zatannas = story.conflicts.find((c) => !sameName(c));
    if (!trogs || !zatannas) throw new Error('the demo story names two conflicts');

    // Trog: confirm the first; the other stays suggested, under its id, after the run that follows.
    const [first, other] = trogs.characters;
    const open = await suggestionsOf(trogs.discordUsername);
    const confirmed = await post<{ personId: string }>(`/identity/suggestions/${open.find((s) => `${s.realmSlug}/${s.characterName}` === first)?.id}/confirm`, {});
    const waiting = open.find((s) => `${s.realmSlug}/${s.characterName}` === other);
    await eventually(`${other} suggested to the member of ${first}, after the run`, async () => {
      const conflicts = (await api<Page<MatchingConflict>>('/identity/conflicts?kind=discord_user_taken')).items;
      return conflicts.some((c) => c.personIds.includes(confirmed.personId)) ? true : undefined;
    });
    expect((await suggestionsOf(trogs.discordUsername)).map((s) => s.id)).toEqual([waiting?.id]);
    expect((await memberOf(first))?.id).toBe(confirmed.personId);
    expect(await memberOf(other)).toBeNull();

    // Zatañña and Zatanna: one confirmation with all, and both are the member's.
    const [zat] = await suggestionsOf(zatannas.discordUsername);
    const joined = await post<{ personId: string }>(`/identity/suggestions/${zat?.id}/confirm`, { all: true });
    for (const key of zatannas.characters) expect({ key, member: (await memberOf(key))?.id }).toEqual({ key, member: joined.personId });
    expect(await suggestionsOf(zatannas.discordUsername)).toEqual([]);
    // Role sync gives the Discord user the member's rank role.
    const rank = (await memberOf(zatannas.characters[0] ?? ''))?.rank.name;
    await eventually(`@${zatannas.discordUsername} to hold the ${rank} role`, async () => (rolesOf(zatannas.discordUsername).map(roleName).includes(rank) ? true : undefined));
  });
});
