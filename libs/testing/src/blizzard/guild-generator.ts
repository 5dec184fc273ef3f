// Realistic guilds for tests, the demo and benchmarks. Real rosters are where name handling
// breaks: accents (Zatañña), Cyrillic (Тролль), realms with apostrophes and spaces (Sen'jin,
// Area 52), the same name on two connected realms, rank indexes past the usual five. The
// generator puts those in on purpose, and the rest is seeded noise.
import { CLASSES, SPECS, realmSlug } from '@patt/wow';
import { SeededRandom } from '../seeded-random';
import type { Faction, Gender, GeneratedGuild, StandInCharacter, StandInRealm } from './stand-in.types';

export interface GenerateGuildOptions {
  /** Members; up to tens of thousands, 10,000 in well under a second. */
  size: number;
  seed: number;
  /** Realm names; the first is the guild's home realm. Default: Sen'jin and seven connected realms. */
  realms?: readonly string[];
  /** Default "Pull All The Things". */
  name?: string;
  /** Default HORDE. */
  faction?: Faction;
  /** Last logins are spread over the 60 days before this (epoch ms). Default: now. */
  now?: number;
}

export const DEFAULT_GUILD_NAME = 'Pull All The Things';

export const DEFAULT_REALMS: readonly string[] = [
  "Sen'jin",
  "Mok'Nathal",
  'Area 52',
  'Argent Dawn',
  "Kel'Thuzad",
  'Bleeding Hollow',
  "Quel'dorei",
  'Tichondrius',
];

const KNOWN_REALM_IDS: Readonly<Record<string, number>> = {
  senjin: 71,
  moknathal: 1182,
  'area-52': 3676,
  'argent-dawn': 75,
  kelthuzad: 3693,
  'bleeding-hollow': 58,
  queldorei: 1361,
  tichondrius: 11,
};

/** Playable race ids and names (Blizzard's ids), by faction. */
export const RACE_NAMES: Readonly<Record<number, string>> = {
  1: 'Human',
  2: 'Orc',
  3: 'Dwarf',
  4: 'Night Elf',
  5: 'Undead',
  6: 'Tauren',
  7: 'Gnome',
  8: 'Troll',
  9: 'Goblin',
  10: 'Blood Elf',
  11: 'Draenei',
  22: 'Worgen',
  25: 'Pandaren',
  26: 'Pandaren',
  27: 'Nightborne',
  28: 'Highmountain Tauren',
  29: 'Void Elf',
  30: 'Lightforged Draenei',
  31: 'Zandalari Troll',
  32: 'Kul Tiran',
  34: 'Dark Iron Dwarf',
  35: 'Vulpera',
  36: "Mag'har Orc",
  37: 'Mechagnome',
  52: 'Dracthyr',
  70: 'Dracthyr',
};

const RACES: Readonly<Record<Faction, { common: number[]; dracthyr: number; demonHunter: number }>> = {
  HORDE: { common: [2, 5, 6, 8, 9, 10, 26, 27, 28, 31, 35, 36], dracthyr: 70, demonHunter: 10 },
  ALLIANCE: { common: [1, 3, 4, 7, 11, 22, 25, 29, 30, 32, 34, 37], dracthyr: 52, demonHunter: 4 },
};

const SPECS_BY_CLASS = new Map(CLASSES.map((c) => [c.id, SPECS.filter((spec) => spec.classId === c.id)]));
const EVOKER = 13;
const DEMON_HUNTER = 12;
const MAX_LEVEL = 80;
const DAY_MS = 86_400_000;
const MAX_NAME_LENGTH = 12;

/**
 * The names every generated guild starts with (as far as its size allows), with the realm
 * (index into the realm list) each lives on. "Trog" twice: the same name on two realms.
 * "Zatanna" and "Zatañña" fold to the same key on different realms.
 */
const TRICKY_MEMBERS: ReadonlyArray<readonly [string, number]> = [
  ['Trog', 0],
  ['Zatañña', 0],
  ['Ëlrond', 1],
  ['Тролль', 2],
  ['Trog', 2],
  ['Lúthien', 3],
  ['Zatanna', 1],
  ['Дракон', 0],
  ['Ñoño', 4],
  ['Mörkö', 3],
];

