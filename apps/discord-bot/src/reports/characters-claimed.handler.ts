import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { AuditChannel } from '../posts/audit-channel';
import { battlenetClaimMessage } from './battlenet-claim';

/** A member's Battle.net account proved characters: a line for the officers' audit channel. */
@Injectable()
export class CharactersClaimedHandler {
  private readonly logger = new Logger(CharactersClaimedHandler.name);

  constructor(private readonly audit: AuditChannel) {}

  @OnEvent(Events.CharactersClaimed)
  async onCharactersClaimed(event: EventEnvelope<typeof Events.CharactersClaimed>, { manager }: EventContext): Promise<void> {
    const message = battlenetClaimMessage(event.payload);
    if (!message) return;
    await this.audit.post(manager, 'battlenet_claim', [message]);
    this.logger.log({ personId: event.payload.personId, linked: event.payload.linkedCharacterIds.length }, 'battlenet claim queued for the audit channel');
  }
}
