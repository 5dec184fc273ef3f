import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { InvitesRepository } from './invites.repository';

/** The Discord bot says how an invite's DM ended: officers see it in the member's invites. */
@Injectable()
export class InviteDeliverySettledHandler {
  constructor(private readonly invites: InvitesRepository) {}

  @OnEvent(Events.InviteDeliverySettled)
  async onInviteDeliverySettled(event: EventEnvelope<typeof Events.InviteDeliverySettled>, { manager }: EventContext): Promise<void> {
    const { inviteId, outcome, reason } = event.payload;
    await this.invites.settleDelivery(manager, inviteId, outcome, reason);
  }
}
