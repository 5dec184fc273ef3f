import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IntegrityReportedPayload, IssueSummary } from '@patt/contracts';
import type { SummarisedChange } from './roster-summary';

/** A tally after a part was added: complete once every part is in. */
export interface Tally<T> {
  complete: boolean;
  value: T;
}

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

interface PartRow {
  parts: number;
  parts_seen: number[];
}

@Injectable()
export class ReportTalliesRepository {
  /**
   * Adds one part of a roster sync run; null when that part was counted already or the run is
   * complete (a replayed event adds nothing twice).
   */
  async addRosterPart(
    manager: EntityManager,
    part: { runId: string; part: number; parts: number; characters: number; changes: SummarisedChange[]; syncedAt: Date },
  ): Promise<Tally<RosterTally> | null> {
    const rows = (await manager.query(
      `INSERT INTO roster_sync_tallies AS t (run_id, parts, parts_seen, characters, changes, synced_at)
       VALUES ($1, $2, ARRAY[$3::int], $4, $5::jsonb, $6)
       ON CONFLICT (run_id) DO UPDATE SET parts_seen = t.parts_seen || $3::int, characters = t.characters + $4,
         changes = t.changes || $5::jsonb
       WHERE NOT ($3::int = ANY(t.parts_seen)) AND t.completed_at IS NULL
       RETURNING parts, parts_seen, characters, changes, synced_at`,
      [part.runId, part.parts, part.part, part.characters, JSON.stringify(part.changes), part.syncedAt],
    )) as Array<PartRow & { characters: number; changes: SummarisedChange[]; synced_at: Date }>;
    const row = rows[0];
    if (!row) return null;
    return {
      complete: isComplete(row),
      value: { runId: part.runId, characters: row.characters, changes: row.changes, syncedAt: new Date(row.synced_at) },
    };
  }

  /** Done: the lists are not needed any more, only the fact that it was reported. */
  async completeRoster(manager: EntityManager, runId: string): Promise<void> {
    await manager.query(`UPDATE roster_sync_tallies SET completed_at = now(), changes = '[]' WHERE run_id = $1`, [runId]);
  }

  async addIntegrityPart(manager: EntityManager, report: IntegrityReportedPayload): Promise<Tally<IntegrityTally> | null> {
    const rows = (await manager.query(
      `INSERT INTO integrity_report_tallies AS t (report_id, full_report, parts, parts_seen, open_count, opened, resolved)
       VALUES ($1, $2, $3, ARRAY[$4::int], $5, $6::jsonb, $7::jsonb)
       ON CONFLICT (report_id) DO UPDATE SET parts_seen = t.parts_seen || $4::int, opened = t.opened || $6::jsonb,
         resolved = t.resolved || $7::jsonb, open_count = GREATEST(t.open_count, $5)
       WHERE NOT ($4::int = ANY(t.parts_seen)) AND t.completed_at IS NULL
       RETURNING parts, parts_seen, full_report, open_count, opened, resolved`,
      [report.reportId, report.full, report.parts, report.part, report.openCount, JSON.stringify(report.opened), JSON.stringify(report.resolved)],
    )) as Array<PartRow & { full_report: boolean; open_count: number; opened: IssueSummary[]; resolved: IssueSummary[] }>;
    const row = rows[0];
    if (!row) return null;
    return {
      complete: isComplete(row),
      value: { reportId: report.reportId, full: row.full_report, openCount: row.open_count, opened: row.opened, resolved: row.resolved },
    };
  }

  async completeIntegrity(manager: EntityManager, reportId: string): Promise<void> {
    await manager.query(`UPDATE integrity_report_tallies SET completed_at = now(), opened = '[]', resolved = '[]' WHERE report_id = $1`, [reportId]);
  }
}

function isComplete(row: PartRow): boolean {
  return new Set(row.parts_seen).size >= row.parts;
}
