import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface PasswordResetRecord {
  id: string;
  userId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

interface Row {
  id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

const toRecord = (row: Row): PasswordResetRecord => ({
  id: row.id,
  userId: row.user_id,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
  revokedAt: row.revoked_at,
});

/** Password-reset links, by the SHA-256 of their token (the token itself is never stored). */
@Injectable()
export class PasswordResetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, reset: { id: string; userId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await manager.query('INSERT INTO password_resets (id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)', [
      reset.id,
      reset.userId,
      reset.tokenHash,
      reset.expiresAt,
    ]);
  }

  async byHash(hash: string, manager: EntityManager = this.dataSource.manager): Promise<PasswordResetRecord | null> {
    const rows = (await manager.query('SELECT id, user_id, expires_at, used_at, revoked_at FROM password_resets WHERE token_hash = $1', [
      hash,
    ])) as Row[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** The link, locked until the transaction ends: two uses of it cannot both succeed. */
  async lockByHash(manager: EntityManager, hash: string): Promise<PasswordResetRecord | null> {
    const rows = (await manager.query(
      'SELECT id, user_id, expires_at, used_at, revoked_at FROM password_resets WHERE token_hash = $1 FOR UPDATE',
      [hash],
    )) as Row[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async markUsed(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE password_resets SET used_at = now() WHERE id = $1', [id]);
  }

  /** Every link of the account still open stops working (a newer one was made, or the password changed). */
  async revokeOpen(manager: EntityManager, userId: string): Promise<void> {
    await manager.query('UPDATE password_resets SET revoked_at = now() WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL', [
      userId,
    ]);
  }
}
