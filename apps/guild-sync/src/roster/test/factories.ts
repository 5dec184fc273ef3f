// Builders for roster test data: a stored character, a roster member, a profile, a roster.
// Defaults describe an ordinary level-80 character on the guild's realm; tests say what differs.
import type { CharacterProfile, GuildRoster, GuildRosterMember, NamedRealmRef } from '../../blizzard';
import type { Character } from '../character';
import type { ProfileOutcome } from '../roster-reconciliation';

export const GUILD_REALM: NamedRealmRef = { id: 71, slug: 'senjin', name: "Sen'jin" };
export const EARLIER = new Date('2025-01-01T00:00:00.000Z');
export const NOW = new Date('2025-02-01T12:00:00.000Z');

/** A stored member, id `id-<blizzardId>`. */
export function stored(spec: Partial<Character> & { blizzardId: number; name: string }): Character {
  return {
    id: `id-${spec.blizzardId}`,
    realmSlug: GUILD_REALM.slug,
    realmName: GUILD_REALM.name,
    className: 'Warrior',
    specName: 'Arms',
    role: 'melee',
    level: 80,
    itemLevel: 600,
    rankIndex: 4,
    lastLoginAt: EARLIER,
    inGuild: true,
    joinedAt: EARLIER,
    leftAt: null,
    profileLastModified: 'Wed, 01 Jan 2025 00:00:00 GMT',
    profileMissing: false,
    ...spec,
  };
}

/** How the roster lists a character: by default exactly as `stored` would have it. */
export function member(spec: Partial<Omit<GuildRosterMember, 'realm'>> & { id: number; name: string; realmSlug?: string }): GuildRosterMember {
  const { realmSlug, ...rest } = spec;
  return {
    level: 80,
    classId: 1,
    className: 'Warrior',
    raceId: 2,
    rankIndex: 4,
    ...rest,
    realm: { id: 71, slug: realmSlug ?? GUILD_REALM.slug },
  };
}

export function roster(members: GuildRosterMember[], skippedMembers = 0): Pick<GuildRoster, 'guild' | 'members' | 'skippedMembers'> {
  return { guild: { id: 1, name: 'Pull All The Things', realm: GUILD_REALM, faction: 'HORDE' }, members, skippedMembers };
}

/** A 200 with a profile: a Protection Warrior (spec 73, a tank) unless told otherwise. */
export function fetched(spec: Partial<CharacterProfile> & { id: number; name: string }, lastModified = 'Sat, 01 Feb 2025 11:00:00 GMT'): ProfileOutcome {
  return {
    kind: 'fetched',
    lastModified,
    profile: {
      realm: GUILD_REALM,
      level: 80,
      classId: 1,
      className: 'Warrior',
      specId: 73,
      specName: 'Protection',
      raceId: 2,
      faction: 'HORDE',
      averageItemLevel: 612.4,
      equippedItemLevel: 610.6,
      lastLoginAt: '2025-01-31T20:00:00.000Z',
      achievementPoints: 1000,
      guild: null,
      ...spec,
    },
  };
}

export const NOT_MODIFIED: ProfileOutcome = { kind: 'not-modified' };
export const MISSING: ProfileOutcome = { kind: 'missing' };
export const unreadable = (reason = 'malformed JSON (40 bytes)'): ProfileOutcome => ({ kind: 'unreadable', reason });

/** Profiles by Blizzard id: `[[id, outcome], …]`. */
export function profiles(...entries: Array<[number, ProfileOutcome]>): Map<number, ProfileOutcome> {
  return new Map(entries);
}

/** Ids for new characters, predictable in order: new-1, new-2, … */
export function newIds(): () => string {
  let next = 0;
  return () => `new-${++next}`;
}
