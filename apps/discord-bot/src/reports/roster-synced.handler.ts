import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { ReportsService } from './reports.service';

/** A part of a guild-sync run's roster, summed up for the audit channel once every part is in. */
@Injectable()
export class RosterSyncedHandler {
  constructor(private readonly reports: ReportsService) {}

  @OnEvent(Events.RosterSynced)
  async onRosterSynced(event: EventEnvelope<typeof Events.RosterSynced>, { manager }: EventContext): Promise<void> {
    await this.reports.rosterSynced(manager, event.payload);
  }
}
