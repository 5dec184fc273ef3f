import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Injectable()
export class AttemptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** How many attempts under `key` in the last `windowSeconds`, and when the oldest of them was. */
  async window(key: string, windowSeconds: number): Promise<{ count: number; oldest: Date | null }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS count, min(at) AS oldest FROM attempts
        WHERE key = $1 AND at > clock_timestamp() - make_interval(secs => $2)`,
      [key, windowSeconds],
    )) as Array<{ count: number; oldest: Date | null }>;
    return { count: row?.count ?? 0, oldest: row?.oldest ?? null };
  }

  async record(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query('INSERT INTO attempts (key) SELECT unnest($1::text[])', [keys]);
  }

  async forget(keys: string[]): Promise<void> {
    await this.dataSource.query('DELETE FROM attempts WHERE key = ANY($1::text[])', [keys]);
  }

  async purgeOlderThan(days: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM attempts WHERE at < now() - make_interval(days => $1)`, [days]);
  }
}
