import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { VoteAnnouncementsService } from './vote-announcements.service';

/** A live vote reached a milestone: announced when the campaign's chattiness takes it. */
@Injectable()
export class CampaignMilestoneHandler {
  constructor(private readonly announcements: VoteAnnouncementsService) {}

  @OnEvent(Events.CampaignMilestone)
  async onCampaignMilestone(event: EventEnvelope<typeof Events.CampaignMilestone>, { manager }: EventContext): Promise<void> {
    await this.announcements.record(manager, { kind: 'milestone', eventId: event.id, payload: event.payload });
  }
}
