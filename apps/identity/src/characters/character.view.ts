import { Character, Rank, RankLevel } from '@patt/contracts';
import { currentContext } from '@patt/service-kit';
import { levelOfGameRank } from '../ranks/ranks.service';
import type { CharacterRow } from './characters.repository';

/** Who reads a character: notes are for officers only (API.md). */
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
    blizzardId: Number(row.blizzard_id),
    name: row.name,
    realmSlug: row.realm_slug,
    realmName: row.realm_name,
    className: row.class_name,
    specName: row.spec_name,
    role: row.role,
    level: row.level,
    itemLevel: row.item_level,
    guildRankIndex: row.guild_rank_index,
    guildRankName: rankName(row.guild_rank_index),
    lastLoginAt: row.last_login_at,
    inGuild: row.in_guild,
    joinedAt: row.joined_at,
    leftAt: row.left_at,
    personId: row.person_id,
    guildNote: viewer.seesNotes ? row.guild_note : null,
    officerNote: viewer.seesNotes ? row.officer_note : null,
  };
}
