import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { MembersRepository } from './members.repository';

/** auth's `account-enabled`: the member's account shows as working again. */
@Injectable()
export class AccountEnabledHandler {
  constructor(private readonly members: MembersRepository) {}

  @OnEvent(Events.AccountEnabled)
  async onAccountEnabled(event: EventEnvelope<typeof Events.AccountEnabled>, { manager }: EventContext): Promise<void> {
    await this.members.recordAccount(manager, event.payload.personId, { disabledAt: null, reason: null, cause: null }, new Date(event.occurredAt));
  }
}
