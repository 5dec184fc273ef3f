import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, EventPartsLedger, OnEvent } from '@patt/messaging';
import { CharactersRepository } from '../characters/characters.repository';
import { MatchingRequestsRepository } from '../common/matching-requests.repository';

/**
 * guild-sync's roster into identity's character projection. A roster comes in parts; each part's
 * characters and membership changes are applied as it arrives (each row guarded by time, so
 * order does not matter), and once every part is in, a matching run is asked for: matching a
 * half-applied roster would only be redone.
 */
@Injectable()
export class RosterSyncedHandler {
  private readonly logger = new Logger(RosterSyncedHandler.name);

  constructor(
    private readonly characters: CharactersRepository,
    private readonly parts: EventPartsLedger,
    private readonly requests: MatchingRequestsRepository,
  ) {}

  @OnEvent(Events.RosterSynced)
  async onRosterSynced(event: EventEnvelope<typeof Events.RosterSynced>, { manager }: EventContext): Promise<void> {
    const part = event.payload;
    const recorded = await this.parts.record(manager, Events.RosterSynced, part.runId, part);
    if (!recorded.fresh) return;
    await this.characters.upsertListed(manager, part.characters, part.syncedAt);
    await this.characters.applyMembershipChanges(manager, part.changes);
    if (!recorded.completed) return;
    // guild-sync names every leaver it is sure of in `changes`. One missing from the list without
    // being named is one it could not decide about (its roster had unreadable entries): it keeps
    // them in the guild, and so does identity, rather than take ranks away on a doubt.
    const undecided = await this.characters.unlistedInGuild(manager, part.syncedAt);
    if (undecided > 0) {
      this.logger.warn({ runId: part.runId, undecided }, 'characters missing from a complete roster without a leave; kept in the guild');
    }
    await this.requests.request(manager, `roster ${part.runId}`);
  }
}
