import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, EventPartsLedger, OnEvent } from '@patt/messaging';
import { DiscordMembersRepository } from '../discord-members/discord-members.repository';
import { MatchingRequestsRepository } from '../common/matching-requests.repository';

/**
 * The Discord bot's full syncs into identity's projection of the server's members: in parts, and
 * who is absent is decided once all are in.
 */
@Injectable()
export class DiscordMembersSyncedHandler {
  private readonly logger = new Logger(DiscordMembersSyncedHandler.name);

  constructor(
    private readonly members: DiscordMembersRepository,
    private readonly parts: EventPartsLedger,
    private readonly requests: MatchingRequestsRepository,
  ) {}

  @OnEvent(Events.DiscordMembersSynced)
  async onMembersSynced(event: EventEnvelope<typeof Events.DiscordMembersSynced>, { manager }: EventContext): Promise<void> {
    const part = event.payload;
    const recorded = await this.parts.record(manager, Events.DiscordMembersSynced, part.syncId, part);
    if (!recorded.fresh) return;
    await this.members.upsert(manager, part.members, part.syncedAt);
    if (!recorded.completed) return;
    const gone = await this.members.markUnlistedGone(manager, part.syncedAt);
    if (gone > 0) this.logger.log({ syncId: part.syncId, gone }, 'Discord members the complete sync no longer listed are marked gone');
    await this.requests.request(manager, `discord sync ${part.syncId}`);
  }
}
