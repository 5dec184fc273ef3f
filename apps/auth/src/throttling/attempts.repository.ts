import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The places (account and address) members signed in from: a record, not a limit. */
@Injectable()
export class AttemptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether anything was recorded under `key` in the last `windowSeconds`. */
  async seenWithin(key: string, windowSeconds: number): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM attempts WHERE key = $1 AND at > clock_timestamp() - make_interval(secs => $2) LIMIT 1`,
      [key, windowSeconds],
    )) as unknown[];
    return rows.length > 0;
  }

  async record(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query('INSERT INTO attempts (key) SELECT unnest($1::text[])', [keys]);
  }

  async purgeOlderThan(days: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM attempts WHERE at < now() - make_interval(days => $1)`, [days]);
  }
}
