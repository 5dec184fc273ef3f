import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AccountDisabledCause, MembersFilter, Page, PageQuery, RankLevel } from '@patt/contracts';
import { isoUtc, likePattern } from '../characters/characters.repository';
import { MemberEntity } from './member.entity';
import { changedRows } from '../common/sql';

/** A member with their Discord user and the name shown for them: one row of the members list. */
export interface MemberRow {
  id: string;
  shownName: string | null;
  mainCharacterId: string | null;
  rankLevel: RankLevel | null;
  registered: boolean;
  discordUserId: string | null;
  discordUsername: string | null;
  discordDisplayName: string | null;
  /** ISO-8601 UTC, as the API shows it. */
  accountDisabledAt: string | null;
  accountDisabledReason: string | null;
  accountDisabledCause: AccountDisabledCause | null;
}

/** A member whose presence in the guild just changed (or was worked out for the first time). */
export interface PresenceChange {
  id: string;
  inGuild: boolean;
  since: Date;
}

/** An account's state as auth announced it; disabledAt null: it works. */
export interface AccountRecord {
  disabledAt: Date | null;
  reason: string | null;
  cause: AccountDisabledCause | null;
}

/** A member with what their rank and main are computed from, for keeping them up to date. */
export interface MemberState {
  member: MemberEntity;
  characters: Array<{ id: string; name: string; inGuild: boolean; guildRankIndex: number }>;
  discord: { userId: string; username: string } | null;
}

export interface NewMember {
  id: string;
  mainCharacterId: string | null;
  rankLevel: RankLevel | null;
}

/**
 * The shown name: the officer's, else the Discord display name, else the main character's (every
 * member with characters has a main: whoever changes a member's characters keeps it set).
 * Computed in the query, so a Discord rename shows at once; the order uses `sort_name`, the same
 * name as the last run stored it, which is indexed.
 */
const SHOWN_NAME = 'coalesce(m.display_name, d.display_name, mc.name)';

/** Members (`members` rows as `m`) with their Discord user (at most one link carries it) and main character. */
function memberFrom(members: string): string {
  return `${members}
    LEFT JOIN links dl ON dl.person_id = m.id AND dl.discord_user_id IS NOT NULL
    LEFT JOIN discord_members d ON d.user_id = dl.discord_user_id
    LEFT JOIN characters mc ON mc.id = m.main_character_id`;
}

const MEMBER_COLUMNS = `m.id, m.main_character_id AS "mainCharacterId", m.rank_level AS "rankLevel", m.registered_at IS NOT NULL AS registered,
    d.user_id AS "discordUserId", d.username AS "discordUsername", d.display_name AS "discordDisplayName", ${SHOWN_NAME} AS "shownName",
    ${isoUtc('m.account_disabled_at')} AS "accountDisabledAt", m.account_disabled_reason AS "accountDisabledReason",
    m.account_disabled_cause AS "accountDisabledCause"`;

