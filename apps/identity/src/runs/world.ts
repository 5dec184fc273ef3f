// Everything a matching or integrity run looks at, loaded at once in the run's transaction: the
// two projections, the members and their links, the officers' rejections and the rank table.
import type { LinkMethod, Rank, RankLevel } from '@patt/contracts';
import type { ExistingMember, MatchCharacter, MatchingInput } from '../matching';

export interface WorldDiscordMember {
  userId: string;
  username: string;
  displayName: string;
  roleIds: string[];
  present: boolean;
}

export interface WorldMember {
  personId: string;
  mainCharacterId: string | null;
  rankLevel: RankLevel | null;
  rankOverride: RankLevel | null;
  /** The level the integrity check last saw settled; `rankChecked` false: never recorded. */
  checkedRankLevel: RankLevel | null;
  rankChecked: boolean;
}

export interface WorldLink {
  personId: string;
  characterId: string | null;
  discordUserId: string | null;
  method: LinkMethod;
  score: number;
}

export interface World {
  characters: MatchCharacter[];
  discordMembers: WorldDiscordMember[];
  members: WorldMember[];
  links: WorldLink[];
  rejected: Array<{ characterId: string; discordUserId: string }>;
  ranks: Rank[];
}

/** A member as the links make it: who they are, with what. */
export interface Membership {
  personId: string;
  characterIds: string[];
  discordUserId: string | null;
  rankLevel: RankLevel | null;
  rankOverride: RankLevel | null;
  mainCharacterId: string | null;
}

/** The members of a world with their characters and Discord user, from its links. */
export function membershipsOf(world: Pick<World, 'members' | 'links'>): Membership[] {
  const byPerson = new Map<string, Membership>();
  for (const member of world.members) {
    byPerson.set(member.personId, {
      personId: member.personId,
      characterIds: [],
      discordUserId: null,
      rankLevel: member.rankLevel,
      rankOverride: member.rankOverride,
      mainCharacterId: member.mainCharacterId,
    });
  }
  for (const link of world.links) {
    const member = byPerson.get(link.personId);
    if (!member) continue;
    if (link.characterId) member.characterIds.push(link.characterId);
    if (link.discordUserId) member.discordUserId = link.discordUserId;
  }
  return [...byPerson.values()];
}

/** The highest rank among a user's Discord roles, through the rank table's roles; null when none is a rank's. */
export function highestGuildRole(roleIds: readonly string[], levelOfRole: ReadonlyMap<string, RankLevel>): RankLevel | null {
  let best: RankLevel | null = null;
  for (const roleId of roleIds) {
    const level = levelOfRole.get(roleId);
    if (level !== undefined && (best === null || level > best)) best = level;
  }
  return best;
}

/** The engine's input. Links go without their evidence: the engine reads only their methods. */
export function matchingInputOf(world: World): MatchingInput {
  const linksOf = new Map<string, WorldLink[]>();
  for (const link of world.links) {
    const list = linksOf.get(link.personId);
    if (list) list.push(link);
    else linksOf.set(link.personId, [link]);
  }
  const members = membershipsOf(world).map(
    (member): ExistingMember => ({
      personId: member.personId,
      characterIds: member.characterIds,
      discordUserId: member.discordUserId,
      links: (linksOf.get(member.personId) ?? []).map((link) => ({
        characterId: link.characterId,
        discordUserId: link.discordUserId,
        method: link.method,
        score: link.score,
        evidence: null,
      })),
      rankLevel: member.rankLevel,
      rankOverride: member.rankOverride,
      mainCharacterId: member.mainCharacterId,
    }),
  );
  const levelOfRole = new Map<string, RankLevel>();
  for (const rank of world.ranks) {
    if (rank.discordRoleId && (levelOfRole.get(rank.discordRoleId) ?? 0) < rank.level) levelOfRole.set(rank.discordRoleId, rank.level);
  }
  return {
    characters: world.characters,
    discordMembers: world.discordMembers.map((u) => ({
      userId: u.userId,
      username: u.username,
      displayName: u.displayName,
      present: u.present,
      guildRoleLevel: highestGuildRole(u.roleIds, levelOfRole),
    })),
    members,
    rejected: world.rejected,
    ranks: world.ranks.map((rank) => ({ level: rank.level, gameRankIndexes: rank.gameRankIndexes })),
  };
}
