import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntegrityIssue, IssuesQuery, Page, ReportAccepted } from '@patt/contracts';
import { lockForTransaction } from '@patt/persistence';
import { currentDecider } from '../common/decider';
import { IntegrityIssueEntity } from './integrity-issue.entity';
import { IntegrityReporter } from './integrity-reporter';
import { IssuesRepository } from './issues.repository';

/** Reports are made one at a time, so "since the last report" is well defined. */
const REPORTS_LOCK = 'patt-identity:reports';

/** Issues for officers to read, and the reports they ask to have posted to the audit channel. */
@Injectable()
export class IssuesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly issues: IssuesRepository,
    private readonly reporter: IntegrityReporter,
  ) {}

  async list(query: IssuesQuery): Promise<Page<IntegrityIssue>> {
    const { limit, offset, ...filter } = query;
    const page = await this.issues.page(filter, { limit, offset });
    return { total: page.total, items: page.items.map(toIssue) };
  }

  /**
   * A report for the audit channel, published as `integrity-reported` (the Discord bot posts it).
   * Full: every open issue. Otherwise a digest: what opened (and is still open) and what resolved
   * since the previous report; with nothing in it, the bot has nothing to post.
   */
  async report(full: boolean): Promise<ReportAccepted> {
    const by = currentDecider();
    return this.dataSource.transaction(async (manager) => {
      await lockForTransaction(manager, REPORTS_LOCK);
      const since = full ? null : await this.issues.lastReportAt(manager);
      const { opened, resolved } = full
        ? { opened: await this.issues.allOpen(manager), resolved: [] as IntegrityIssueEntity[] }
        : await this.issues.changedSince(manager, since);
      const openCount = await this.issues.countOpen(manager);
      const reportId = randomUUID();
      await this.issues.recordReport(manager, {
        id: reportId,
        full,
        since,
        opened: opened.length,
        resolved: resolved.length,
        openCount,
        requestedBy: by,
      });
      await this.reporter.publish(manager, { full, opened, resolved, openCount }, reportId);
      return { reportId, full, opened: opened.length, resolved: resolved.length, openCount, since: since?.toISOString() ?? null };
    });
  }
}

export function toIssue(issue: IntegrityIssueEntity): IntegrityIssue {
  return {
    id: issue.id,
    type: issue.type,
    severity: issue.severity,
    summary: issue.summary,
    characterId: issue.characterId,
    discordUserId: issue.discordUserId,
    personId: issue.personId,
    firstDetectedAt: issue.firstDetectedAt.toISOString(),
    lastDetectedAt: issue.lastDetectedAt.toISOString(),
    resolvedAt: issue.resolvedAt?.toISOString() ?? null,
  };
}
