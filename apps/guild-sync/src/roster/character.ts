import { CharacterRole } from '@patt/contracts';

/**
 * A character as the roster store keeps it. Membership fields (name, realm, level, rank) come from
 * the guild roster; the rest from the character's profile, kept as it was when a profile is
 * unchanged (304), missing (404) or unreadable.
 */
export interface Character {
  /** Ours: a UUID given once, the id every service knows the character by. */
  id: string;
  /** Blizzard's: the key that survives renames and realm transfers. */
  blizzardId: number;
  name: string;
  realmSlug: string;
  realmName: string | null;
  className: string | null;
  specName: string | null;
  role: CharacterRole | null;
  level: number;
  itemLevel: number | null;
  /** In-game rank index, 0 = guild master. */
  rankIndex: number;
  lastLoginAt: Date | null;
  inGuild: boolean;
  joinedAt: Date;
  leftAt: Date | null;
  /** The profile's Last-Modified as Blizzard sent it, sent back as If-Modified-Since. */
  profileLastModified: string | null;
  /** Blizzard answered 404 for the profile at the last try (deleted, or idle for very long). */
  profileMissing: boolean;
}

function sameTime(a: Date | null, b: Date | null): boolean {
  return a === null || b === null ? a === b : a.getTime() === b.getTime();
}

/** Whether storing `next` over `stored` would change anything: unchanged rows are never rewritten. */
export function sameCharacter(stored: Character, next: Character): boolean {
  return (
    stored.id === next.id &&
    stored.blizzardId === next.blizzardId &&
    stored.name === next.name &&
    stored.realmSlug === next.realmSlug &&
    stored.realmName === next.realmName &&
    stored.className === next.className &&
    stored.specName === next.specName &&
    stored.role === next.role &&
    stored.level === next.level &&
    stored.itemLevel === next.itemLevel &&
    stored.rankIndex === next.rankIndex &&
    sameTime(stored.lastLoginAt, next.lastLoginAt) &&
    stored.inGuild === next.inGuild &&
    sameTime(stored.joinedAt, next.joinedAt) &&
    sameTime(stored.leftAt, next.leftAt) &&
    stored.profileLastModified === next.profileLastModified &&
    stored.profileMissing === next.profileMissing
  );
}
