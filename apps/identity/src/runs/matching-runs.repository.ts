import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Conflict, MatchingPlan } from '../matching';

/** Conflicts kept with a run for people to read; the rest are counted. */
const CONFLICTS_KEPT = 300;
/** Runs kept in matching_runs. */
const RUNS_KEPT = 200;

/** A finished matching run, as matching_runs keeps it. */
export interface MatchingRunRecord {
  trigger: string;
  startedAt: Date;
  counts: MatchingPlan['counts'];
  conflicts: readonly Conflict[];
}

/** The record of matching runs: each run's counts and (the first 300 of) its conflicts, the last 200 runs. */
@Injectable()
export class MatchingRunsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records a run finished now, and forgets the oldest beyond the last RUNS_KEPT. */
  async record(manager: EntityManager, run: MatchingRunRecord): Promise<void> {
    await manager.query(
      `INSERT INTO matching_runs (id, trigger, started_at, finished_at, linked, suggested, unchanged, conflict_count, conflicts)
       VALUES ($1, $2, $3, now(), $4, $5, $6, $7, $8::jsonb)`,
      [
        randomUUID(),
        run.trigger,
        run.startedAt,
        run.counts.linked,
        run.counts.suggested,
        run.counts.unchanged,
        run.conflicts.length,
        JSON.stringify(run.conflicts.slice(0, CONFLICTS_KEPT).map(({ kind, summary, characterIds, discordUserIds, personIds }) => ({ kind, summary, characterIds, discordUserIds, personIds }))),
      ],
    );
    await manager.query(
      `DELETE FROM matching_runs WHERE id IN (SELECT id FROM matching_runs ORDER BY finished_at DESC OFFSET $1)`,
      [RUNS_KEPT],
    );
  }

  /** When the last run finished; null before the first. */
  async lastFinishedAt(): Promise<Date | null> {
    const [row] = (await this.dataSource.query('SELECT max(finished_at) AS at FROM matching_runs')) as Array<{ at: Date | null }>;
    return row?.at ?? null;
  }
}
