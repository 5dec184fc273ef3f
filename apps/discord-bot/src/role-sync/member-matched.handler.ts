import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { RoleSyncService } from './role-sync.service';

/** identity linked a Discord user to a member: recorded with its inbox row, nothing sent. */
@Injectable()
export class MemberMatchedHandler {
  constructor(private readonly roleSync: RoleSyncService) {}

  @OnEvent(Events.MemberMatched)
  async onMemberMatched(event: EventEnvelope<typeof Events.MemberMatched>, { manager }: EventContext): Promise<void> {
    await this.roleSync.recordMatch(manager, event.payload, new Date(event.occurredAt));
  }
}