const LATIN_STARTS = [
  'Ar',
  'Bel',
  'Cor',
  'Dra',
  'El',
  'Fen',
  'Gor',
  'Hal',
  'Il',
  'Jor',
  'Kal',
  'Lor',
  'Mor',
  'Nar',
  'Or',
  'Per',
  'Quel',
  'Ral',
  'Sar',
  'Tor',
  'Ul',
  'Val',
  'Wyn',
  'Xan',
  'Yor',
  'Zul',
  'Thr',
  'Gar',
  'Mal',
  'Kael',
  'Bran',
  'Cael',
  'Dun',
  'Eir',
  'Fal',
  'Grim',
  'Hro',
  'Isa',
  'Kor',
  'Lyr',
  'Ner',
  'Os',
  'Rha',
  'Syl',
  'Tam',
  'Vor',
];
const LATIN_MIDDLES = [
  'a',
  'e',
  'i',
  'o',
  'u',
  'ae',
  'ia',
  'ra',
  'ri',
  'th',
  'dr',
  'n',
  'l',
  'or',
  'an',
  'el',
  'go',
  'ka',
  'mi',
  'ze',
  '',
];
const LATIN_ENDS = [
  'dor',
  'wen',
  'ra',
  'nik',
  'gar',
  'las',
  'mir',
  'tha',
  'zug',
  'rok',
  'lyn',
  'ion',
  'us',
  'ash',
  'eth',
  'ar',
  'in',
  'ka',
  'dris',
  'mond',
  'vek',
  'sha',
  'tor',
  'grim',
  'bek',
  'ius',
  'ane',
  'orn',
  'ix',
  'uul',
];
const CYRILLIC_STARTS = ['Бо', 'Вла', 'Гор', 'Дра', 'Ми', 'Ра', 'Све', 'Тро', 'Ше', 'Яро', 'Лю', 'Зо'];
const CYRILLIC_ENDS = ['ль', 'ра', 'дан', 'слав', 'мир', 'ка', 'н', 'рик', 'вар', 'лена'];
const ACCENTS: Readonly<Record<string, string>> = { a: 'á', e: 'ë', i: 'í', o: 'ö', u: 'ú', n: 'ñ' };

const RANK_WEIGHTS: ReadonlyArray<readonly [number, number]> = [
  [1, 2],
  [2, 5],
  [3, 8],
  [4, 15],
  [5, 25],
  [6, 20],
  [7, 15],
  [8, 6],
  [9, 4],
];

/** A realm of a generated guild: known realms keep their ids, others get stable made-up ones. */
export function standInRealm(name: string, index = 0): StandInRealm {
  const slug = realmSlug(name);
  return { id: KNOWN_REALM_IDS[slug] ?? 4000 + index, name, slug };
}

export function generateGuild(options: GenerateGuildOptions): GeneratedGuild {
  const { size, seed } = options;
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`size must be a whole number, got ${size}`);
  const realmNames = options.realms && options.realms.length > 0 ? options.realms : DEFAULT_REALMS;
  const realms = realmNames.map((name, index) => standInRealm(name, index));
  const faction = options.faction ?? 'HORDE';
  const now = options.now ?? Date.now();
  const random = new SeededRandom(seed);
  const taken = new Set<string>();

  const members: StandInCharacter[] = [];
  let nextId = 100_000_000 + random.int(0, 9_999_999);
  const add = (name: string, realm: StandInRealm): void => {
    taken.add(characterKey(realm.slug, name));
    nextId += random.int(1, 5000);
    members.push(randomCharacter(random, { id: nextId, name, realm, faction, now }));
  };

  for (const [name, realmIndex] of TRICKY_MEMBERS) {
    if (members.length >= size) break;
    const realm = realms[realmIndex % realms.length];
    if (!taken.has(characterKey(realm.slug, name))) add(name, realm);
  }
  while (members.length < size) {
    // Most of a guild lives on its home realm; the rest on connected realms.
    const realm = random.chance(0.6) ? realms[0] : random.pick(realms);
    add(uniqueName(random, realm.slug, taken), realm);
  }

  assignRanks(random, members);
  return {
    id: 50_000_000 + random.int(0, 9_999_999),
    name: options.name ?? DEFAULT_GUILD_NAME,
    realm: realms[0],
    faction,
    members,
  };
}

