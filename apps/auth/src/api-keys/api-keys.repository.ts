import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiKeySummary, Page, PageQuery } from '@patt/contracts';

interface Row {
  id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
  created_by: string | null;
  creator_username: string | null;
}

/** A live key as a use of it finds it: who made it decides whether it still works. */
export interface LiveKey {
  id: string;
  name: string;
  createdBy: string | null;
  lastUsedAt: Date | null;
}

const toSummary = (row: Row): ApiKeySummary => ({
  id: row.id,
  name: row.name,
  createdAt: new Date(row.created_at).toISOString(),
  lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
  createdBy: row.created_by && row.creator_username ? { userId: row.created_by, username: row.creator_username } : null,
});

const SUMMARY = `SELECT k.id, k.name, k.created_at, k.last_used_at, k.created_by, u.username AS creator_username
                   FROM api_keys k LEFT JOIN users u ON u.id = k.created_by`;

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(key: { id: string; name: string; keyHash: string; createdBy: string }): Promise<ApiKeySummary> {
    await this.dataSource.query('INSERT INTO api_keys (id, name, key_hash, created_by) VALUES ($1, $2, $3, $4)', [
      key.id,
      key.name,
      key.keyHash,
      key.createdBy,
    ]);
    const rows = (await this.dataSource.query(`${SUMMARY} WHERE k.id = $1`, [key.id])) as Row[];
    return toSummary(rows[0] as Row);
  }

  async list({ limit, offset }: PageQuery): Promise<Page<ApiKeySummary>> {
    const rows = (await this.dataSource.query(
      `SELECT s.*, count(*) OVER ()::int AS total FROM (${SUMMARY} WHERE k.revoked_at IS NULL) s
        ORDER BY s.created_at DESC, s.id LIMIT $1 OFFSET $2`,
      [limit, offset],
    )) as Array<Row & { total: number }>;
    const total = rows[0]?.total ?? (await this.countActive());
    return { items: rows.map(toSummary), total };
  }

  private async countActive(): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL')) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  async revoke(id: string): Promise<boolean> {
    const result = (await this.dataSource.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id])) as [
      unknown[],
      number,
    ];
    return result[1] > 0;
  }

  /** The live (not revoked) key with this hash. */
  async live(keyHash: string): Promise<LiveKey | null> {
    const rows = (await this.dataSource.query('SELECT id, name, created_by, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [
      keyHash,
    ])) as Row[];
    const row = rows[0];
    return row ? { id: row.id, name: row.name, createdBy: row.created_by, lastUsedAt: row.last_used_at } : null;
  }

  /** Records a use; at most once a minute, so a busy uploader does not write on every request. */
  async used(key: LiveKey): Promise<void> {
    if (!key.lastUsedAt || Date.now() - new Date(key.lastUsedAt).getTime() > 60_000) {
      await this.dataSource.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [key.id]);
    }
  }
}
