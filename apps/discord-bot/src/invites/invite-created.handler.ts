import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { InviteDeliveryService } from './invite-delivery.service';

@Injectable()
export class InviteCreatedHandler {
  constructor(private readonly invites: InviteDeliveryService) {}

  /** Queues the invite's DM with the event's inbox row; the worker sends it after the commit. */
  @OnEvent(Events.InviteCreated)
  async onInviteCreated(event: EventEnvelope<typeof Events.InviteCreated>, { manager }: EventContext): Promise<void> {
    await this.invites.record(manager, event.payload);
  }
}
