import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { MemberProjectionRepository } from './member-projection.repository';

/** Keeps auth's picture of members (Discord account, rank) as identity decides it: a member's rank. */
@Injectable()
export class MemberRankChangedHandler {
  constructor(private readonly members: MemberProjectionRepository) {}

  @OnEvent(Events.MemberRankChanged)
  async onMemberRankChanged(event: EventEnvelope<typeof Events.MemberRankChanged>, { manager }: EventContext): Promise<void> {
    const { personId, to } = event.payload;
    await this.members.upsertRank(manager, personId, to, new Date(event.occurredAt));
  }
}
