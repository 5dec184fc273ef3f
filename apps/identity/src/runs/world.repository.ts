import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { LinkMethod, RankLevel } from '@patt/contracts';
import type { MatchCharacter } from '../matching';
import { RanksRepository } from '../ranks/ranks.repository';
import type { World, WorldDiscordMember, WorldLink, WorldMember } from './world';

/** Loads a World in six plain queries: a run reads everything once, not member by member. */
@Injectable()
export class WorldRepository {
  constructor(private readonly ranks: RanksRepository) {}

  async load(manager: EntityManager): Promise<World> {
    const characters = (await manager.query(
      `SELECT id, blizzard_id, name, realm_slug, guild_note, officer_note, in_guild, guild_rank_index, last_login_at FROM characters`,
    )) as Array<{
      id: string;
      blizzard_id: string;
      name: string;
      realm_slug: string;
      guild_note: string | null;
      officer_note: string | null;
      in_guild: boolean;
      guild_rank_index: number;
      last_login_at: Date | null;
    }>;
    const discord = (await manager.query(
      'SELECT user_id, username, display_name, role_ids, present FROM discord_members',
    )) as Array<{ user_id: string; username: string; display_name: string; role_ids: string[]; present: boolean }>;
    const members = (await manager.query(
      'SELECT id, main_character_id, rank_level, rank_override, checked_rank_level, rank_checked_at FROM members',
    )) as Array<{
      id: string;
      main_character_id: string | null;
      rank_level: RankLevel | null;
      rank_override: RankLevel | null;
      checked_rank_level: RankLevel | null;
      rank_checked_at: Date | null;
    }>;
    const links = (await manager.query('SELECT person_id, character_id, discord_user_id, method, score FROM links')) as Array<{
      person_id: string;
      character_id: string | null;
      discord_user_id: string | null;
      method: LinkMethod;
      score: number;
    }>;
    const rejected = (await manager.query(
      `SELECT character_id, discord_user_id FROM suggestions WHERE status = 'rejected'`,
    )) as Array<{ character_id: string; discord_user_id: string }>;
    const ranks = (await this.ranks.all(manager)).map((rank) => rank.toRank());

    return {
      characters: characters.map(
        (c): MatchCharacter => ({
          id: c.id,
          blizzardId: Number(c.blizzard_id),
          name: c.name,
          realmSlug: c.realm_slug,
          guildNote: c.guild_note,
          officerNote: c.officer_note,
          inGuild: c.in_guild,
          guildRankIndex: c.guild_rank_index,
          lastLoginAt: c.last_login_at?.toISOString() ?? null,
        }),
      ),
      discordMembers: discord.map(
        (u): WorldDiscordMember => ({ userId: u.user_id, username: u.username, displayName: u.display_name, roleIds: u.role_ids, present: u.present }),
      ),
      members: members.map(
        (m): WorldMember => ({
          personId: m.id,
          mainCharacterId: m.main_character_id,
          rankLevel: m.rank_level,
          rankOverride: m.rank_override,
          checkedRankLevel: m.checked_rank_level,
          rankChecked: m.rank_checked_at !== null,
        }),
      ),
      links: links.map(
        (l): WorldLink => ({ personId: l.person_id, characterId: l.character_id, discordUserId: l.discord_user_id, method: l.method, score: l.score }),
      ),
      rejected: rejected.map((r) => ({ characterId: r.character_id, discordUserId: r.discord_user_id })),
      ranks,
    };
  }
}
