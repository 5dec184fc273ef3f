import { Injectable } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { AccountLifecycle } from '../accounts/account-lifecycle.service';
import { MemberProjectionRepository } from './member-projection.repository';

/**
 * Whether a member still has a character in the guild, as identity says: out of it for
 * ACCOUNT_GRACE_DAYS (0: at once), their account is disabled; back, it works again if leaving was
 * why it stopped. An older statement than the one held changes nothing.
 */
@Injectable()
export class MemberInGuildChangedHandler {
  constructor(
    private readonly members: MemberProjectionRepository,
    private readonly lifecycle: AccountLifecycle,
  ) {}

  @OnEvent(Events.MemberInGuildChanged)
  async onMemberInGuildChanged(event: EventEnvelope<typeof Events.MemberInGuildChanged>, { manager }: EventContext): Promise<void> {
    const { personId, inGuild, since } = event.payload;
    if (!(await this.members.upsertPresence(manager, { personId, inGuild, since: new Date(since) }, new Date(event.occurredAt)))) return;
    if (inGuild) await this.lifecycle.memberReturned(manager, personId);
    else await this.lifecycle.sweep(manager, { personId });
  }
}
