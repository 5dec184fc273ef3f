import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CreatedInvite, ErrorCode, Events } from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { ServiceException } from '@patt/service-kit';
import { UsersRepository } from '../accounts/users.repository';
import { MemberProjectionRepository } from '../members/member-projection.repository';
import { newSecret, secretHash } from '../tokens/secrets';
import { InvitesRepository } from './invites.repository';

export const DEFAULT_INVITE_HOURS = 72;

@Injectable()
export class InvitesService {
  constructor(
    private readonly invites: InvitesRepository,
    private readonly members: MemberProjectionRepository,
    private readonly users: UsersRepository,
    private readonly events: EventPublisher,
  ) {}

  /**
   * An invite for a member with a Discord account and no account here yet. The code (144 random
   * bits) is stored only as a hash; it goes to the officer in the answer and to the Discord bot in
   * the invite-created event, which DMs it to the member.
   */
  async create(personId: string, expiresInHours: number, createdBy: string | null): Promise<CreatedInvite> {
    const member = await this.members.find(personId);
    if (!member) throw ServiceException.notFound('Member');
    if (!member.discordUserId || !member.discordUsername) {
      throw new ServiceException(ErrorCode.Conflict, 'This member has no Discord account linked; link one before inviting them.');
    }
    if (await this.users.byPerson(personId)) {
      throw new ServiceException(ErrorCode.Conflict, 'This member already has an account.');
    }
    const code = newSecret('', 18);
    const expiresAt = new Date(Date.now() + expiresInHours * 3600 * 1000);
    const id = randomUUID();
    await this.users.transaction(async (manager) => {
      await this.invites.insert(manager, {
        id,
        personId,
        discordUserId: member.discordUserId as string,
        discordUsername: member.discordUsername as string,
        codeHash: secretHash(code),
        createdBy,
        expiresAt,
      });
      await this.events.emit(manager, Events.InviteCreated, {
        inviteId: id,
        personId,
        discordUserId: member.discordUserId as string,
        code,
        expiresAt: expiresAt.toISOString(),
      });
    });
    return { code, expiresAt: expiresAt.toISOString() };
  }
}
