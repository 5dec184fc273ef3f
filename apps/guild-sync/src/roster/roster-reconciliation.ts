// The rules of a Blizzard sync, apart from any I/O: given the stored characters, the roster and
// each member's profile outcome, what the store becomes and which roster events that makes.
import { randomUUID } from 'node:crypto';
import { RosterChange, RosterEventType, SyncRunCounts } from '@patt/contracts';
import { roleOfSpec } from '@patt/wow';
import type { CharacterProfile, GuildRoster, GuildRosterMember, NamedRealmRef } from '../blizzard';
import { Character, sameCharacter } from './character';

/** What asking Blizzard for one member's profile came to. */
export type ProfileOutcome =
  | { kind: 'fetched'; profile: CharacterProfile; lastModified: string | null }
  | { kind: 'not-modified' }
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: string };

export interface RosterReconciliationInput {
  /** Every character ever stored, in the guild or not (a returning one is recognised). */
  stored: readonly Character[];
  roster: Pick<GuildRoster, 'guild' | 'members' | 'skippedMembers'>;
  /** By Blizzard id, one for every roster member. */
  profiles: ReadonlyMap<number, ProfileOutcome>;
  /** When the run saw it: every event of the run carries this time. */
  at: Date;
  newId?: () => string;
}

export interface RosterReconciliation {
  /** Characters never seen before: rows to insert. */
  inserts: Character[];
  /** Stored characters that changed in any way (left, rejoined, renamed, new profile…): rows to update. */
  updates: Character[];
  /** The guild after the run, in roster order. */
  members: Character[];
  changes: RosterChange[];
  counts: SyncRunCounts;
  /**
   * Stored members missing from a roster that had unreadable entries: they may be among those
   * entries, so they are not called leavers this time.
   */
  undecidedLeavers: number;
}

export function reconcileRoster(input: RosterReconciliationInput): RosterReconciliation {
  const { roster, profiles, at } = input;
  const newId = input.newId ?? randomUUID;
  const byBlizzardId = new Map(input.stored.map((character) => [character.blizzardId, character]));
  const onRoster = new Set<number>();
  const result: RosterReconciliation = {
    inserts: [],
    updates: [],
    members: [],
    changes: [],
    counts: { found: 0, added: 0, updated: 0, removed: 0, rankChanges: 0, notModified: 0, profileErrors: 0 },
    undecidedLeavers: 0,
  };
  const record = (type: RosterEventType, character: Character, from: string | null = null, to: string | null = null) =>
    result.changes.push({
      type,
      characterId: character.id,
      blizzardId: character.blizzardId,
      characterName: character.name,
      realmSlug: character.realmSlug,
      from,
      to,
      at: at.toISOString(),
    });

  for (const member of roster.members) {
    // Blizzard has been seen to list a character twice; it is one member.
    if (onRoster.has(member.id)) continue;
    onRoster.add(member.id);
    const outcome = profiles.get(member.id) ?? { kind: 'unreadable', reason: 'the profile was not fetched' };
    if (outcome.kind === 'not-modified') result.counts.notModified++;
    if (outcome.kind === 'unreadable') result.counts.profileErrors++;

    const before = byBlizzardId.get(member.id);
    const after = withProfile(asMember(before, member, roster.guild.realm, at, newId), member, outcome);
    result.members.push(after);
    if (!before) {
      result.inserts.push(after);
      result.counts.added++;
      record('joined', after);
      continue;
    }

    const rejoined = !before.inGuild;
    if (rejoined) {
      result.counts.added++;
      record('rejoined', after);
    }
    if (before.name !== after.name || before.realmSlug !== after.realmSlug) {
      const transferred = before.realmSlug !== after.realmSlug;
      record('renamed', after, transferred ? `${before.name}-${before.realmSlug}` : before.name, transferred ? `${after.name}-${after.realmSlug}` : after.name);
    }
    // A returning member starts at the guild's lowest rank; the rank held before leaving is history.
    if (!rejoined && before.rankIndex !== after.rankIndex) {
      result.counts.rankChanges++;
      record('rank_changed', after, String(before.rankIndex), String(after.rankIndex));
    }
    if (before.level !== after.level) record('level_changed', after, String(before.level), String(after.level));
    if (!sameCharacter(before, after)) {
      result.updates.push(after);
      if (!rejoined) result.counts.updated++;
    }
  }
  result.counts.found = onRoster.size;

  for (const before of input.stored) {
    if (!before.inGuild || onRoster.has(before.blizzardId)) continue;
    if (roster.skippedMembers > 0) {
      result.undecidedLeavers++;
      continue;
    }
    const after: Character = { ...before, inGuild: false, leftAt: at };
    result.updates.push(after);
    result.counts.removed++;
    record('left', after);
  }
  return result;
}

/** The character as the roster lists it: membership fields from the roster, the rest as stored. */
function asMember(
  before: Character | undefined,
  member: GuildRosterMember,
  guildRealm: NamedRealmRef,
  at: Date,
  newId: () => string,
): Character {
  const sameRealm = before?.realmSlug === member.realm.slug;
  return {
    id: before?.id ?? newId(),
    blizzardId: member.id,
    name: member.name,
    realmSlug: member.realm.slug,
    // Roster entries name no realm; a transfer makes the stored name wrong, the guild's may fit.
    realmName: (sameRealm ? before?.realmName : null) ?? (member.realm.slug === guildRealm.slug ? guildRealm.name : null),
    className: before?.className ?? member.className,
    specName: before?.specName ?? null,
    role: before?.role ?? null,
    // Blizzard's roster lags behind profiles; a level is not taken back because the roster is late.
    level: Math.max(before?.level ?? 0, member.level),
    itemLevel: before?.itemLevel ?? null,
    rankIndex: member.rankIndex,
    lastLoginAt: before?.lastLoginAt ?? null,
    inGuild: true,
    joinedAt: before?.inGuild ? before.joinedAt : at,
    leftAt: null,
    profileLastModified: before?.profileLastModified ?? null,
    profileMissing: before?.profileMissing ?? false,
  };
}

function withProfile(character: Character, member: GuildRosterMember, outcome: ProfileOutcome): Character {
  switch (outcome.kind) {
    case 'fetched': {
      const profile = outcome.profile;
      const className = profile.className ?? character.className;
      const itemLevel = profile.equippedItemLevel ?? profile.averageItemLevel;
      return {
        ...character,
        realmName: profile.realm.name ?? character.realmName,
        className,
        specName: profile.specName,
        role: roleOf(profile, className),
        // The profile is fresher than the roster, so it may also lower a level (a level squish).
        level: Math.max(member.level, profile.level),
        itemLevel: itemLevel === null ? null : Math.round(itemLevel),
        lastLoginAt: profile.lastLoginAt ? new Date(profile.lastLoginAt) : character.lastLoginAt,
        profileLastModified: outcome.lastModified,
        profileMissing: false,
      };
    }
    case 'not-modified':
      return { ...character, profileMissing: false };
    case 'missing':
      return { ...character, profileMissing: true };
    case 'unreadable':
      return character;
  }
}

function roleOf(profile: CharacterProfile, className: string | null): Character['role'] {
  const bySpecId = roleOfSpec(profile.specId);
  if (bySpecId) return bySpecId;
  return className && profile.specName ? roleOfSpec({ className, specName: profile.specName }) : null;
}
