import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { IssuesFilter, Page, PageQuery } from '@patt/contracts';
import type { IntegrityFinding } from '../integrity';
import { IntegrityIssueEntity } from './integrity-issue.entity';
import { changedRows } from '../common/sql';

/** An open issue as reconciliation needs it. */
export interface OpenIssue {
  id: string;
  hash: string;
}

const ISSUE_COLUMNS = `id, type, severity, hash, summary, character_id AS "characterId", discord_user_id AS "discordUserId",
  person_id AS "personId", first_detected_at AS "firstDetectedAt", last_detected_at AS "lastDetectedAt", resolved_at AS "resolvedAt"`;

/** A report officers asked for, as integrity_reports keeps it. */
export interface IntegrityReportRecord {
  id: string;
  full: boolean;
  since: Date | null;
  opened: number;
  resolved: number;
  openCount: number;
  requestedBy: { userId: string | null; username: string | null };
}

/** Integrity issues. One open issue per hash is the partial unique index's rule; inserts defer to it. */
@Injectable()
export class IssuesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async open(manager: EntityManager): Promise<OpenIssue[]> {
    return (await manager.query('SELECT id, hash FROM integrity_issues WHERE resolved_at IS NULL')) as OpenIssue[];
  }

  /**
   * Opens an issue per finding, unless one with its hash is open already (whoever inserted it):
   * the database decides, so two runs racing still open it once. Returns the issues this call
   * opened, and only those: they are the ones to report.
   */
  async openFindings(manager: EntityManager, findings: readonly IntegrityFinding[], at: Date): Promise<IntegrityIssueEntity[]> {
    if (findings.length === 0) return [];
    return (await manager.query(
      `INSERT INTO integrity_issues (id, type, severity, hash, summary, character_id, discord_user_id, person_id, first_detected_at, last_detected_at)
       SELECT x.id, x.type, x.severity, x.hash, x.summary, x."characterId", x."discordUserId", x."personId", $2, $2
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, type text, severity text, hash text, summary text, "characterId" uuid, "discordUserId" text, "personId" uuid)
       ON CONFLICT (hash) WHERE resolved_at IS NULL DO NOTHING
       RETURNING ${ISSUE_COLUMNS}`,
      [JSON.stringify(findings.map((f) => ({ ...f, id: randomUUID() }))), at],
    )) as IntegrityIssueEntity[];
  }

  /** Resolves open issues whose cause is gone; returns those this call resolved. */
  async resolve(manager: EntityManager, ids: readonly string[], at: Date): Promise<IntegrityIssueEntity[]> {
    if (ids.length === 0) return [];
    return changedRows<IntegrityIssueEntity>(
      manager,
      `UPDATE integrity_issues SET resolved_at = $2 WHERE id = ANY($1::uuid[]) AND resolved_at IS NULL RETURNING ${ISSUE_COLUMNS}`,
      [ids, at],
    );
  }

  /** Issues still found: seen now, with today's wording and severity. */
  async refresh(manager: EntityManager, still: ReadonlyArray<{ id: string; finding: IntegrityFinding }>, at: Date): Promise<void> {
    if (still.length === 0) return;
    await manager.query(
      `UPDATE integrity_issues AS i SET last_detected_at = $4, summary = v.summary, severity = v.severity
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, summary, severity)
        WHERE i.id = v.id`,
      [still.map((s) => s.id), still.map((s) => s.finding.summary), still.map((s) => s.finding.severity), at],
    );
  }

  async countOpen(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [row] = (await manager.query('SELECT count(*)::int AS n FROM integrity_issues WHERE resolved_at IS NULL')) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  async allOpen(manager: EntityManager): Promise<IntegrityIssueEntity[]> {
    return (await manager.query(
      `SELECT ${ISSUE_COLUMNS} FROM integrity_issues WHERE resolved_at IS NULL ORDER BY first_detected_at, id`,
    )) as IntegrityIssueEntity[];
  }

  /** Issues that opened after `since` and are still open, and those resolved after it. */
  async changedSince(manager: EntityManager, since: Date | null): Promise<{ opened: IntegrityIssueEntity[]; resolved: IntegrityIssueEntity[] }> {
    const from = since ?? new Date(0);
    const opened = (await manager.query(
      `SELECT ${ISSUE_COLUMNS} FROM integrity_issues WHERE resolved_at IS NULL AND first_detected_at > $1 ORDER BY first_detected_at, id`,
      [from],
    )) as IntegrityIssueEntity[];
    const resolved = (await manager.query(
      `SELECT ${ISSUE_COLUMNS} FROM integrity_issues WHERE resolved_at > $1 ORDER BY resolved_at, id`,
      [from],
    )) as IntegrityIssueEntity[];
    return { opened, resolved };
  }

  /** When the last report was made; null before the first. */
  async lastReportAt(manager: EntityManager): Promise<Date | null> {
    const [row] = (await manager.query('SELECT created_at FROM integrity_reports ORDER BY created_at DESC LIMIT 1')) as Array<{ created_at: Date }>;
    return row?.created_at ?? null;
  }

  async recordReport(manager: EntityManager, report: IntegrityReportRecord): Promise<void> {
    await manager.query(
      `INSERT INTO integrity_reports (id, full_report, since, opened, resolved, open_count, requested_by_user_id, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [report.id, report.full, report.since, report.opened, report.resolved, report.openCount, report.requestedBy.userId, report.requestedBy.username],
    );
  }

  async page(filter: IssuesFilter, page: PageQuery): Promise<Page<IntegrityIssueEntity>> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [filter.resolved ? 'resolved_at IS NOT NULL' : 'resolved_at IS NULL'];
    if (filter.type) where.push(`type = ${param(filter.type)}`);
    if (filter.severity) where.push(`severity = ${param(filter.severity)}`);
    if (filter.personId) where.push(`person_id = ${param(filter.personId)}`);
    // Open issues most urgent first; resolved ones most recently resolved first.
    const order = filter.resolved
      ? 'resolved_at DESC, id'
      : `CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, first_detected_at DESC, id`;
    const rows = (await this.dataSource.query(
      `SELECT ${ISSUE_COLUMNS}, count(*) OVER ()::int AS total FROM integrity_issues
        WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${param(page.limit)} OFFSET ${param(page.offset)}`,
      params,
    )) as Array<IntegrityIssueEntity & { total: number }>;
    if (rows.length === 0 && page.offset > 0) return { items: [], total: (await this.page(filter, { limit: 1, offset: 0 })).total };
    return { items: rows, total: rows[0]?.total ?? 0 };
  }
}
