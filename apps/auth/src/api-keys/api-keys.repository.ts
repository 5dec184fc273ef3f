import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiKeySummary, Page, PageQuery } from '@patt/contracts';

interface Row {
  id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}

const toSummary = (row: Row): ApiKeySummary => ({
  id: row.id,
  name: row.name,
  createdAt: new Date(row.created_at).toISOString(),
  lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
});

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(key: { id: string; name: string; keyHash: string; createdBy: string }): Promise<ApiKeySummary> {
    const rows = (await this.dataSource.query(
      'INSERT INTO api_keys (id, name, key_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING id, name, created_at, last_used_at',
      [key.id, key.name, key.keyHash, key.createdBy],
    )) as Row[];
    return toSummary(rows[0] as Row);
  }

  async list({ limit, offset }: PageQuery): Promise<Page<ApiKeySummary>> {
    const rows = (await this.dataSource.query(
      `SELECT id, name, created_at, last_used_at, count(*) OVER ()::int AS total FROM api_keys
        WHERE revoked_at IS NULL ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
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

  /** The live key with this hash; its last use is recorded at most once a minute. */
  async use(keyHash: string): Promise<{ id: string; name: string } | null> {
    const rows = (await this.dataSource.query('SELECT id, name, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [
      keyHash,
    ])) as Row[];
    const row = rows[0];
    if (!row) return null;
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
      await this.dataSource.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [row.id]);
    }
    return { id: row.id, name: row.name };
  }
}
