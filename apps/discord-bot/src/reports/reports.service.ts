import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IntegrityReportedPayload, RosterSyncedPayload } from '@patt/contracts';
import { AuditChannel } from '../audit/audit-channel';
import { integrityReportMessages } from './integrity-report';
import { ReportTalliesRepository } from './report-tallies.repository';
import { rosterSummaryMessage, SUMMARISED_CHANGE_TYPES, SummarisedChange } from './roster-summary';

/**
 * Integrity reports and roster sync summaries for the officers' audit channel. Both events come in
 * parts; each part is added to a tally in the database, and the message is queued with the last
 * one, so it says what the whole run or report says, once.
 */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly tallies: ReportTalliesRepository,
    private readonly audit: AuditChannel,
  ) {}

  async integrityReported(manager: EntityManager, part: IntegrityReportedPayload, reportedAt: Date): Promise<void> {
    const tally = await this.tallies.addIntegrityPart(manager, part);
    if (!tally?.complete) return;
    const report = tally.value;
    const messages = integrityReportMessages({ full: report.full, opened: report.opened, resolved: report.resolved, openCount: report.openCount, reportedAt });
    await this.audit.post(manager, 'integrity_report', messages);
    await this.tallies.completeIntegrity(manager, report.reportId);
    this.logger.log({ reportId: report.reportId, opened: report.opened.length, resolved: report.resolved.length, messages: messages.length }, 'integrity report queued');
  }

  async rosterSynced(manager: EntityManager, part: RosterSyncedPayload): Promise<void> {
    const changes: SummarisedChange[] = part.changes
      .filter((change): change is typeof change & { type: SummarisedChange['type'] } => SUMMARISED_CHANGE_TYPES.has(change.type))
      .map((change) => ({ type: change.type, name: change.characterName, realmSlug: change.realmSlug }));
    const tally = await this.tallies.addRosterPart(manager, {
      runId: part.runId,
      part: part.part,
      parts: part.parts,
      characters: part.characters.length,
      changes,
      syncedAt: new Date(part.syncedAt),
    });
    if (!tally?.complete) return;
    const message = rosterSummaryMessage(tally.value);
    if (message) await this.audit.post(manager, 'roster_summary', [message]);
    await this.tallies.completeRoster(manager, part.runId);
  }
}
