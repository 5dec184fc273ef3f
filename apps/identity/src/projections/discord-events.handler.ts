import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { ChunkedSyncsRepository } from '../common/chunked-syncs.repository';
import { DiscordMembersRepository } from '../discord-members/discord-members.repository';
import { MatchingRequestsRepository } from '../runs/matching-requests.repository';

/**
 * The Discord bot's mirror into identity's projection: full syncs (in parts; who is absent is
 * decided once all are in) and single changes between them.
 */
@Injectable()
export class DiscordEventsHandler {
  private readonly logger = new Logger('DiscordProjection');

  constructor(
    private readonly members: DiscordMembersRepository,
    private readonly syncs: ChunkedSyncsRepository,
    private readonly requests: MatchingRequestsRepository,
  ) {}

  @OnEvent(Events.DiscordMembersSynced)
  async onMembersSynced(event: EventEnvelope<typeof Events.DiscordMembersSynced>, { manager }: EventContext): Promise<void> {
    const part = event.payload;
    const recorded = await this.syncs.recordPart(manager, 'discord', part.syncId, part, part.syncedAt);
    if (!recorded.fresh) return;
    await this.members.upsert(manager, part.members, part.syncedAt);
    if (!recorded.completed) return;
    const gone = await this.members.markUnlistedGone(manager, part.syncedAt);
    if (gone > 0) this.logger.log({ syncId: part.syncId, gone }, 'Discord members the complete sync no longer listed are marked gone');
    await this.requests.request(manager, `discord sync ${part.syncId}`);
  }

  @OnEvent(Events.DiscordMemberChanged)
  async onMemberChanged(event: EventEnvelope<typeof Events.DiscordMemberChanged>, { manager }: EventContext): Promise<void> {
    const { change, member, at } = event.payload;
    await this.members.upsert(manager, [{ ...member, present: change === 'left' ? false : member.present }], at);
    await this.requests.request(manager, `discord ${change}`);
  }
}
