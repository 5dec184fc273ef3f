import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { RankProjectionRepository } from './rank-projection.repository';

@Injectable()
export class RanksChangedHandler {
  constructor(private readonly ranks: RankProjectionRepository) {}

  /** Keeps auth's rank names in line with identity's; an older table never overwrites a newer one. */
  @OnEvent(Events.RanksChanged)
  async onRanksChanged(event: EventEnvelope<typeof Events.RanksChanged>, { manager }: EventContext): Promise<void> {
    await this.ranks.upsertAsOf(manager, event.payload.ranks, new Date(event.occurredAt));
  }
}
