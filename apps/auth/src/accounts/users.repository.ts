import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccountDisabledCause, RankLevel } from '@patt/contracts';

/** An account with what decides its rank (the member behind it, or an override) and whether it works. */
export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  /** Null for an account made by signing in with Discord, until a password is set: no password matches it. */
  passwordHash: string | null;
  personId: string | null;
  rankLevel: RankLevel;
  rankName: string;
  disabledAt: Date | null;
  disabledReason: string | null;
  disabledCause: AccountDisabledCause | null;
  /** What identity last said of the member: false when none of their characters is in the guild; null when unknown. */
  memberInGuild: boolean | null;
}

/** An account that was just disabled or enabled, for the announcement. */
export interface AccountChange {
  userId: string;
  personId: string;
  reason: string;
  at: Date;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string | null;
  person_id: string | null;
  rank_level: number;
  rank_name: string;
  disabled_at: Date | null;
  disabled_reason: string | null;
  disabled_cause: AccountDisabledCause | null;
  in_guild: boolean | null;
}

const toRecord = (row: UserRow): UserRecord => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  passwordHash: row.password_hash,
  personId: row.person_id,
  rankLevel: row.rank_level as RankLevel,
  rankName: row.rank_name,
  disabledAt: row.disabled_at,
  disabledReason: row.disabled_reason,
  disabledCause: row.disabled_cause,
  memberInGuild: row.in_guild,
});

// The rank of an account: an override (the bootstrap Guild Leader), else its member's, else Initiate.
const SELECT_USER = `
  SELECT u.id, u.username, u.display_name, u.password_hash, u.person_id,
         COALESCE(u.rank_override, m.rank_level, 1) AS rank_level, r.name AS rank_name,
         u.disabled_at, u.disabled_reason, u.disabled_cause, m.in_guild
    FROM users u
    LEFT JOIN members m ON m.person_id = u.person_id
    JOIN ranks r ON r.level = COALESCE(u.rank_override, m.rank_level, 1)`;

type Changed = Array<{ id: string; person_id: string; reason: string; at: Date }>;
const toChanges = (rows: Changed): AccountChange[] => rows.map((r) => ({ userId: r.id, personId: r.person_id, reason: r.reason, at: r.at }));

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async byUsername(username: string, manager: EntityManager = this.dataSource.manager): Promise<UserRecord | null> {
    const rows = (await manager.query(`${SELECT_USER} WHERE lower(u.username) = lower($1)`, [username])) as UserRow[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async byId(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserRecord | null> {
    const rows = (await manager.query(`${SELECT_USER} WHERE u.id = $1`, [id])) as UserRow[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async setPassword(manager: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await manager.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
  }

  /**
   * Sets a new password only if the account's hash is still `expected` (null: it has none yet):
   * of two changes racing from one password, one wins and the other is told. False when it was not.
   */
  async replacePassword(manager: EntityManager, userId: string, expected: string | null, passwordHash: string): Promise<boolean> {
    const [, changed] = (await manager.query('UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash IS NOT DISTINCT FROM $2', [
      userId,
      expected,
      passwordHash,
    ])) as [unknown, number];
    return changed === 1;
  }

  async byPerson(personId: string, manager: EntityManager = this.dataSource.manager): Promise<UserRecord | null> {
    const rows = (await manager.query(`${SELECT_USER} WHERE u.person_id = $1`, [personId])) as UserRow[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async insert(
    manager: EntityManager,
    user: {
      id: string;
      username: string;
      displayName: string;
      passwordHash: string | null;
      personId: string | null;
      rankOverride: RankLevel | null;
      /** The provider whose sign-in made the account (`discord`); none for an invite's or the bootstrap's. */
      createdByProvider?: string;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO users (id, username, display_name, password_hash, person_id, rank_override, created_by_provider) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [user.id, user.username, user.displayName, user.passwordHash, user.personId, user.rankOverride, user.createdByProvider ?? null],
    );
  }

  async touchLogin(id: string): Promise<void> {
    await this.dataSource.query('UPDATE users SET last_login_at = now() WHERE id = $1', [id]);
  }

  async count(): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT count(*)::int AS n FROM users')) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  // ---- disabling and enabling ------------------------------------------------------------------

  /**
   * Disables, in one statement, the accounts whose member has had no character in the guild for
   * `graceDays` (0: at once), unless an officer enabled the account during this same absence.
   * Every account, or one member's, or one account's. Concurrent callers (replicas, a sign-in and
   * the sweep) each disable a given account at most once: the row's lock decides, and the second
   * finds it disabled.
   */
  async disableDeparted(
    manager: EntityManager,
    graceDays: number,
    only: { personId?: string; userId?: string } = {},
  ): Promise<AccountChange[]> {
    const rows = (await manager.query(
      `UPDATE users u SET disabled_at = now(), disabled_cause = 'left_guild', disabled_by = NULL,
              disabled_reason = format('None of this member''s characters has been in the guild since %s, and accounts close after %s days out of the guild.',
                                       to_char(m.in_guild_since AT TIME ZONE 'UTC', 'YYYY-MM-DD'), $1::int)
         FROM members m
        WHERE m.person_id = u.person_id AND u.disabled_at IS NULL
          AND m.in_guild = false AND m.in_guild_since <= now() - make_interval(days => $1::int)
          AND (u.enabled_by_officer_at IS NULL OR u.enabled_by_officer_at < m.in_guild_since)
          AND ($2::uuid IS NULL OR u.person_id = $2) AND ($3::uuid IS NULL OR u.id = $3)
        RETURNING u.id, u.person_id, u.disabled_reason AS reason, u.disabled_at AS at`,
      [graceDays, only.personId ?? null, only.userId ?? null],
    )) as [Changed, number];
    return toChanges(rows[0]);
  }

  /** Enables the accounts of a member who is back in the guild, if leaving was why they were disabled. */
  async enableReturned(manager: EntityManager, personId: string): Promise<AccountChange[]> {
    const rows = (await manager.query(
      `UPDATE users SET disabled_at = NULL, disabled_reason = NULL, disabled_cause = NULL, disabled_by = NULL
        WHERE person_id = $1 AND disabled_cause = 'left_guild'
        RETURNING id, person_id, 'Back in the guild.' AS reason, now() AS at`,
      [personId],
    )) as [Changed, number];
    return toChanges(rows[0]);
  }

  /** An officer's disable: a new one, or one that takes over from leaving the guild (it then stays when they come back). */
  async disableByOfficer(manager: EntityManager, userId: string, reason: string, by: string): Promise<AccountChange | null> {
    const rows = (await manager.query(
      `UPDATE users SET disabled_at = now(), disabled_reason = $2, disabled_cause = 'officer', disabled_by = $3
        WHERE id = $1 AND person_id IS NOT NULL AND (disabled_at IS NULL OR disabled_cause = 'left_guild')
        RETURNING id, person_id, disabled_reason AS reason, disabled_at AS at`,
      [userId, reason, by],
    )) as [Changed, number];
    return toChanges(rows[0])[0] ?? null;
  }

  /** An officer's enable; it holds until the member leaves the guild again. */
  async enableByOfficer(manager: EntityManager, userId: string): Promise<AccountChange | null> {
    const rows = (await manager.query(
      `UPDATE users SET disabled_at = NULL, disabled_reason = NULL, disabled_cause = NULL, disabled_by = NULL, enabled_by_officer_at = now()
        WHERE id = $1 AND person_id IS NOT NULL AND disabled_at IS NOT NULL
        RETURNING id, person_id, '' AS reason, now() AS at`,
      [userId],
    )) as [Changed, number];
    return toChanges(rows[0])[0] ?? null;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
