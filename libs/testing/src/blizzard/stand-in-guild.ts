// The stand-in's live state: the guild's members and every character Blizzard would know of
// (one who left the guild still has a profile), each with the Last-Modified it answers with.
// Tests change characters through the methods here, and Last-Modified moves with each change.
import { realmSlug } from '@patt/wow';
import { characterKey, standInRealm } from './guild-generator';
import type { CharacterRef, Faction, GeneratedGuild, StandInCharacter, StandInRealm } from './stand-in.types';

/** What a test may change of a character. `realm` is a realm name (a transfer). */
export type CharacterChange = Partial<Omit<StandInCharacter, 'id' | 'realm' | 'faction'>> & { realm?: string };

/** A new character; what is left out is copied from a plausible template. */
export type NewCharacter = Partial<Omit<StandInCharacter, 'realm' | 'faction'>> & { name: string; realm?: string };

interface CharacterState {
  character: StandInCharacter;
  inGuild: boolean;
  /** Whole seconds (HTTP dates have no milliseconds), strictly rising with every change. */
  lastModifiedMs: number;
}

export class StandInGuild {
  readonly id: number;
  readonly name: string;
  readonly realm: StandInRealm;
  readonly faction: Faction;
  private readonly characters = new Map<number, CharacterState>();
  private readonly byKey = new Map<string, number>();
  private readonly realms = new Map<string, StandInRealm>();
  private rosterModifiedMs: number;
  private nextId: number;

  constructor(guild: GeneratedGuild) {
    this.id = guild.id;
    this.name = guild.name;
    this.realm = guild.realm;
    this.faction = guild.faction;
    this.realms.set(guild.realm.slug, guild.realm);
    let newest = 0;
    for (const member of guild.members) {
      const character = { ...member, realm: this.knownRealm(member.realm) };
      // Until something changes, a profile was last modified at its owner's last login.
      const lastModifiedMs = wholeSeconds(member.lastLoginMs);
      this.insert({ character, inGuild: true, lastModifiedMs });
      newest = Math.max(newest, lastModifiedMs);
    }
    this.rosterModifiedMs = newest || wholeSeconds(Date.now());
    this.nextId = 200_000_000;
    for (const id of this.characters.keys()) this.nextId = Math.max(this.nextId, id + 1);
  }

  /** The members as the roster lists them (copies: change them through update()). */
  members(): StandInCharacter[] {
    return [...this.characters.values()].filter((s) => s.inGuild).map((s) => copy(s.character));
  }

  get size(): number {
    let count = 0;
    for (const state of this.characters.values()) if (state.inGuild) count++;
    return count;
  }

  /** Any character Blizzard knows, in the guild or not. */
  get(ref: CharacterRef): StandInCharacter | undefined {
    const state = this.state(ref);
    return state ? copy(state.character) : undefined;
  }

  isMember(ref: CharacterRef): boolean {
    return this.state(ref)?.inGuild ?? false;
  }

  /** Changes a character (level, spec, rank, name, realm, ...); its Last-Modified moves. */
  update(ref: CharacterRef, change: CharacterChange): StandInCharacter {
    const state = this.require(ref);
    const { realm: realmName, ...fields } = change;
    const next: StandInCharacter = {
      ...state.character,
      ...fields,
      realm: realmName === undefined ? state.character.realm : this.realmNamed(realmName),
    };
    const oldKey = characterKey(state.character.realm.slug, state.character.name);
    const newKey = characterKey(next.realm.slug, next.name);
    if (newKey !== oldKey) {
      if (this.byKey.has(newKey)) throw new Error(`${next.name} already exists on ${next.realm.name}`);
      this.byKey.delete(oldKey);
      this.byKey.set(newKey, next.id);
    }
    state.character = next;
    this.touchState(state);
    return copy(next);
  }

  /** Marks a character changed without changing it: Blizzard sometimes does just that. */
  touch(ref: CharacterRef): void {
    this.touchState(this.require(ref));
  }

