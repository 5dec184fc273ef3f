import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { signalOnCommit } from '@patt/persistence';
import { changedRows } from './sql';

/**
 * "Run matching and integrity again": written in the transaction of whatever changed the picture
 * (an event applied, an officer's edit), taken by the run that serves it in the run's own
 * transaction. Insert-only, so the writers (event consumers of four subjects) never wait on each
 * other for a shared row.
 */
/** The commit signal of a request: wakes the matching worker as the request commits. */
export const MATCHING_REQUESTED = 'identity_matching_requested';

@Injectable()
export class MatchingRequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async request(manager: EntityManager, reason: string): Promise<void> {
    await manager.query('INSERT INTO matching_requests (reason) VALUES ($1)', [reason]);
    await signalOnCommit(manager, MATCHING_REQUESTED);
  }

  /** The newest request waiting, or null when none is. */
  async newestWaiting(): Promise<{ id: string; requestedAt: Date } | null> {
    const rows = (await this.dataSource.query(
      'SELECT id, requested_at FROM matching_requests ORDER BY id DESC LIMIT 1',
    )) as Array<{ id: string; requested_at: Date }>;
    return rows[0] ? { id: rows[0].id, requestedAt: rows[0].requested_at } : null;
  }

  /** Takes the requests up to `id`: the run about to apply in `manager`'s transaction serves them. */
  async take(manager: EntityManager, uptoId: string): Promise<string[]> {
    const rows = await changedRows<{ reason: string }>(manager, 'DELETE FROM matching_requests WHERE id <= $1 RETURNING reason', [uptoId]);
    return [...new Set(rows.map((row) => row.reason))];
  }
}
