// The demo guild (libs/testing/src/demo) told to identity's engines, without a database: the
// characters with the notes of the demo's addon export, the demo server's members, and the rank
// roles the demo maps. What the matching links, suggests and leaves, and what the integrity check
// finds, must be what the demo's story says it shows. demo.e2e.spec.ts holds the running platform
// to the same story; this one fails in a second when a change to matching would change the demo.
import { createHash } from 'node:crypto';
import { demoGuild, keyOf, RANK_ROLE_NAMES } from '@patt/testing';
import { checkIntegrity } from '../src/integrity';
import { planMatching } from '../src/matching';
import type { MatchCharacter, MatchDiscordMember } from '../src/matching';

const NOW = Date.UTC(2026, 11, 1, 12);
const idOf = (text: string) => {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
const userIdOf = (username: string) => String(BigInt(`0x${createHash('sha256').update(username).digest('hex').slice(0, 15)}`));

describe('the demo guild, as identity reads it', () => {
  const demo = demoGuild({ now: NOW });
  const roleIds = Object.fromEntries(RANK_ROLE_NAMES.map((name) => [name, `9${userIdOf(`role:${name}`)}`])) as Record<string, string>;
  const exported = new Map(demo.addonExport.characters.map((c) => [`${c.name}|${c.realm}`, c]));
  const characters: MatchCharacter[] = demo.guild.members.map((c) => {
    const row = [...exported.values()].find((e) => e.name === c.name && (e.realm === c.realm.name || e.realm === c.realm.name.replace(/[\s']/g, '')));
    return {
      id: idOf(keyOf(c)),
      blizzardId: c.id,
      name: c.name,
      realmSlug: c.realm.slug,
      guildNote: row?.note || null,
      officerNote: row?.officerNote || null,
      inGuild: true,
      guildRankIndex: c.rank,
      lastLoginAt: new Date(c.lastLoginMs).toISOString(),
    };
  });
  const keyOfId = new Map(demo.guild.members.map((c) => [idOf(keyOf(c)), keyOf(c)]));
  const discord: Array<MatchDiscordMember & { roleIds: string[] }> = demo.discordMembers.map((spec) => ({
    userId: userIdOf(spec.username),
    username: spec.username,
    displayName: spec.nick ?? spec.globalName ?? spec.username,
    present: true,
    roleIds: spec.rank ? [roleIds[spec.rank] as string] : [],
    // The demo maps the ranks to these roles before anything is matched for good.
    guildRoleLevel: spec.rank ? 5 - RANK_ROLE_NAMES.indexOf(spec.rank) : null,
  }));
  const usernameOf = new Map(discord.map((d) => [d.userId, d.username]));
  const plan = planMatching({ characters, discordMembers: discord, members: [], rejected: [] });
  const members = plan.members.map((m) => ({ personId: m.personId ?? m.ref, characterIds: m.characterIds, discordUserId: m.discordUserId, rankLevel: m.rank.level }));
  const memberOfCharacter = new Map(members.flatMap((m) => m.characterIds.map((id) => [keyOfId.get(id), m] as const)));

  it('tells a story of the promised size: a guild of 150, most of it joined, a few left to decide', () => {
    expect(demo.guild.members).toHaveLength(150);
    expect(demo.story.players.length).toBeGreaterThanOrEqual(40);
    expect(demo.story.players.filter((p) => p.join === 'note_hint')).toHaveLength(6);
    expect(demo.story.players.reduce((n, p) => n + p.alts.length, 0)).toBeGreaterThanOrEqual(50);
    expect(demo.story.suggestions).toHaveLength(6);
    expect(demo.story.unlinked).toHaveLength(5);
    expect(demo.story.stale).toHaveLength(3);
    expect(demo.story.roleMismatch.discordUsername).not.toBe('');
  });

  it('links each player by the way the story says: mains by name or by a note, alts by their notes', () => {
    const methodOf = (characterKey: string) => plan.links.find((l) => l.characterId && keyOfId.get(l.characterId) === characterKey)?.method;
    const userMethodOf = (username: string) => plan.links.find((l) => l.discordUserId && usernameOf.get(l.discordUserId) === username)?.method;
    for (const player of demo.story.players) {
      const member = memberOfCharacter.get(player.main);
      expect({ player: player.main, user: member?.discordUserId ? usernameOf.get(member.discordUserId) : null }).toEqual({ player: player.main, user: player.discordUsername });
      expect({ player: player.main, method: userMethodOf(player.discordUsername) }).toEqual({ player: player.main, method: player.join });
      for (const alt of player.alts) {
        expect({ alt, member: memberOfCharacter.get(alt)?.personId }).toEqual({ alt, member: member?.personId });
        expect({ alt, method: methodOf(alt) }).toEqual({ alt, method: 'note_key' });
      }
    }
    expect(members).toHaveLength(demo.story.players.length);
  });

  it('suggests exactly the pairs an officer is meant to decide, and leaves the characters of no one alone', () => {
    const suggested = plan.suggestions.map((s) => ({ character: keyOfId.get(s.characterId), discordUsername: usernameOf.get(s.discordUserId) }));
    expect(suggested.sort(byCharacter)).toEqual(demo.story.suggestions.map(({ character, discordUsername }) => ({ character, discordUsername })).sort(byCharacter));
    for (const key of [...demo.story.unlinked, ...demo.story.suggestions.map((s) => s.character)]) expect({ key, member: memberOfCharacter.get(key) }).toEqual({ key, member: undefined });
  });

  it('leaves exactly the story’s conflicts: each pair of alike names claiming one Discord user', () => {
    const sortedKeys = (ids: readonly string[]) => ids.map((id) => keyOfId.get(id) ?? id).sort();
    const found = plan.conflicts.map((c) => ({ kind: c.kind, characters: sortedKeys(c.characterIds), discordUsername: usernameOf.get(c.discordUserIds[0] ?? '') }));
    const told = demo.story.conflicts.map((c) => ({ ...c, characters: [...c.characters].sort() }));
    expect(found.sort(byFirstCharacter)).toEqual(told.sort(byFirstCharacter));
    // One of them is one name on two realms: the case an officer confirms one of, and the other stays suggested.
    expect(told.some((c) => new Set(c.characters.map((k) => k.slice(k.indexOf('/') + 1))).size === 1)).toBe(true);
  });

  it('finds the planted problems and nothing else of their kinds', () => {
    const ranks = RANK_ROLE_NAMES.map((name, index) => ({ level: 5 - index, name, discordRoleId: roleIds[name] as string }));
    const findings = checkIntegrity({
      characters: characters.map((c) => ({ ...c, personId: memberOfCharacter.get(keyOfId.get(c.id))?.personId ?? null })),
      discordMembers: discord,
      members: members.map((m) => ({ ...m, rankOverridden: false })),
      ranks,
      previousRanks: {},
      now: new Date(NOW),
    });
    const of = (type: string) => findings.filter((f) => f.type === type);
    const users = (type: string) => of(type).map((f) => usernameOf.get(f.discordUserId ?? '')).sort();
    const chars = (type: string) => of(type).map((f) => keyOfId.get(f.characterId ?? '')).sort();

    expect(users('orphan_discord')).toEqual([demo.story.exOfficer.discordUsername]);
    expect(of('orphan_discord')[0]?.severity).toBe('critical');
    expect(users('role_mismatch')).toEqual([demo.story.roleMismatch.discordUsername]);
    expect(of('no_guild_role')).toEqual([]);
    expect(chars('stale_character')).toEqual([...demo.story.stale].sort());
    expect(chars('orphan_character')).toEqual([...demo.story.unlinked, ...demo.story.suggestions.map((s) => s.character)].sort());
  });
});

function byCharacter(a: { character?: string }, b: { character?: string }): number {
  return (a.character ?? '') < (b.character ?? '') ? -1 : 1;
}

function byFirstCharacter(a: { characters: string[] }, b: { characters: string[] }): number {
  return (a.characters[0] ?? '') < (b.characters[0] ?? '') ? -1 : 1;
}
