// The order of GET /api/v1/characters (docs/api.md), worked out in memory from the characters
// themselves: identity's end-to-end suite checks the API against it, and the web app's fake API
// answers with it. Pure and free of Node, so the web app's jsdom tests load it too (through
// `@patt/testing/characters-order`, not the index, which starts databases and buses).
import type { CharacterSort } from '@patt/contracts';

/** What the order reads of a character of the list (a `CharacterListItem`, or the web app's looser copy of one). */
export interface OrderedCharacter {
  id: string;
  name: string;
  realmSlug: string;
  realmName: string;
  className: string | null;
  specName: string | null;
  role: string | null;
  level: number | null;
  itemLevel: number | null;
  guildRankIndex: number | null;
  lastLoginAt: string | null;
  joinedAt: string | null;
  isMain: boolean;
  member: { id: string; displayName: string } | null;
}

type Key = string | number | null;

/** A character's value in a sort column: text folded to lower case, roles in the order tank, healer, melee, ranged. */
export function characterSortKey(item: OrderedCharacter, sort: CharacterSort): Key {
  switch (sort) {
    case 'name':
      return item.name.toLowerCase();
    case 'realm':
      return item.realmName.toLowerCase();
    case 'member':
      return item.member ? item.member.displayName.toLowerCase() : null;
    case 'className':
      return item.className?.toLowerCase() ?? null;
    case 'specName':
      return item.specName?.toLowerCase() ?? null;
    case 'role':
      return item.role ? ['tank', 'healer', 'melee', 'ranged'].indexOf(item.role) : null;
    case 'level':
      return item.level;
    case 'itemLevel':
      return item.itemLevel;
    case 'rank':
      return item.guildRankIndex;
    case 'lastLoginAt':
      return item.lastLoginAt;
    case 'joinedAt':
      return item.joinedAt;
  }
}

/** Empty values last whatever the direction. */
function compareKeys(a: Key, b: Key, direction: 1 | -1): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a < b ? -direction : a > b ? direction : 0;
}

const plain = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `items` in the order the list gives them: by `sort` in `order`, ties by name, realm and id.
 * Grouped by member, each member's characters stand together where their main sorts (main first,
 * then the alts in the same order), a character of no one on its own; the mains are looked up in
 * `everyCharacter` (default `items`), so a filter that leaves a main out still places its alts.
 */
export function inCharacterListOrder<T extends OrderedCharacter>(
  items: readonly T[],
  sort: CharacterSort,
  order: 'asc' | 'desc',
  grouped: boolean,
  everyCharacter: readonly OrderedCharacter[] = items,
): T[] {
  const direction = order === 'desc' ? -1 : 1;
  const mainOf = new Map(everyCharacter.flatMap((item) => (item.isMain && item.member ? [[item.member.id, item] as const] : [])));
  const tieBreak = (a: OrderedCharacter, b: OrderedCharacter) => plain(a.name.toLowerCase(), b.name.toLowerCase()) || plain(a.realmSlug, b.realmSlug) || plain(a.id, b.id);
  const byOwn = (a: OrderedCharacter, b: OrderedCharacter) => compareKeys(characterSortKey(a, sort), characterSortKey(b, sort), direction) || tieBreak(a, b);
  const head = (item: OrderedCharacter): OrderedCharacter => (item.member ? (mainOf.get(item.member.id) ?? item) : item);
  return [...items].sort((a, b) => {
    if (!grouped) return byOwn(a, b);
    const [ga, gb] = [head(a), head(b)];
    return (
      compareKeys(characterSortKey(ga, sort), characterSortKey(gb, sort), direction) ||
      plain(ga.name.toLowerCase(), gb.name.toLowerCase()) ||
      plain(a.member?.id ?? a.id, b.member?.id ?? b.id) ||
      Number(b.isMain) - Number(a.isMain) ||
      byOwn(a, b)
    );
  });
}
