import { Character, CharacterListItem, Rank, RankLevel } from '@patt/contracts';
import { currentContext } from '@patt/service-kit';
import { levelOfGameRank, rankRefOf } from '../ranks/rank-levels';
import type { CharacterListRow, CharacterRow } from './characters.repository';

/** Who reads a character: notes are for officers only (docs/api.md, "Ranks, members, characters"). */
export interface Viewer {
  seesNotes: boolean;
}

export function viewerOfRank(rank: RankLevel | undefined): Viewer {
  return { seesNotes: rank !== undefined && rank >= RankLevel.Officer };
}

/** The caller of the request in hand, by the rank the gateway vouched for; no actor sees no notes. */
export function currentViewer(): Viewer {
  return viewerOfRank(currentContext()?.actor?.rank);
}

/** Names the platform rank an in-game rank index maps to, by the rank table (built once per request). */
export function rankNamer(ranks: readonly Rank[]): (gameRankIndex: number) => string {
  const names = new Map<number, string>();
  return (index) => {
    let name = names.get(index);
    if (name === undefined) {
      const level = levelOfGameRank([...ranks], index);
      name = ranks.find((rank) => rank.level === level)?.name ?? RankLevel[level];
      names.set(index, name);
    }
    return name;
  };
}

/** A character row as the API shows it to `viewer`. */
export function toCharacter(row: CharacterRow, rankName: (gameRankIndex: number) => string, viewer: Viewer): Character {
  return {
    id: row.id,
    blizzardId: Number(row.blizzardId),
    name: row.name,
    realmSlug: row.realmSlug,
    realmName: row.realmName,
    className: row.className,
    specName: row.specName,
    role: row.role,
    level: row.level,
    itemLevel: row.itemLevel,
    guildRankIndex: row.guildRankIndex,
    guildRankName: rankName(row.guildRankIndex),
    lastLoginAt: row.lastLoginAt,
    inGuild: row.inGuild,
    joinedAt: row.joinedAt,
    leftAt: row.leftAt,
    personId: row.personId,
    guildNote: viewer.seesNotes ? row.guildNote : null,
    officerNote: viewer.seesNotes ? row.officerNote : null,
  };
}

/** A row of the characters list: the character, with its member as the roster shows it. */
export function toCharacterListItem(
  row: CharacterListRow,
  rankName: (gameRankIndex: number) => string,
  ranks: readonly Rank[],
  viewer: Viewer,
): CharacterListItem {
  return {
    ...toCharacter(row, rankName, viewer),
    isMain: row.isMain,
    member:
      row.personId === null
        ? null
        : {
            id: row.personId,
            displayName: row.memberName ?? '',
            rank: rankRefOf(ranks, row.memberRankLevel),
            discordUsername: row.memberDiscordUsername,
          },
  };
}
