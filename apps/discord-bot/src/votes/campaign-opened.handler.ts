import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { VoteAnnouncementsService } from './vote-announcements.service';

/** A vote went live: its opening is announced in its channel (or the audit channel). */
@Injectable()
export class CampaignOpenedHandler {
  constructor(private readonly announcements: VoteAnnouncementsService) {}

  @OnEvent(Events.CampaignOpened)
  async onCampaignOpened(event: EventEnvelope<typeof Events.CampaignOpened>, { manager }: EventContext): Promise<void> {
    await this.announcements.record(manager, { kind: 'opened', eventId: event.id, payload: event.payload });
  }
}
