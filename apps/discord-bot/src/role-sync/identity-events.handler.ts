import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { RoleSyncService } from './role-sync.service';

/** identity's events about people, ranks and roles: each recorded with its inbox row, nothing sent. */
@Injectable()
export class IdentityEventsHandler {
  constructor(private readonly roleSync: RoleSyncService) {}

  @OnEvent(Events.MemberMatched)
  async onMemberMatched(event: EventEnvelope<typeof Events.MemberMatched>, { manager }: EventContext): Promise<void> {
    await this.roleSync.recordMatch(manager, event.payload, new Date(event.occurredAt));
  }

  @OnEvent(Events.MemberRankChanged)
  async onMemberRankChanged(event: EventEnvelope<typeof Events.MemberRankChanged>, { manager }: EventContext): Promise<void> {
    await this.roleSync.recordRankChange(manager, event.payload, new Date(event.occurredAt));
  }

  @OnEvent(Events.RanksChanged)
  async onRanksChanged(event: EventEnvelope<typeof Events.RanksChanged>, { manager }: EventContext): Promise<void> {
    await this.roleSync.recordRanks(manager, event.payload.ranks, new Date(event.occurredAt));
  }
}
