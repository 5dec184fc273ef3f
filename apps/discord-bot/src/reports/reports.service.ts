import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Events, IntegrityReportedPayload, RosterSyncedPayload } from '@patt/contracts';
import { EventPartsLedger } from '@patt/messaging';
import { AuditChannel } from '../posts/audit-channel';
import { integrityReportMessages } from './integrity-report';
import { ReportTalliesRepository } from './report-tallies.repository';
import { rosterSummaryMessage, SUMMARISED_CHANGE_TYPES, SummarisedChange } from './roster-summary';

/**
 * Integrity reports and roster sync summaries for the officers' audit channel. Both events come in
 * parts; each fresh part (EventPartsLedger) is added to a tally in the database, and the message
 * is queued with the last one, so it says what the whole run or report says, once.
 */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger(ReportsService.name);

  constructor(
    private readonly parts: EventPartsLedger,
    private readonly tallies: ReportTalliesRepository,
    private readonly audit: AuditChannel,
  ) {}

  async integrityReported(manager: EntityManager, part: IntegrityReportedPayload, reportedAt: Date): Promise<void> {
    const recorded = await this.parts.record(manager, Events.IntegrityReported, part.reportId, part);
    if (!recorded.fresh) return;
    await this.tallies.addIntegrityPart(manager, { reportId: part.reportId, full: part.full, openCount: part.openCount, opened: part.opened, resolved: part.resolved });
    if (!recorded.completed) return;
    const report = await this.tallies.takeIntegrity(manager, part.reportId);
    if (!report) return;
    const messages = integrityReportMessages({ full: report.full, opened: report.opened, resolved: report.resolved, openCount: report.openCount, reportedAt });
    await this.audit.post(manager, 'integrity_report', messages);
    this.logger.log({ reportId: report.reportId, opened: report.opened.length, resolved: report.resolved.length, messages: messages.length }, 'integrity report queued');
  }

  async rosterSynced(manager: EntityManager, part: RosterSyncedPayload): Promise<void> {
    const recorded = await this.parts.record(manager, Events.RosterSynced, part.runId, part);
    if (!recorded.fresh) return;
    const changes: SummarisedChange[] = part.changes
      .filter((change): change is typeof change & { type: SummarisedChange['type'] } => SUMMARISED_CHANGE_TYPES.has(change.type))
      .map((change) => ({ type: change.type, name: change.characterName, realmSlug: change.realmSlug }));
    await this.tallies.addRosterPart(manager, { runId: part.runId, characters: part.characters.length, changes, syncedAt: new Date(part.syncedAt) });
    if (!recorded.completed) return;
    const tally = await this.tallies.takeRoster(manager, part.runId);
    const message = tally ? rosterSummaryMessage(tally) : null;
    if (message) await this.audit.post(manager, 'roster_summary', [message]);
  }
}
