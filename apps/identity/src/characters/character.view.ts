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

/** A character row as the API shows it to `viewer`, its rank named by the rank table. */
export function toCharacter(row: CharacterRow, ranks: readonly Rank[], viewer: Viewer): Character {
  const level = levelOfGameRank([...ranks], row.guild_rank_index);
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
    guildRankName: ranks.find((rank) => rank.level === level)?.name ?? RankLevel[level],
    lastLoginAt: iso(row.last_login_at),
    inGuild: row.in_guild,
    joinedAt: iso(row.joined_at),
    leftAt: iso(row.left_at),
    personId: row.person_id,
    guildNote: viewer.seesNotes ? row.guild_note : null,
    officerNote: viewer.seesNotes ? row.officer_note : null,
  };
}

function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}
