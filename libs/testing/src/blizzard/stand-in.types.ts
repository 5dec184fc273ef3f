// The stand-in's own model of the WoW world: a guild, its realms and characters. Blizzard's JSON
// is built from these in blizzard-json.ts.

export type Faction = 'HORDE' | 'ALLIANCE';
export type Gender = 'MALE' | 'FEMALE';

export interface StandInRealm {
  id: number;
  /** As the game shows it: "Sen'jin", "Area 52". */
  name: string;
  /** As Blizzard's URLs spell it: "senjin", "area-52". */
  slug: string;
}

export interface StandInCharacter {
  /** Blizzard's character id, unique across realms. */
  id: number;
  name: string;
  realm: StandInRealm;
  level: number;
  classId: number;
  /** Null below level 10, where characters have no specialisation yet (Blizzard omits it). */
  specId: number | null;
  raceId: number;
  gender: Gender;
  faction: Faction;
  /** In-game guild rank index, 0 = guild master, up to 9. */
  rank: number;
  /** Epoch milliseconds, as `last_login_timestamp`. */
  lastLoginMs: number;
  achievementPoints: number;
  averageItemLevel: number;
  equippedItemLevel: number;
}

export interface GeneratedGuild {
  id: number;
  name: string;
  realm: StandInRealm;
  faction: Faction;
  members: StandInCharacter[];
}

/** A character by Blizzard id, or by realm (name or slug) and character name (any case). */
export type CharacterRef = number | { realm: string; name: string };
