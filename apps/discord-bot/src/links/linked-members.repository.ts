import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { RankLevel } from '@patt/contracts';
import { LinkedMemberEntity } from './linked-member.entity';

export interface MemberLink {
  personId: string;
  discordUserId: string;
  rankLevel: RankLevel;
  at: Date;
}

/** A member whose roles are due for a check, as claimed by one pass of role sync. */
export interface DueMember {
  discordUserId: string;
  rankLevel: RankLevel;
  rolesVersion: number;
}

@Injectable()
export class LinkedMembersRepository {
  constructor(@InjectRepository(LinkedMemberEntity) private readonly links: Repository<LinkedMemberEntity>) {}

  /**
   * Records that a Discord user is a person of a rank, as of `at`, and makes their roles due. The
   * person's older link to another Discord user, if any, goes. False when a newer record stands.
   */
  async link(manager: EntityManager, link: MemberLink): Promise<boolean> {
    await manager.query('DELETE FROM linked_members WHERE person_id = $1 AND discord_user_id <> $2 AND linked_at <= $3', [
      link.personId,
      link.discordUserId,
      link.at,
    ]);
    const rows = (await manager.query(
      `INSERT INTO linked_members (discord_user_id, person_id, rank_level, linked_at, roles_due, roles_version)
       VALUES ($1, $2, $3, $4, true, 1)
       ON CONFLICT (discord_user_id) DO UPDATE SET person_id = EXCLUDED.person_id, rank_level = EXCLUDED.rank_level,
         linked_at = EXCLUDED.linked_at, roles_due = true, roles_version = linked_members.roles_version + 1,
         roles_retry_at = NULL, roles_error = NULL
       WHERE linked_members.linked_at <= EXCLUDED.linked_at
       RETURNING discord_user_id`,
      [link.discordUserId, link.personId, link.rankLevel, link.at],
    )) as unknown[];
    return rows.length > 0;
  }

  /** A person identity no longer links to any Discord user (as of `at`). */
  async unlinkPerson(manager: EntityManager, personId: string, at: Date): Promise<void> {
    await manager.query('DELETE FROM linked_members WHERE person_id = $1 AND linked_at <= $2', [personId, at]);
  }

  /** A person's new rank, for the Discord user they are linked to (when identity names none). */
  async setRankOfPerson(manager: EntityManager, personId: string, rankLevel: RankLevel, at: Date): Promise<void> {
    await manager.query(
      `UPDATE linked_members SET rank_level = $2, linked_at = $3, roles_due = true, roles_version = roles_version + 1,
         roles_retry_at = NULL, roles_error = NULL
       WHERE person_id = $1 AND linked_at <= $3`,
      [personId, rankLevel, at],
    );
  }

  /** The person a Discord user is linked to, with their rank; null when identity links them to none. */
  async find(discordUserId: string): Promise<MemberLink | null> {
    const row = await this.links.findOne({ where: { discordUserId } });
    return row ? { personId: row.personId, discordUserId: row.discordUserId, rankLevel: row.rankLevel, at: row.linkedAt } : null;
  }

  async markDue(manager: EntityManager, discordUserId: string): Promise<boolean> {
    const result = (await manager.query(
      `UPDATE linked_members SET roles_due = true, roles_version = roles_version + 1, roles_retry_at = NULL
        WHERE discord_user_id = $1 RETURNING discord_user_id`,
      [discordUserId],
    )) as [unknown[], number];
    return result[1] > 0;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.links.manager.transaction(work);
  }

  /**
   * Every linked member's roles are due (after a full sync, or when the rank → role mapping
   * changed). Rows are locked in key order, so two of these never deadlock each other.
   */
  async markAllDue(manager: EntityManager): Promise<number> {
    const result = (await manager.query(
      `UPDATE linked_members l SET roles_due = true, roles_version = l.roles_version + 1, roles_retry_at = NULL
         FROM (SELECT discord_user_id FROM linked_members ORDER BY discord_user_id FOR UPDATE) ordered
        WHERE l.discord_user_id = ordered.discord_user_id`,
    )) as [unknown[], number];
    return result[1];
  }

  async due(limit: number): Promise<DueMember[]> {
    const rows = await this.links
      .createQueryBuilder('l')
      .select(['l.discordUserId', 'l.rankLevel', 'l.rolesVersion'])
      .where('l.rolesDue AND (l.rolesRetryAt IS NULL OR l.rolesRetryAt <= now())')
      .orderBy('l.linkedAt', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map((row) => ({ discordUserId: row.discordUserId, rankLevel: row.rankLevel, rolesVersion: row.rolesVersion }));
  }

  /** The check of `version` is done; a newer intent that came meanwhile stays due. */
  async settle(member: DueMember, error: string | null): Promise<void> {
    await this.links.query(
      `UPDATE linked_members SET roles_due = false, roles_error = $3, roles_checked_at = now(), roles_retry_at = NULL
        WHERE discord_user_id = $1 AND roles_version = $2`,
      [member.discordUserId, member.rolesVersion, error],
    );
  }

  /** The check failed for a reason that may pass; try again after `retryAt`. */
  async postpone(member: DueMember, retryAt: Date, error: string): Promise<void> {
    await this.links.query('UPDATE linked_members SET roles_retry_at = $2, roles_error = $3 WHERE discord_user_id = $1', [
      member.discordUserId,
      retryAt,
      error,
    ]);
  }
}
