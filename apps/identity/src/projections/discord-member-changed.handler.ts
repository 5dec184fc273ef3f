import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { DiscordMembersRepository } from '../discord-members/discord-members.repository';
import { MatchingRequestsRepository } from '../common/matching-requests.repository';

/** One Discord member who joined, left or changed between the bot's full syncs. */
@Injectable()
export class DiscordMemberChangedHandler {
  constructor(
    private readonly members: DiscordMembersRepository,
    private readonly requests: MatchingRequestsRepository,
  ) {}

  @OnEvent(Events.DiscordMemberChanged)
  async onMemberChanged(event: EventEnvelope<typeof Events.DiscordMemberChanged>, { manager }: EventContext): Promise<void> {
    const { change, member, at } = event.payload;
    await this.members.upsert(manager, [{ ...member, present: change === 'left' ? false : member.present }], at);
    await this.requests.request(manager, `discord ${change}`);
  }
}
