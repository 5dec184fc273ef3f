import type { MatchCharacter, MemberRank, RankMapping } from './types';

/**
 * The default rank table (docs/api.md, "Ranks, members, characters"): in-game index 0 → level 5 (Guild Leader), 1 → 4, 2 → 3, 3 → 2, and 4 and
 * above → 1. "And above" needs no list: any index the table does not map is level 1.
 */
export const DEFAULT_RANK_TABLE: readonly RankMapping[] = [
  { level: 5, gameRankIndexes: [0] },
  { level: 4, gameRankIndexes: [1] },
  { level: 3, gameRankIndexes: [2] },
  { level: 2, gameRankIndexes: [3] },
  { level: 1, gameRankIndexes: [4] },
];

/** The lowest level, given to any in-game index the table does not map. */
export const LOWEST_RANK_LEVEL = 1;

/**
 * The level of one in-game rank index. An index the table does not map (above the mapped ones,
 * or in a gap an officer left) is level 1: an unknown rank must never grant more than the least.
 * If two levels list the same index (a misconfigured table), the higher one wins, whatever the
 * order of the rows, so the answer does not depend on how the table was loaded.
 */
export function rankLevelOfIndex(table: readonly RankMapping[], gameRankIndex: number): number {
  let level: number | null = null;
  for (const row of table) {
    if (row.gameRankIndexes.includes(gameRankIndex) && (level === null || row.level > level)) level = row.level;
  }
  return level ?? LOWEST_RANK_LEVEL;
}

type RankedCharacter = Pick<MatchCharacter, 'id' | 'inGuild' | 'guildRankIndex'>;

/**
 * A member's rank: an officer's override if set; otherwise the best level among their characters
 * in the guild. With any table where a lower index never maps to a lower level (the default and
 * every sane one) that is "the lowest rank index, mapped"; taking the best *level* also respects a
 * table that deliberately maps some index lower. Ties go to the lowest index, then the lowest id,
 * so the character named as the source is deterministic.
 */
export function memberRank(
  characters: readonly RankedCharacter[],
  table: readonly RankMapping[],
  override: number | null | undefined,
): MemberRank {
  if (override !== null && override !== undefined) {
    return { level: override, source: 'override', characterId: null, gameRankIndex: null };
  }
  let best: { level: number; index: number; id: string } | null = null;
  for (const c of characters) {
    if (!c.inGuild || c.guildRankIndex === null) continue;
    const level = rankLevelOfIndex(table, c.guildRankIndex);
    const better =
      best === null ||
      level > best.level ||
      (level === best.level && (c.guildRankIndex < best.index || (c.guildRankIndex === best.index && c.id < best.id)));
    if (better) best = { level, index: c.guildRankIndex, id: c.id };
  }
  return best === null
    ? { level: null, source: 'none', characterId: null, gameRankIndex: null }
    : { level: best.level, source: 'characters', characterId: best.id, gameRankIndex: best.index };
}
