import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RankLevel } from '@patt/contracts';

/** An account with what decides its rank: the member behind it, or an override. */
export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  personId: string | null;
  rankLevel: RankLevel;
  rankName: string;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  person_id: string | null;
  rank_level: number;
  rank_name: string;
}

const toRecord = (row: UserRow): UserRecord => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  passwordHash: row.password_hash,
  personId: row.person_id,
  rankLevel: row.rank_level as RankLevel,
  rankName: row.rank_name,
});

// The rank of an account: an override (the bootstrap Guild Leader), else its member's, else Initiate.
const SELECT_USER = `
  SELECT u.id, u.username, u.display_name, u.password_hash, u.person_id,
         COALESCE(u.rank_override, m.rank_level, 1) AS rank_level, r.name AS rank_name
    FROM users u
    LEFT JOIN members m ON m.person_id = u.person_id
    JOIN ranks r ON r.level = COALESCE(u.rank_override, m.rank_level, 1)`;

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

  async byPerson(personId: string, manager: EntityManager = this.dataSource.manager): Promise<UserRecord | null> {
    const rows = (await manager.query(`${SELECT_USER} WHERE u.person_id = $1`, [personId])) as UserRow[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async insert(
    manager: EntityManager,
    user: { id: string; username: string; displayName: string; passwordHash: string; personId: string | null; rankOverride: RankLevel | null },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO users (id, username, display_name, password_hash, person_id, rank_override) VALUES ($1, $2, $3, $4, $5, $6)`,
      [user.id, user.username, user.displayName, user.passwordHash, user.personId, user.rankOverride],
    );
  }

  async touchLogin(id: string): Promise<void> {
    await this.dataSource.query('UPDATE users SET last_login_at = now() WHERE id = $1', [id]);
  }

  async count(): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT count(*)::int AS n FROM users')) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
