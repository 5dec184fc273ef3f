import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { VotersRepository } from './voters.repository';

/**
 * Keeps the projection of voters as auth and identity decide it: a member's rank (identity), an
 * account and whether it is enabled (auth). Each fact is applied as of the time it happened.
 */
@Injectable()
export class VoterEventsHandler {
  constructor(private readonly voters: VotersRepository) {}

  @OnEvent(Events.MemberMatched)
  async onMemberMatched(event: EventEnvelope<typeof Events.MemberMatched>, { manager }: EventContext): Promise<void> {
    await this.voters.upsertRank(manager, event.payload.personId, event.payload.rank.level, new Date(event.occurredAt));
  }

  @OnEvent(Events.MemberRankChanged)
  async onMemberRankChanged(event: EventEnvelope<typeof Events.MemberRankChanged>, { manager }: EventContext): Promise<void> {
    await this.voters.upsertRank(manager, event.payload.personId, event.payload.to, new Date(event.occurredAt));
  }

  @OnEvent(Events.UserRegistered)
  async onUserRegistered(event: EventEnvelope<typeof Events.UserRegistered>, { manager }: EventContext): Promise<void> {
    await this.voters.registerAccount(manager, { userId: event.payload.userId, personId: event.payload.personId }, new Date(event.occurredAt));
  }

  @OnEvent(Events.AccountDisabled)
  async onAccountDisabled(event: EventEnvelope<typeof Events.AccountDisabled>, { manager }: EventContext): Promise<void> {
    const { userId, personId, at } = event.payload;
    await this.voters.upsertAccount(manager, { userId, personId, enabled: false }, new Date(at));
  }

  @OnEvent(Events.AccountEnabled)
  async onAccountEnabled(event: EventEnvelope<typeof Events.AccountEnabled>, { manager }: EventContext): Promise<void> {
    const { userId, personId, at } = event.payload;
    await this.voters.upsertAccount(manager, { userId, personId, enabled: true }, new Date(at));
  }
}
