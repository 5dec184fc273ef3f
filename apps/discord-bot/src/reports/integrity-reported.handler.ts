import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { ReportsService } from './reports.service';

/** A part of identity's integrity report, for the audit channel once every part is in. */
@Injectable()
export class IntegrityReportedHandler {
  constructor(private readonly reports: ReportsService) {}

  @OnEvent(Events.IntegrityReported)
  async onIntegrityReported(event: EventEnvelope<typeof Events.IntegrityReported>, { manager }: EventContext): Promise<void> {
    await this.reports.integrityReported(manager, event.payload, new Date(event.occurredAt));
  }
}
