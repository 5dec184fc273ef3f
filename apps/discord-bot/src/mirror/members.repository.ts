import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DiscordMemberState } from '@patt/contracts';
import { DiscordMemberEntity } from './discord-member.entity';
import { sortRoleIds } from './member-state';

export interface MemberListFilter {
  linked?: boolean;
  present?: boolean;
  q?: string;
  limit: number;
  offset: number;
}

export interface ListedMember extends DiscordMemberState {
  personId: string | null;
}

interface ListedRow {
  user_id: string;
  username: string;
  display_name: string;
  role_ids: string[];
  present: boolean;
  joined_at: Date | null;
  person_id: string | null;
}

/** `%` and `_` in a search are meant literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class MembersRepository {
  constructor(@InjectRepository(DiscordMemberEntity) private readonly members: Repository<DiscordMemberEntity>) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.members.manager.transaction(work);
  }

  async find(userId: string, manager: EntityManager = this.members.manager): Promise<DiscordMemberState | null> {
    const row = await manager.getRepository(DiscordMemberEntity).findOne({ where: { userId } });
    return row?.toState() ?? null;
  }

  /** The member, locked until the transaction ends (writers of one member queue behind each other). */
  async lock(manager: EntityManager, userId: string): Promise<DiscordMemberState | null> {
    const row = await manager.getRepository(DiscordMemberEntity).findOne({ where: { userId }, lock: { mode: 'pessimistic_write' } });
    return row?.toState() ?? null;
  }

  async all(manager: EntityManager = this.members.manager): Promise<DiscordMemberState[]> {
    const rows = await manager.getRepository(DiscordMemberEntity).find({ order: { userId: 'ASC' } });
    return rows.map((row) => row.toState());
  }

  /** Writes what a gateway event (or our own change) just told: the newest state there is. */
  async save(manager: EntityManager, member: DiscordMemberState, observedAt: Date): Promise<void> {
    await manager.query(
      `INSERT INTO discord_members (user_id, username, display_name, role_ids, present, joined_at, left_at, observed_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $5 THEN NULL ELSE $7::timestamptz END, $7)
       ON CONFLICT (user_id) DO UPDATE SET
         username = EXCLUDED.username, display_name = EXCLUDED.display_name, role_ids = EXCLUDED.role_ids,
         present = EXCLUDED.present, joined_at = COALESCE(EXCLUDED.joined_at, discord_members.joined_at),
         left_at = CASE WHEN EXCLUDED.present THEN NULL ELSE COALESCE(discord_members.left_at, EXCLUDED.left_at) END,
         observed_at = EXCLUDED.observed_at`,
      [member.userId, member.username, member.displayName, sortRoleIds(member.roleIds), member.present, member.joinedAt, observedAt],
    );
  }

  /**
   * Writes a full sync's members, except those observed after the sync started (a gateway event or
   * a role change of ours knows better than a list read some seconds ago). The ids written.
   */
  async saveListed(manager: EntityManager, members: readonly DiscordMemberState[], syncStartedAt: Date): Promise<Set<string>> {
    if (members.length === 0) return new Set();
    const rows = (await manager.query(
      `INSERT INTO discord_members (user_id, username, display_name, role_ids, present, joined_at, left_at, observed_at)
       SELECT m.user_id, m.username, m.display_name, ARRAY(SELECT jsonb_array_elements_text(m.role_ids)), true, m.joined_at, NULL, $2
         FROM jsonb_to_recordset($1::jsonb) AS m(user_id text, username text, display_name text, role_ids jsonb, joined_at timestamptz)
       ON CONFLICT (user_id) DO UPDATE SET
         username = EXCLUDED.username, display_name = EXCLUDED.display_name, role_ids = EXCLUDED.role_ids,
         present = true, joined_at = EXCLUDED.joined_at, left_at = NULL, observed_at = EXCLUDED.observed_at
       WHERE discord_members.observed_at < $2
       RETURNING user_id`,
      [
        JSON.stringify(
          members.map((m) => ({ user_id: m.userId, username: m.username, display_name: m.displayName, role_ids: m.roleIds, joined_at: m.joinedAt })),
        ),
        syncStartedAt,
      ],
    )) as Array<{ user_id: string }>;
    return new Set(rows.map((row) => row.user_id));
  }

  /** Marks members gone whom a full sync did not list, unless observed after it started. The ids marked. */
  async markGone(manager: EntityManager, userIds: readonly string[], syncStartedAt: Date): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    // TypeORM answers an UPDATE with [returned rows, affected count].
    const [rows] = (await manager.query(
      `UPDATE discord_members SET present = false, left_at = now(), observed_at = $2
        WHERE user_id = ANY($1::text[]) AND present AND observed_at < $2
        RETURNING user_id`,
      [userIds, syncStartedAt],
    )) as [Array<{ user_id: string }>, number];
    return new Set(rows.map((row) => row.user_id));
  }

  /**
   * Adds or removes one role of a member after Discord confirmed the change. The member's new
   * state, or null when the mirror had it so already.
   */
  async changeRole(manager: EntityManager, userId: string, roleId: string, change: 'add' | 'remove'): Promise<DiscordMemberState | null> {
    const member = await this.lock(manager, userId);
    if (!member) return null;
    const has = member.roleIds.includes(roleId);
    if ((change === 'add') === has) return null;
    const roleIds = sortRoleIds(change === 'add' ? [...member.roleIds, roleId] : member.roleIds.filter((id) => id !== roleId));
    await manager.query('UPDATE discord_members SET role_ids = $2, observed_at = now() WHERE user_id = $1', [userId, roleIds]);
    return { ...member, roleIds };
  }

  async list(filter: MemberListFilter): Promise<{ items: ListedMember[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.linked !== undefined) conditions.push(filter.linked ? 'l.person_id IS NOT NULL' : 'l.person_id IS NULL');
    if (filter.present !== undefined) {
      params.push(filter.present);
      conditions.push(`m.present = $${params.length}`);
    }
    if (filter.q) {
      params.push(likePattern(filter.q));
      conditions.push(`(m.username ILIKE $${params.length} OR m.display_name ILIKE $${params.length})`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const from = `FROM discord_members m LEFT JOIN linked_members l ON l.discord_user_id = m.user_id ${where}`;
    const [{ total }] = (await this.members.query(`SELECT count(*)::int AS total ${from}`, params)) as [{ total: number }];
    const rows = (await this.members.query(
      `SELECT m.user_id, m.username, m.display_name, m.role_ids, m.present, m.joined_at, l.person_id ${from}
        ORDER BY lower(m.display_name), m.user_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    )) as ListedRow[];
    return {
      total,
      items: rows.map((row) => ({
        userId: row.user_id,
        username: row.username,
        displayName: row.display_name,
        roleIds: sortRoleIds(row.role_ids),
        present: row.present,
        joinedAt: row.joined_at ? new Date(row.joined_at).toISOString() : null,
        personId: row.person_id,
      })),
    };
  }
}
