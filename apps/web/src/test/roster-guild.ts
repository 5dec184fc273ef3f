// A guild of a thousand characters for the roster page's tests, and the characters list of the
// fake API over it: filtered, sorted, grouped and paged the way docs/api.md says identity does (the
// order is libs/testing's, which identity's own end-to-end suite checks the API against), so a test
// can page through the whole guild and check what the page shows against what was asked.
import type { CharacterListItem, CharacterSort, Role } from '../api/types';
import { inCharacterListOrder } from '@patt/testing/characters-order';
import type { Call, Reply } from './fake-api';
import { fail, page } from './fake-api';

const CLASSES: Array<{ name: string; specs: Array<[string, Role]> }> = [
  { name: 'Warrior', specs: [['Protection', 'tank'], ['Fury', 'melee']] },
  { name: 'Paladin', specs: [['Holy', 'healer'], ['Retribution', 'melee']] },
  { name: 'Hunter', specs: [['Marksmanship', 'ranged'], ['Survival', 'melee']] },
  { name: 'Priest', specs: [['Discipline', 'healer'], ['Shadow', 'ranged']] },
  { name: 'Death Knight', specs: [['Blood', 'tank'], ['Frost', 'melee']] },
  { name: 'Mage', specs: [['Fire', 'ranged'], ['Arcane', 'ranged']] },
  { name: 'Druid', specs: [['Restoration', 'healer'], ['Guardian', 'tank']] },
];
const RANK_NAMES = ['Guild Leader', 'Officer', 'Veteran', 'Member', 'Initiate'];
const DAY_MS = 86_400_000;

/** The rank level of an in-game rank index, as the default rank table maps it. */
export const levelOfIndex = (index: number | null): number => (index === null ? 1 : ([5, 4, 3, 2][index] ?? 1));

export interface RosterGuild {
  characters: CharacterListItem[];
  members: number;
  unlinked: number;
}

/**
 * `size` characters: members with a main and zero to three alts (about three in four characters),
 * the rest of no member. Deterministic, with a few empty values (no spec, no item level, never
 * logged in) so that their place in an order shows.
 */
export function rosterGuild(size = 1000, now = Date.now()): RosterGuild {
  let seed = 1000;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const characters: CharacterListItem[] = [];
  let members = 0;
  const character = (n: number, member: CharacterListItem['member'], isMain: boolean, rankIndex: number): CharacterListItem => {
    const kind = CLASSES[n % CLASSES.length]!;
    const [specName, role] = kind.specs[int(0, 1)]!;
    const low = n % 37 === 5;
    return {
      id: `c${String(n).padStart(4, '0')}`,
      blizzardId: 100_000 + n,
      name: `Char${String(n).padStart(4, '0')}`,
      realmSlug: n % 5 === 0 ? 'area-52' : 'senjin',
      realmName: n % 5 === 0 ? 'Area 52' : "Sen'jin",
      className: kind.name,
      specName: low ? null : specName,
      role: low ? null : role,
      level: low ? int(1, 9) : 80,
      itemLevel: n % 41 === 3 ? null : int(560, 640),
      guildRankIndex: rankIndex,
      guildRankName: RANK_NAMES[5 - levelOfIndex(rankIndex)]!,
      lastLoginAt: n % 53 === 7 ? null : new Date(now - int(0, 60 * 24) * 3_600_000).toISOString(),
      inGuild: true,
      joinedAt: new Date(now - int(1, 400) * DAY_MS).toISOString(),
      leftAt: null,
      personId: member?.id ?? null,
      guildNote: null,
      officerNote: null,
      isMain,
      member,
    };
  };
  while (characters.length < size) {
    const n = characters.length;
    if (random() < 0.12) {
      characters.push(character(n, null, false, int(2, 9)));
      continue;
    }
    members += 1;
    const rankIndex = members === 1 ? 0 : int(1, 9);
    const member = {
      id: `m${String(members).padStart(4, '0')}`,
      displayName: `Player ${String(members).padStart(4, '0')}`,
      rank: { level: levelOfIndex(rankIndex), name: RANK_NAMES[5 - levelOfIndex(rankIndex)]! },
      discordUsername: `player${members}`,
    };
    characters.push(character(n, member, true, rankIndex));
    for (let alts = int(0, 3); alts > 0 && characters.length < size; alts -= 1) {
      characters.push(character(characters.length, member, false, Math.min(9, rankIndex + int(0, 2))));
    }
  }
  return { characters, members, unlinked: characters.filter((c) => !c.member).length };
}

const SORTS = new Set<string>(['name', 'realm', 'member', 'className', 'specName', 'role', 'level', 'itemLevel', 'rank', 'lastLoginAt', 'joinedAt']);

/** What GET /characters answers for the query of `call`, over `guild`. */
export function charactersList(guild: RosterGuild, call: Call, now = Date.now()): Reply {
  const q = call.query;
  const sort = (q.get('sort') ?? 'name') as CharacterSort;
  if (!SORTS.has(sort)) return fail(400, 'VALIDATION_FAILED', `sort must be one of ${[...SORTS].join(', ')}`);
  const order = q.get('order') === 'desc' ? 'desc' : 'asc';
  const grouped = q.get('group') === 'member';
  const limit = Number(q.get('limit') ?? 50);
  const offset = Number(q.get('offset') ?? 0);
  const keep = (c: CharacterListItem): boolean =>
    (!q.get('q') || c.name.toLowerCase().includes(q.get('q')!.toLowerCase())) &&
    (!q.get('rank') || levelOfIndex(c.guildRankIndex) === Number(q.get('rank'))) &&
    (!q.get('className') || c.className?.toLowerCase() === q.get('className')!.toLowerCase()) &&
    (!q.get('role') || c.role === q.get('role')) &&
    (q.get('linked') === null || (c.member !== null) === (q.get('linked') === 'true')) &&
    (!q.get('activeWithinDays') || (c.lastLoginAt !== null && Date.parse(c.lastLoginAt) >= now - Number(q.get('activeWithinDays')) * DAY_MS));
  const sorted = inCharacterListOrder(guild.characters.filter(keep), sort, order, grouped, guild.characters);
  return page(sorted.slice(offset, offset + limit), sorted.length);
}
