import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface RefreshTokenRecord {
  id: string;
  userId: string;
  familyId: string;
  /** When the sign-in this token belongs to began. */
  loginStartedAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

interface Row {
  id: string;
  user_id: string;
  family_id: string;
  login_started_at: Date;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    token: { id: string; userId: string; familyId: string; loginStartedAt: Date; hash: string; expiresAt: Date },
  ): Promise<void> {
    await manager.query(
      'INSERT INTO refresh_tokens (id, user_id, family_id, login_started_at, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [token.id, token.userId, token.familyId, token.loginStartedAt, token.hash, token.expiresAt],
    );
  }

  /** The token, locked until the transaction ends: two refreshes with it cannot both succeed. */
  async lockByHash(manager: EntityManager, hash: string): Promise<RefreshTokenRecord | null> {
    const rows = (await manager.query('SELECT * FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE', [hash])) as Row[];
    const row = rows[0];
    return row
      ? {
          id: row.id,
          userId: row.user_id,
          familyId: row.family_id,
          loginStartedAt: row.login_started_at,
          expiresAt: row.expires_at,
          usedAt: row.used_at,
          revokedAt: row.revoked_at,
        }
      : null;
  }

  async markUsed(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [id]);
  }

  /** Ends a login: every token of the family, spent or not; how many were not yet revoked. */
  async revokeFamily(manager: EntityManager, familyId: string): Promise<number> {
    const [, revoked] = (await manager.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [familyId])) as [
      unknown,
      number,
    ];
    return revoked;
  }

  /** Ends every sign-in of an account: its tokens, spent or not. */
  async revokeAllOf(manager: EntityManager, userId: string): Promise<void> {
    await this.revokeAllOfExcept(manager, userId, null);
  }

  /**
   * Ends every sign-in of an account but one (its family), or every one when `keepFamilyId` is
   * null; the families that had a token left to revoke.
   */
  async revokeAllOfExcept(manager: EntityManager, userId: string, keepFamilyId: string | null): Promise<string[]> {
    // UPDATE … RETURNING comes back from TypeORM as [rows, count].
    const [rows] = (await manager.query(
      'UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2) RETURNING family_id',
      [userId, keepFamilyId],
    )) as [Array<{ family_id: string }>, number];
    return [...new Set(rows.map((row) => row.family_id))];
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