@Injectable()
export class MembersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- reads for the API -----------------------------------------------------------------------

  /**
   * A page of the members list in one query (the characters come in a second, for the whole
   * page), with the total counted in the same statement: filtered by rank and by `q` against the
   * shown name, the Discord names and the names of the member's characters; ordered by name. Without
   * a search, the page is read off the `sort_name` index first and only its 500 rows are joined to
   * their names, so a page costs its own rows, not the guild's.
   */
  async page(filter: MembersFilter, page: PageQuery): Promise<Page<MemberRow>> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const byRank = filter.rank !== undefined ? `coalesce(m.rank_level, 1) = ${param(filter.rank)}` : 'true';
    let sql: string;
    if (filter.q) {
      const q = param(likePattern(filter.q));
      const filtered = `${memberFrom('members m')} WHERE ${byRank} AND (${SHOWN_NAME} ILIKE ${q} OR d.username ILIKE ${q} OR d.display_name ILIKE ${q}
        OR EXISTS (SELECT 1 FROM links ql JOIN characters qc ON qc.id = ql.character_id WHERE ql.person_id = m.id AND qc.name ILIKE ${q}))`;
      sql = `SELECT ${MEMBER_COLUMNS}, (SELECT count(*) FROM ${filtered})::int AS total FROM ${filtered}
              ORDER BY lower(m.sort_name), m.id LIMIT ${param(page.limit)} OFFSET ${param(page.offset)}`;
    } else {
      // The page's members first (an index range), then each one's Discord user and main by index
      // lookups. LATERAL … LIMIT 1 (each is one row at most anyway) keeps the planner from turning
      // them into joins that hash the whole links and characters tables for 500 rows.
      sql = `SELECT ${MEMBER_COLUMNS}, (SELECT count(*) FROM members m WHERE ${byRank})::int AS total
               FROM (SELECT * FROM members m WHERE ${byRank} ORDER BY lower(m.sort_name), m.id
                      LIMIT ${param(page.limit)} OFFSET ${param(page.offset)}) m
               LEFT JOIN LATERAL (SELECT d.user_id, d.username, d.display_name FROM links dl JOIN discord_members d ON d.user_id = dl.discord_user_id
                                   WHERE dl.person_id = m.id AND dl.discord_user_id IS NOT NULL LIMIT 1) d ON true
               LEFT JOIN LATERAL (SELECT c.name FROM characters c WHERE c.id = m.main_character_id LIMIT 1) mc ON true
              ORDER BY lower(m.sort_name), m.id`;
    }
    const rows = (await this.dataSource.query(sql, params)) as Array<MemberRow & { total: number }>;
    if (rows.length === 0 && page.offset > 0) return { items: [], total: (await this.page(filter, { limit: 1, offset: 0 })).total };
    return { items: rows, total: rows[0]?.total ?? 0 };
  }

  async findView(id: string, manager: EntityManager = this.dataSource.manager): Promise<MemberRow | null> {
    const rows = (await manager.query(`SELECT ${MEMBER_COLUMNS} FROM ${memberFrom('members m')} WHERE m.id = $1`, [id])) as MemberRow[];
    return rows[0] ?? null;
  }

  // ---- writes ----------------------------------------------------------------------------------

  /** The member, locked for the rest of the transaction; null when there is none. */
  lock(manager: EntityManager, id: string): Promise<MemberEntity | null> {
    return manager.getRepository(MemberEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The member (locked) with their characters and Discord user; null when there is no such member. */
  async stateOf(manager: EntityManager, id: string): Promise<MemberState | null> {
    const member = await this.lock(manager, id);
    if (!member) return null;
    const characters = (await manager.query(
      `SELECT c.id, c.name, c.in_guild AS "inGuild", c.guild_rank_index AS "guildRankIndex"
         FROM links l JOIN characters c ON c.id = l.character_id WHERE l.person_id = $1 ORDER BY c.id`,
      [id],
    )) as MemberState['characters'];
    const [discord] = (await manager.query(
      `SELECT d.user_id AS "userId", d.username FROM links l JOIN discord_members d ON d.user_id = l.discord_user_id WHERE l.person_id = $1`,
      [id],
    )) as Array<{ userId: string; username: string }>;
    return { member, characters, discord: discord ?? null };
  }

  /** The rank a member holds now (an unranked one holds Initiate); null when there is no such member. */
  async heldRank(manager: EntityManager, id: string): Promise<RankLevel | null> {
    const [row] = (await manager.query('SELECT coalesce(rank_level, 1) AS level FROM members WHERE id = $1', [id])) as Array<{ level: number }>;
    return row ? (row.level as RankLevel) : null;
  }

  async insert(manager: EntityManager, members: readonly NewMember[]): Promise<void> {
    if (members.length === 0) return;
    await manager.query(
      `INSERT INTO members (id, main_character_id, rank_level)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::smallint[])`,
      [members.map((m) => m.id), members.map((m) => m.mainCharacterId), members.map((m) => m.rankLevel)],
    );
  }

  /** Makes one of the member's characters their main, as an officer's sheet says. */
  async setMain(manager: EntityManager, personId: string, characterId: string): Promise<void> {
    await manager.query('UPDATE members SET main_character_id = $2, updated_at = now() WHERE id = $1', [personId, characterId]);
  }

  /** Stores computed ranks and mains (only the rows given: the caller passes what changed). */
  async updateComputed(manager: EntityManager, members: ReadonlyArray<NewMember>): Promise<void> {
    if (members.length === 0) return;
    await manager.query(
      `UPDATE members AS m SET rank_level = v.rank_level, main_character_id = v.main_character_id, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[], $3::smallint[]) AS v(id, main_character_id, rank_level)
        WHERE m.id = v.id`,
      [members.map((m) => m.id), members.map((m) => m.mainCharacterId), members.map((m) => m.rankLevel)],
    );
  }

  async save(manager: EntityManager, member: MemberEntity): Promise<void> {
    member.updatedAt = new Date();
    await manager.getRepository(MemberEntity).save(member);
  }

  /** Stores each member's shown name for ordering (all members, or those given), where it changed. */
  async refreshSortNames(manager: EntityManager, ids?: readonly string[]): Promise<void> {
    await manager.query(
      `UPDATE members AS target SET sort_name = v.name
         FROM (SELECT m.id, coalesce(${SHOWN_NAME}, '') AS name FROM ${memberFrom('members m')} ${ids ? 'WHERE m.id = ANY($1::uuid[])' : ''}) v
        WHERE target.id = v.id AND target.sort_name IS DISTINCT FROM v.name`,
      ids ? [ids] : [],
    );
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM members WHERE id = $1', [id]);
  }

  /**
   * Records the rank each member was seen with, for the next integrity check's `rank_changed`:
   * for members whose rank has settled (their Discord role follows it, or there is none to
   * follow), and for members never recorded yet (their first rank is no change).
   */
  async recordCheckedRanks(manager: EntityManager, settledIds: readonly string[], at: Date): Promise<void> {
    await manager.query(
      `UPDATE members SET checked_rank_level = rank_level, rank_checked_at = $2
        WHERE rank_checked_at IS NULL
           OR (id = ANY($1::uuid[]) AND checked_rank_level IS DISTINCT FROM rank_level)`,
      [settledIds, at],
    );
  }

  /**
   * Works out, in one statement, whether each member (every one, or those given) has a character
   * in the guild, and stores it where it changed: out of the guild since their last character
   * left (or since the member was made, when none of theirs ever was in it); in it since now.
   * Returns the members whose state changed, for the announcement.
   */
  async refreshPresence(manager: EntityManager, ids?: readonly string[]): Promise<PresenceChange[]> {
    const rows = (await manager.query(
      `WITH computed AS (
         SELECT m.id, coalesce(bool_or(c.in_guild), false) AS in_guild, max(c.left_at) AS last_left
           FROM members m
           LEFT JOIN links l ON l.person_id = m.id AND l.character_id IS NOT NULL
           LEFT JOIN characters c ON c.id = l.character_id
          WHERE $1::uuid[] IS NULL OR m.id = ANY($1::uuid[])
          GROUP BY m.id)
       UPDATE members m SET in_guild = computed.in_guild,
              in_guild_since = CASE WHEN computed.in_guild THEN now() ELSE coalesce(computed.last_left, m.created_at) END
         FROM computed
        WHERE m.id = computed.id AND m.in_guild IS DISTINCT FROM computed.in_guild
        RETURNING m.id, m.in_guild, m.in_guild_since`,
      [ids ?? null],
    )) as [Array<{ id: string; in_guild: boolean; in_guild_since: Date }>, number];
    return rows[0].map((row) => ({ id: row.id, inGuild: row.in_guild, since: row.in_guild_since }));
  }

  /** Records the account's state as auth announced it at `at`; an older announcement changes nothing. */
  async recordAccount(manager: EntityManager, personId: string, account: AccountRecord, at: Date): Promise<boolean> {
    const rows = await changedRows(
      manager,
      `UPDATE members SET account_disabled_at = $2, account_disabled_reason = $3, account_disabled_cause = $4, account_updated_at = $5
        WHERE id = $1 AND account_updated_at <= $5 RETURNING id`,
      [personId, account.disabledAt, account.reason, account.cause, at],
    );
    return rows.length > 0;
  }

  /** auth registered an account for the member (user-registered); an unknown member is ignored. */
  async markRegistered(manager: EntityManager, personId: string, userId: string, at: Date): Promise<boolean> {
    const rows = await changedRows(
      manager,
      `UPDATE members SET user_id = $2, registered_at = coalesce(registered_at, $3), updated_at = now() WHERE id = $1 RETURNING id`,
      [personId, userId, at],
    );
    return rows.length > 0;
  }
}
