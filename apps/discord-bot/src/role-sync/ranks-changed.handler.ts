import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { RoleSyncService } from './role-sync.service';

/** identity's rank table (with each rank's Discord role) changed: recorded with its inbox row, nothing sent. */
@Injectable()
export class RanksChangedHandler {
  constructor(private readonly roleSync: RoleSyncService) {}

  @OnEvent(Events.RanksChanged)
  async onRanksChanged(event: EventEnvelope<typeof Events.RanksChanged>, { manager }: EventContext): Promise<void> {
    await this.roleSync.recordRanks(manager, event.payload.ranks, new Date(event.occurredAt));
  }
}
