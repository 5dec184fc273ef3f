// Small rules about rank levels that every reader and writer of ranks applies the same way.
import { Rank, RankLevel, RankRef } from '@patt/contracts';

/** The level an in-game rank index maps to; indexes no rank claims are Initiates. */
export function levelOfGameRank(ranks: Rank[], gameRankIndex: number): RankLevel {
  return ranks.find((rank) => rank.gameRankIndexes.includes(gameRankIndex))?.level ?? RankLevel.Initiate;
}

/** The rank a member holds on the platform: an unranked member (no character in the guild) is an Initiate. */
export function effectiveLevel(level: RankLevel | null | undefined): RankLevel {
  return level ?? RankLevel.Initiate;
}

export function rankRefOf(ranks: readonly Rank[], level: RankLevel | null | undefined): RankRef {
  const effective = effectiveLevel(level);
  return { level: effective, name: ranks.find((rank) => rank.level === effective)?.name ?? RankLevel[effective] };
}