  /** A new member, or an old character (one who left) rejoining. */
  add(character: NewCharacter): StandInCharacter {
    const realm = character.realm === undefined ? this.realm : this.realmNamed(character.realm);
    const existing = this.byKey.get(characterKey(realm.slug, character.name));
    if (existing !== undefined) {
      const state = this.characters.get(existing) as CharacterState;
      if (state.inGuild) throw new Error(`${character.name} of ${realm.name} is already a member`);
      state.inGuild = true;
      const { id: _id, ...change } = character;
      return this.update(existing, { ...change, realm: realm.name });
    }
    const id = character.id ?? this.nextId++;
    if (this.characters.has(id)) throw new Error(`character id ${id} is taken`);
    const created: StandInCharacter = {
      level: 80,
      classId: 1,
      specId: 71,
      raceId: this.faction === 'HORDE' ? 2 : 1,
      gender: 'MALE',
      rank: 5,
      lastLoginMs: Date.now(),
      achievementPoints: 10_000,
      averageItemLevel: 600,
      equippedItemLevel: 598,
      ...character,
      id,
      realm,
      faction: this.faction,
    };
    const state: CharacterState = { character: created, inGuild: true, lastModifiedMs: 0 };
    this.insert(state);
    this.touchState(state);
    return copy(created);
  }

  /**
   * Takes a character out of the guild. Its profile stays (players who gquit still exist)
   * unless `deleteCharacter`: then Blizzard answers 404 for it, as for a deleted character.
   */
  remove(ref: CharacterRef, options: { deleteCharacter?: boolean } = {}): void {
    const state = this.require(ref);
    if (options.deleteCharacter) {
      this.characters.delete(state.character.id);
      this.byKey.delete(characterKey(state.character.realm.slug, state.character.name));
    } else {
      state.inGuild = false;
      this.touchState(state);
    }
    this.rosterModifiedMs = nextModified(this.rosterModifiedMs);
  }

  /** The character's Last-Modified as an HTTP date. */
  lastModified(ref: CharacterRef): string {
    return new Date(this.require(ref).lastModifiedMs).toUTCString();
  }

  rosterLastModifiedMs(): number {
    return this.rosterModifiedMs;
  }

  /** For the server: a character by realm slug and the name from the URL, any case. */
  lookup(realmSlugValue: string, name: string): { character: StandInCharacter; lastModifiedMs: number } | undefined {
    const id = this.byKey.get(characterKey(realmSlugValue, name));
    const state = id === undefined ? undefined : this.characters.get(id);
    return state ? { character: state.character, lastModifiedMs: state.lastModifiedMs } : undefined;
  }

  /** For the server: members without copying (it only reads them). */
  memberRecords(): StandInCharacter[] {
    return [...this.characters.values()].filter((s) => s.inGuild).map((s) => s.character);
  }

  private state(ref: CharacterRef): CharacterState | undefined {
    const id = typeof ref === 'number' ? ref : this.byKey.get(characterKey(realmSlug(ref.realm), ref.name));
    return id === undefined ? undefined : this.characters.get(id);
  }

  private require(ref: CharacterRef): CharacterState {
    const state = this.state(ref);
    if (!state) throw new Error(`the stand-in knows no character ${JSON.stringify(ref)}`);
    return state;
  }

  private insert(state: CharacterState): void {
    const key = characterKey(state.character.realm.slug, state.character.name);
    if (this.byKey.has(key)) throw new Error(`${state.character.name} exists twice on ${state.character.realm.name}`);
    if (this.characters.has(state.character.id)) throw new Error(`character id ${state.character.id} exists twice`);
    this.characters.set(state.character.id, state);
    this.byKey.set(key, state.character.id);
  }

  private touchState(state: CharacterState): void {
    state.lastModifiedMs = nextModified(state.lastModifiedMs);
    if (state.inGuild) this.rosterModifiedMs = nextModified(this.rosterModifiedMs);
  }

  private knownRealm(realm: StandInRealm): StandInRealm {
    const known = this.realms.get(realm.slug);
    if (known) return known;
    this.realms.set(realm.slug, realm);
    return realm;
  }

  private realmNamed(name: string): StandInRealm {
    const known = this.realms.get(realmSlug(name));
    return known ?? this.knownRealm(standInRealm(name, 100 + this.realms.size));
  }
}

/** Now in whole seconds, and always at least a second after `previous`, so a change is never hidden. */
function nextModified(previous: number): number {
  return Math.max(wholeSeconds(Date.now()), previous + 1000);
}

function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

function copy(character: StandInCharacter): StandInCharacter {
  return { ...character, realm: { ...character.realm } };
}
