import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IssueSummary } from '@patt/contracts';
import type { SummarisedChange } from './roster-summary';

export interface RosterTally {
  runId: string;
  characters: number;
  changes: SummarisedChange[];
  syncedAt: Date;
}

export interface IntegrityTally {
  reportId: string;
  full: boolean;
  openCount: number;
  opened: IssueSummary[];
  resolved: IssueSummary[];
}

/**
 * What the parts of a roster sync run or an integrity report seen so far add up to, until the
 * last part is in. Which parts were seen is the messaging library's ledger (EventPartsLedger):
 * only a fresh part is added here, and the tally is taken once its whole is complete.
 */
@Injectable()
export class ReportTalliesRepository {
  async addRosterPart(manager: EntityManager, part: RosterTally): Promise<void> {
    await manager.query(
      `INSERT INTO roster_sync_tallies AS t (run_id, characters, changes, synced_at)
       VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (run_id) DO UPDATE SET characters = t.characters + $2, changes = t.changes || $3::jsonb`,
      [part.runId, part.characters, JSON.stringify(part.changes), part.syncedAt],
    );
  }

  /** The whole run's tally, removed: once it is reported only the ledger needs to remember it. */
  async takeRoster(manager: EntityManager, runId: string): Promise<RosterTally | null> {
    const [rows] = (await manager.query('DELETE FROM roster_sync_tallies WHERE run_id = $1 RETURNING characters, changes, synced_at', [runId])) as [
      Array<{ characters: number; changes: SummarisedChange[]; synced_at: Date }>,
      number,
    ];
    const row = rows[0];
    return row ? { runId, characters: row.characters, changes: row.changes, syncedAt: new Date(row.synced_at) } : null;
  }

  async addIntegrityPart(manager: EntityManager, part: IntegrityTally): Promise<void> {
    await manager.query(
      `INSERT INTO integrity_report_tallies AS t (report_id, full_report, open_count, opened, resolved)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)
       ON CONFLICT (report_id) DO UPDATE SET opened = t.opened || $4::jsonb, resolved = t.resolved || $5::jsonb,
         open_count = GREATEST(t.open_count, $3)`,
      [part.reportId, part.full, part.openCount, JSON.stringify(part.opened), JSON.stringify(part.resolved)],
    );
  }

  /** The whole report's tally, removed, as takeRoster. */
  async takeIntegrity(manager: EntityManager, reportId: string): Promise<IntegrityTally | null> {
    const [rows] = (await manager.query(
      'DELETE FROM integrity_report_tallies WHERE report_id = $1 RETURNING full_report, open_count, opened, resolved',
      [reportId],
    )) as [Array<{ full_report: boolean; open_count: number; opened: IssueSummary[]; resolved: IssueSummary[] }>, number];
    const row = rows[0];
    return row ? { reportId, full: row.full_report, openCount: row.open_count, opened: row.opened, resolved: row.resolved } : null;
  }
}
