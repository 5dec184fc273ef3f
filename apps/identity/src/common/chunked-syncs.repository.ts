import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Chunked } from '@patt/contracts';

export type ChunkedSyncKind = 'roster' | 'discord';

export interface PartRecorded {
  /** False when this part had been applied already (a producer that sent it twice). */
  fresh: boolean;
  /** True for the one part that made the sync complete. */
  completed: boolean;
}

/** Completed syncs are kept this long (for the record), then forgotten. */
const KEEP_DAYS = 14;

/**
 * Reassembly of chunked events (roster-synced, members-synced): which parts of a sync have been
 * applied. Parts of one sync may be applied by different replicas at once; the row lock of the
 * upsert orders them, so exactly one of them sees the sync complete.
 */
@Injectable()
export class ChunkedSyncsRepository {
  async recordPart(manager: EntityManager, kind: ChunkedSyncKind, syncId: string, chunk: Chunked, syncedAt: string): Promise<PartRecorded> {
    const rows = (await manager.query(
      `INSERT INTO chunked_syncs AS s (kind, sync_id, parts, parts_seen, synced_at)
       VALUES ($1, $2, $3, ARRAY[$4::int], $5)
       ON CONFLICT (kind, sync_id) DO UPDATE SET parts_seen = s.parts_seen || $4::int
       WHERE NOT ($4::int = ANY (s.parts_seen))
       RETURNING parts, cardinality(parts_seen) AS seen, completed_at`,
      [kind, syncId, chunk.parts, chunk.part, syncedAt],
    )) as Array<{ parts: number; seen: number; completed_at: Date | null }>;
    const row = rows[0];
    if (!row) return { fresh: false, completed: false };
    if (row.completed_at !== null || row.seen < row.parts) return { fresh: true, completed: false };
    await manager.query('UPDATE chunked_syncs SET completed_at = now() WHERE kind = $1 AND sync_id = $2', [kind, syncId]);
    await manager.query(`DELETE FROM chunked_syncs WHERE completed_at < now() - make_interval(days => $1)`, [KEEP_DAYS]);
    return { fresh: true, completed: true };
  }
}
