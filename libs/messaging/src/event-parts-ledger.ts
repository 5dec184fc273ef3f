import { Inject, Injectable } from '@nestjs/common';
import { Chunked } from '@patt/contracts';
import { EntityManager } from 'typeorm';
import { ChunkedSubject } from './event-parts';
import { MESSAGING_OPTIONS, ResolvedMessagingOptions } from './options';

export interface PartRecorded {
  /** False when this part had been recorded already (a producer that sent it twice): apply nothing. */
  fresh: boolean;
  /** True for the one part that made the whole complete: what needs every part happens now. */
  completed: boolean;
}

/** Completed wholes are kept this long (for the record), then forgotten. */
const KEEP_DAYS = 14;

/**
 * The consumer's side of events sent in parts: which parts of each whole (a roster sync run, a
 * Discord sync, an integrity report) have been applied, in the service's `event_parts` table.
 * Record each part in the transaction that applies it: a part seen twice is not fresh, and
 * exactly one part, whichever arrives last, completes the whole, also when replicas apply parts
 * of one whole at once (the row lock of the upsert orders them). The feature keeps only what a
 * part means.
 */
@Injectable()
export class EventPartsLedger {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: Pick<ResolvedMessagingOptions, 'schema'>) {}

  async record(manager: EntityManager, subject: ChunkedSubject, wholeId: string, chunk: Chunked): Promise<PartRecorded> {
    if (!Number.isInteger(chunk.parts) || chunk.parts < 1 || !Number.isInteger(chunk.part) || chunk.part < 1 || chunk.part > chunk.parts) {
      throw new Error(`${subject} ${wholeId}: part ${chunk.part} of ${chunk.parts} is not a part`);
    }
    const table = `"${this.options.schema}".event_parts`;
    const rows = (await manager.query(
      `INSERT INTO ${table} AS p (subject, whole_id, parts, parts_seen)
       VALUES ($1, $2, $3, ARRAY[$4::int])
       ON CONFLICT (subject, whole_id) DO UPDATE SET parts_seen = p.parts_seen || $4::int
       WHERE NOT ($4::int = ANY (p.parts_seen))
       RETURNING parts, cardinality(parts_seen) AS seen`,
      [subject, wholeId, chunk.parts, chunk.part],
    )) as Array<{ parts: number; seen: number }>;
    const row = rows[0];
    if (!row) return { fresh: false, completed: false };
    if (row.seen < row.parts) return { fresh: true, completed: false };
    await manager.query(`UPDATE ${table} SET completed_at = now() WHERE subject = $1 AND whole_id = $2`, [subject, wholeId]);
    await manager.query(`DELETE FROM ${table} WHERE completed_at < now() - make_interval(days => $1)`, [KEEP_DAYS]);
    return { fresh: true, completed: true };
  }
}
