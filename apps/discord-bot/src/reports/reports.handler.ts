import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { ReportsService } from './reports.service';

@Injectable()
export class ReportsHandler {
  constructor(private readonly reports: ReportsService) {}

  @OnEvent(Events.IntegrityReported)
  async onIntegrityReported(event: EventEnvelope<typeof Events.IntegrityReported>, { manager }: EventContext): Promise<void> {
    await this.reports.integrityReported(manager, event.payload, new Date(event.occurredAt));
  }

  @OnEvent(Events.RosterSynced)
  async onRosterSynced(event: EventEnvelope<typeof Events.RosterSynced>, { manager }: EventContext): Promise<void> {
    await this.reports.rosterSynced(manager, event.payload);
  }
}