/** The key names are unique by on a realm: Blizzard matches them case-insensitively. */
export function characterKey(realmSlugValue: string, name: string): string {
  return `${realmSlugValue}/${name.normalize('NFC').toLowerCase()}`;
}

function randomCharacter(
  random: SeededRandom,
  base: { id: number; name: string; realm: StandInRealm; faction: Faction; now: number },
): StandInCharacter {
  const wowClass = random.pick(CLASSES);
  const levelRoll = random.next();
  const level = levelRoll < 0.03 ? random.int(1, 9) : levelRoll < 0.25 ? random.int(10, MAX_LEVEL - 1) : MAX_LEVEL;
  const specs = SPECS_BY_CLASS.get(wowClass.id) ?? [];
  const averageItemLevel =
    level === MAX_LEVEL ? random.int(560, 645) : Math.max(1, Math.round(level * 6.8) + random.int(0, 20));
  return {
    id: base.id,
    name: base.name,
    realm: base.realm,
    faction: base.faction,
    level,
    classId: wowClass.id,
    specId: level >= 10 ? random.pick(specs).id : null,
    raceId: raceFor(random, wowClass.id, base.faction),
    gender: random.pick<Gender>(['MALE', 'FEMALE']),
    rank: 0,
    lastLoginMs: Math.round(base.now - random.next() * 60 * DAY_MS),
    achievementPoints: level === MAX_LEVEL ? random.int(5000, 45_000) : random.int(0, 5000),
    averageItemLevel,
    equippedItemLevel: Math.max(1, averageItemLevel - random.int(0, 6)),
  };
}

function raceFor(random: SeededRandom, classId: number, faction: Faction): number {
  const races = RACES[faction];
  if (classId === EVOKER) return races.dracthyr;
  if (classId === DEMON_HUNTER) return races.demonHunter;
  return random.pick(races.common);
}

/**
 * One guild master; then ranks 1..9 weighted like a real guild (few officers, many members and
 * alts), with at least one each of 8 and 9, the indexes a rank table may not know.
 */
function assignRanks(random: SeededRandom, members: StandInCharacter[]): void {
  members.forEach((member, index) => {
    member.rank = index === 0 ? 0 : random.weighted(RANK_WEIGHTS);
  });
  if (members.length >= 10) {
    members[members.length - 1].rank = 9;
    members[members.length - 2].rank = 8;
  }
}

function uniqueName(random: SeededRandom, realm: string, taken: Set<string>): string {
  for (let tries = 0; tries < 20; tries++) {
    const name = randomName(random);
    if (!taken.has(characterKey(realm, name))) return name;
  }
  // A crowded realm: lengthen a name until it is free (still within the game's 12 letters).
  for (;;) {
    let name = randomName(random).slice(0, 8);
    while (name.length < MAX_NAME_LENGTH) {
      name += String.fromCharCode(97 + random.int(0, 25));
      if (!taken.has(characterKey(realm, name))) return name;
    }
  }
}

function randomName(random: SeededRandom): string {
  const roll = random.next();
  if (roll < 0.05) return capitalise(random.pick(CYRILLIC_STARTS) + random.pick(CYRILLIC_ENDS));
  let name = (random.pick(LATIN_STARTS) + random.pick(LATIN_MIDDLES) + random.pick(LATIN_ENDS))
    .toLowerCase()
    .replace(/(.)\1\1+/g, '$1$1') // "Ul" + "l" + "lyn" reads as a typo
    .slice(0, MAX_NAME_LENGTH);
  if (roll < 0.12) name = withAccent(random, name);
  return capitalise(name);
}

function withAccent(random: SeededRandom, name: string): string {
  const positions = [...name].flatMap((letter, index) => (ACCENTS[letter] ? [index] : []));
  if (positions.length === 0) return name;
  const at = random.pick(positions);
  return name.slice(0, at) + ACCENTS[name[at]] + name.slice(at + 1);
}

/** Names as the game forces them: first letter upper case, the rest lower case. */
function capitalise(name: string): string {
  const lower = name.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}
