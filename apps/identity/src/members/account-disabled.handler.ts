import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { MembersRepository } from './members.repository';

/** auth's `account-disabled`: the member's account shows as disabled, with when and why. */
@Injectable()
export class AccountDisabledHandler {
  constructor(private readonly members: MembersRepository) {}

  @OnEvent(Events.AccountDisabled)
  async onAccountDisabled(event: EventEnvelope<typeof Events.AccountDisabled>, { manager }: EventContext): Promise<void> {
    const { personId, reason, cause, at } = event.payload;
    await this.members.recordAccount(manager, personId, { disabledAt: new Date(at), reason, cause }, new Date(event.occurredAt));
  }
}
