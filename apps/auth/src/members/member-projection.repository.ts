import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RankLevel } from '@patt/contracts';

export interface MemberRecord {
  personId: string;
  discordUserId: string | null;
  discordUsername: string | null;
  rankLevel: RankLevel;
}

interface MemberRow {
  person_id: string;
  discord_user_id: string | null;
  discord_username: string | null;
  rank_level: number;
}

const toRecord = (row: MemberRow): MemberRecord => ({
  personId: row.person_id,
  discordUserId: row.discord_user_id,
  discordUsername: row.discord_username,
  rankLevel: row.rank_level as RankLevel,
});

@Injectable()
export class MemberProjectionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(personId: string, manager: EntityManager = this.dataSource.manager): Promise<MemberRecord | null> {
    const rows = (await manager.query('SELECT * FROM members WHERE person_id = $1', [personId])) as MemberRow[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /**
   * The member whose Discord account this is, as identity last said: the most recent link when a
   * stale one of another member is still held (identity moves a Discord account between members).
   */
  async byDiscordUser(discordUserId: string, manager: EntityManager = this.dataSource.manager): Promise<MemberRecord | null> {
    const rows = (await manager.query('SELECT * FROM members WHERE discord_user_id = $1 ORDER BY link_updated_at DESC LIMIT 1', [discordUserId])) as MemberRow[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Records a member's Discord account (and the rank it came with) as of `at`. */
  async upsertLink(
    manager: EntityManager,
    member: { personId: string; discordUserId: string | null; discordUsername: string | null; rankLevel: RankLevel },
    at: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO members (person_id, discord_user_id, discord_username, rank_level, link_updated_at, rank_updated_at)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (person_id) DO UPDATE SET
         discord_user_id = CASE WHEN members.link_updated_at <= $5 THEN EXCLUDED.discord_user_id ELSE members.discord_user_id END,
         discord_username = CASE WHEN members.link_updated_at <= $5 THEN EXCLUDED.discord_username ELSE members.discord_username END,
         link_updated_at = GREATEST(members.link_updated_at, $5),
         rank_level = CASE WHEN members.rank_updated_at <= $5 THEN EXCLUDED.rank_level ELSE members.rank_level END,
         rank_updated_at = GREATEST(members.rank_updated_at, $5)`,
      [member.personId, member.discordUserId, member.discordUsername, member.rankLevel, at],
    );
  }

  /** Records a member's new rank as of `at`. */
  async upsertRank(manager: EntityManager, personId: string, rankLevel: RankLevel, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO members (person_id, rank_level, rank_updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (person_id) DO UPDATE SET
         rank_level = CASE WHEN members.rank_updated_at <= $3 THEN EXCLUDED.rank_level ELSE members.rank_level END,
         rank_updated_at = GREATEST(members.rank_updated_at, $3)`,
      [personId, rankLevel, at],
    );
  }

  /** Records whether the member has a character in the guild, as of `at`; false when what is held is newer. */
  async upsertPresence(manager: EntityManager, presence: { personId: string; inGuild: boolean; since: Date }, at: Date): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO members (person_id, in_guild, in_guild_since, presence_updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (person_id) DO UPDATE SET in_guild = EXCLUDED.in_guild, in_guild_since = EXCLUDED.in_guild_since,
         presence_updated_at = EXCLUDED.presence_updated_at
       WHERE members.presence_updated_at <= EXCLUDED.presence_updated_at
       RETURNING person_id`,
      [presence.personId, presence.inGuild, presence.since, at],
    )) as unknown[];
    return rows.length > 0;
  }
}
