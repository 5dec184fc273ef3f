import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Events, ISSUES_PER_PART, IssueSummary } from '@patt/contracts';
import { EventPublisher, splitIntoParts } from '@patt/messaging';
import { IntegrityIssueEntity } from './integrity-issue.entity';

export interface IntegrityReport {
  full: boolean;
  opened: readonly IntegrityIssueEntity[];
  resolved: readonly IntegrityIssueEntity[];
  openCount: number;
}

/**
 * Publishes `integrity-reported` (which the Discord bot posts to the audit channel) in parts of
 * at most ISSUES_PER_PART issues: the opened ones first, then the resolved ones. Every part
 * carries the report id and the totals, and the bot posts once it has them all.
 */
@Injectable()
export class IntegrityReporter {
  constructor(private readonly events: EventPublisher) {}

  async publish(manager: EntityManager, report: IntegrityReport, reportId: string = randomUUID()): Promise<string> {
    const listed: Array<{ side: 'opened' | 'resolved'; issue: IssueSummary }> = [
      ...report.opened.map((issue) => ({ side: 'opened' as const, issue: summaryOf(issue) })),
      ...report.resolved.map((issue) => ({ side: 'resolved' as const, issue: summaryOf(issue) })),
    ];
    const parts = splitIntoParts(listed, { perPart: ISSUES_PER_PART }).map((slice) => ({
      reportId,
      full: report.full,
      opened: slice.filter((entry) => entry.side === 'opened').map((entry) => entry.issue),
      resolved: slice.filter((entry) => entry.side === 'resolved').map((entry) => entry.issue),
      openCount: report.openCount,
    }));
    await this.events.emitParts(manager, Events.IntegrityReported, parts);
    return reportId;
  }
}

function summaryOf(issue: IntegrityIssueEntity): IssueSummary {
  return {
    id: issue.id,
    type: issue.type,
    severity: issue.severity,
    summary: issue.summary,
    characterId: issue.characterId,
    discordUserId: issue.discordUserId,
    personId: issue.personId,
  };
}
