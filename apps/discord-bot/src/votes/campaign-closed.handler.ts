import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { VoteAnnouncementsService } from './vote-announcements.service';

/** A vote closed: its podium is announced, at every chattiness. */
@Injectable()
export class CampaignClosedHandler {
  constructor(private readonly announcements: VoteAnnouncementsService) {}

  @OnEvent(Events.CampaignClosed)
  async onCampaignClosed(event: EventEnvelope<typeof Events.CampaignClosed>, { manager }: EventContext): Promise<void> {
    await this.announcements.record(manager, { kind: 'closed', eventId: event.id, payload: event.payload });
  }
}
