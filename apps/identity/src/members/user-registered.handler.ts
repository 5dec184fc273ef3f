import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { MembersRepository } from './members.repository';

/** auth's `user-registered`: the member now has an account (`registered` in the API). */
@Injectable()
export class UserRegisteredHandler {
  private readonly logger = new Logger(UserRegisteredHandler.name);

  constructor(private readonly members: MembersRepository) {}

  @OnEvent(Events.UserRegistered)
  async onUserRegistered(event: EventEnvelope<typeof Events.UserRegistered>, { manager }: EventContext): Promise<void> {
    const { userId, personId } = event.payload;
    const known = await this.members.markRegistered(manager, personId, userId, new Date(event.occurredAt));
    if (!known) this.logger.warn({ personId }, 'an account was registered for a member identity does not have');
  }
}
