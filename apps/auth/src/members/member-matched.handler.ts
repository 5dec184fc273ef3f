import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { InvitesRepository } from '../invites/invites.repository';
import { MemberProjectionRepository } from './member-projection.repository';

/**
 * Keeps auth's picture of members (Discord account, rank) as identity decides it: a member's links.
 * An invite is for one Discord user: when the member's changes, the invites made for another stop.
 */
@Injectable()
export class MemberMatchedHandler {
  private readonly logger = new Logger(MemberMatchedHandler.name);

  constructor(
    private readonly members: MemberProjectionRepository,
    private readonly invites: InvitesRepository,
  ) {}

  @OnEvent(Events.MemberMatched)
  async onMemberMatched(event: EventEnvelope<typeof Events.MemberMatched>, { manager }: EventContext): Promise<void> {
    const { personId, discordUserId, discordUsername, rank } = event.payload;
    await this.members.upsertLink(manager, { personId, discordUserId, discordUsername, rankLevel: rank.level }, new Date(event.occurredAt));
    // Judged against the link as it now stands (an older event changed nothing above).
    const member = await this.members.find(personId, manager);
    const revoked = await this.invites.revokeForOtherUsers(manager, personId, member?.discordUserId ?? null);
    if (revoked > 0) this.logger.log({ personId, revoked }, 'invites revoked: the member’s Discord link changed');
  }
}
