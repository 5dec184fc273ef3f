import { DEFAULT_RANKS, DiscordGuildRole, RankLevel } from '@patt/contracts';

export interface RankRole {
  level: RankLevel;
  name: string;
  discordRoleId: string | null;
}

/**
 * The rank → Discord role mapping: which role stands for a rank, which roles are guild-rank roles
 * at all (the only ones role sync ever touches), and the highest rank a set of roles amounts to.
 */
export class RankRoleMap {
  private readonly byLevel: ReadonlyMap<RankLevel, RankRole>;

  constructor(ranks: readonly RankRole[]) {
    this.byLevel = new Map(ranks.map((rank) => [rank.level, rank]));
  }

  roleOf(level: RankLevel): string | null {
    return this.byLevel.get(level)?.discordRoleId ?? null;
  }

  /** The guild's name of the rank; the default name until identity has told its table. */
  nameOf(level: RankLevel): string {
    return this.byLevel.get(level)?.name ?? DEFAULT_RANKS.find((rank) => rank.level === level)?.name ?? `rank ${level}`;
  }

  /** Every role that stands for a rank. */
  get rankRoleIds(): string[] {
    return [...this.byLevel.values()].map((rank) => rank.discordRoleId).filter((id): id is string => id !== null);
  }

  highestOf(roleIds: readonly string[]): DiscordGuildRole | null {
    let highest: DiscordGuildRole | null = null;
    for (const rank of this.byLevel.values()) {
      if (rank.discordRoleId && roleIds.includes(rank.discordRoleId) && (!highest || rank.level > highest.level)) {
        highest = { level: rank.level, name: rank.name, roleId: rank.discordRoleId };
      }
    }
    return highest;
  }

  /** Whether another mapping gives any rank a different role. */
  rolesDifferFrom(other: RankRoleMap): boolean {
    const levels = new Set([...this.byLevel.keys(), ...other.byLevel.keys()]);
    return [...levels].some((level) => this.roleOf(level) !== other.roleOf(level));
  }
}
