/** Rank levels (docs/api.md, "Conventions"): 1 Initiate … 5 Guild Leader. "Officer+" is level >= 4. */
export enum RankLevel {
  Initiate = 1,
  Member = 2,
  Veteran = 3,
  Officer = 4,
  GuildLeader = 5,
}

export const RANK_LEVELS: readonly RankLevel[] = [1, 2, 3, 4, 5];

export interface RankRef {
  level: RankLevel;
  name: string;
}

export interface Rank extends RankRef {
  discordRoleId: string | null;
  /** In-game rank indexes (0 = guild master) that map to this rank. */
  gameRankIndexes: number[];
}

/** The seeded ranks and their default mapping: 0 → 5, 1 → 4, 2 → 3, 3 → 2, 4 and above → 1. */
export const DEFAULT_RANKS: readonly Rank[] = [
  { level: RankLevel.Initiate, name: 'Initiate', discordRoleId: null, gameRankIndexes: [4, 5, 6, 7, 8, 9] },
  { level: RankLevel.Member, name: 'Member', discordRoleId: null, gameRankIndexes: [3] },
  { level: RankLevel.Veteran, name: 'Veteran', discordRoleId: null, gameRankIndexes: [2] },
  { level: RankLevel.Officer, name: 'Officer', discordRoleId: null, gameRankIndexes: [1] },
  { level: RankLevel.GuildLeader, name: 'Guild Leader', discordRoleId: null, gameRankIndexes: [0] },
];
