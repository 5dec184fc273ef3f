import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { RoleSyncService } from './role-sync.service';

/** identity changed a member's rank: recorded with its inbox row, nothing sent. */
@Injectable()
export class MemberRankChangedHandler {
  constructor(private readonly roleSync: RoleSyncService) {}

  @OnEvent(Events.MemberRankChanged)
  async onMemberRankChanged(event: EventEnvelope<typeof Events.MemberRankChanged>, { manager }: EventContext): Promise<void> {
    await this.roleSync.recordRankChange(manager, event.payload, new Date(event.occurredAt));
  }
}
