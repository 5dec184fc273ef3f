import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, CreatedInvite, ErrorCode, Events, InviteForDelivery, InviteSummary, Page, PageQuery, RequestedInvite } from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { ServiceException } from '@patt/service-kit';
import { EntityManager } from 'typeorm';
import { AccountLifecycle } from '../accounts/account-lifecycle.service';
import { UsersRepository } from '../accounts/users.repository';
import { MemberProjectionRepository, MemberRecord } from '../members/member-projection.repository';
import { ThrottleService } from '../throttling/throttle.service';
import { newSecret, secretHash } from '../tokens/secrets';
import { CodeSeal } from './code-seal';
import { InviteRecord, InvitesRepository } from './invites.repository';

export const DEFAULT_INVITE_HOURS = 72;

const OWN_INVITE_REFUSALS = {
  noDiscord: 'Your member has no Discord account linked; ask an officer.',
  hasAccount: 'You already have an account: sign in with it (/reset-password sends a link if you forgot the password).',
};

/**
 * Invites: a code of 144 random bits, stored as its hash (to redeem it) and, until the Discord bot
 * takes it for the DM, sealed (to deliver it). The officer who makes it sees it once; the bot
 * claims it once (`auth.invites.claim-for-delivery`), and it is erased as it is answered; no event
 * carries it. Officers make, list and revoke a member's invites within the rank rules.
 */
@Injectable()
export class InvitesService {
  private readonly logger = new Logger(InvitesService.name);

  constructor(
    private readonly invites: InvitesRepository,
    private readonly members: MemberProjectionRepository,
    private readonly users: UsersRepository,
    private readonly lifecycle: AccountLifecycle,
    private readonly seal: CodeSeal,
    private readonly events: EventPublisher,
    private readonly throttle: ThrottleService,
  ) {}

  /** An invite for a member with a Discord account and no account here yet. */
  async create(personId: string, expiresInHours: number, actor: Actor): Promise<CreatedInvite> {
    return this.users.transaction(async (manager) => {
      const member = await this.memberOf(manager, personId);
      await this.lifecycle.assertRankRule(manager, 'invite', actor, member);
      const own = await this.lifecycle.accountOfActor(manager, actor);
      const { code, expiresAt } = await this.issue(manager, member, expiresInHours, own?.id ?? null, {
        noDiscord: 'This member has no Discord account linked; link one before inviting them.',
        hasAccount: 'This member already has an account.',
      });
      return { code, expiresAt };
    });
  }

  /**
   * A member's own invite (the Discord bot's /get-account, for the member who invoked it): the
   * officers' invite and its DM, for a member linked to that Discord user and without an account;
   * throttled per member (ThrottleService.beforeOwnInvite), a refusal giving its attempt back.
   */
  async requestOwn(actor: Actor): Promise<RequestedInvite> {
    if (!actor.personId || !actor.discordUserId) {
      throw new ServiceException(ErrorCode.Forbidden, 'Only a member, asking from the Discord account linked to them, may ask for their own invite.');
    }
    const { personId, discordUserId } = actor;
    // What refuses the request is said before the attempt counts: only invites made count.
    await this.users.transaction((manager) => this.assertMayHaveOwnInvite(manager, personId, discordUserId));
    const attempt = await this.throttle.beforeOwnInvite(personId);
    try {
      return await this.users.transaction(async (manager) => {
        const member = await this.assertMayHaveOwnInvite(manager, personId, discordUserId);
        const invite = await this.issue(manager, member, DEFAULT_INVITE_HOURS, null, OWN_INVITE_REFUSALS);
        this.logger.log({ inviteId: invite.inviteId, personId }, 'a member asked for their own invite');
        return { inviteId: invite.inviteId, expiresAt: invite.expiresAt };
      });
    } catch (error) {
      if (error instanceof ServiceException) await this.throttle.refund(attempt);
      throw error;
    }
  }

  private async assertMayHaveOwnInvite(manager: EntityManager, personId: string, discordUserId: string): Promise<MemberRecord> {
    const member = await this.memberOf(manager, personId);
    if (member.discordUserId !== discordUserId) {
      throw new ServiceException(ErrorCode.Forbidden, 'Your Discord account is not the one linked to your member; ask an officer.');
    }
    const account = await this.users.byPerson(personId, manager);
    if (account?.disabledAt) throw new ServiceException(ErrorCode.Conflict, 'You have an account, and it is disabled; an officer can enable it.');
    if (account) throw new ServiceException(ErrorCode.Conflict, OWN_INVITE_REFUSALS.hasAccount);
    if (!member.discordUserId || !member.discordUsername) throw new ServiceException(ErrorCode.Conflict, OWN_INVITE_REFUSALS.noDiscord);
    return member;
  }

  /** Makes the invite (its code sealed for the DM) and announces it; the code is answered once, here. */
  private async issue(
    manager: EntityManager,
    member: MemberRecord,
    expiresInHours: number,
    createdBy: string | null,
    refusals: { noDiscord: string; hasAccount: string },
  ): Promise<CreatedInvite & { inviteId: string }> {
    if (!member.discordUserId || !member.discordUsername) throw new ServiceException(ErrorCode.Conflict, refusals.noDiscord);
    if (await this.users.byPerson(member.personId, manager)) throw new ServiceException(ErrorCode.Conflict, refusals.hasAccount);
    const code = newSecret('', 18);
    const expiresAt = new Date(Date.now() + expiresInHours * 3600 * 1000);
    const id = randomUUID();
    await this.invites.insert(manager, {
      id,
      personId: member.personId,
      discordUserId: member.discordUserId,
      discordUsername: member.discordUsername,
      codeHash: secretHash(code),
      sealedCode: this.seal.seal(code, id),
      createdBy,
      expiresAt,
    });
    await this.events.emit(manager, Events.InviteCreated, { inviteId: id, personId: member.personId, discordUserId: member.discordUserId, expiresAt: expiresAt.toISOString() });
    return { inviteId: id, code, expiresAt: expiresAt.toISOString() };
  }

  async list(personId: string, page: PageQuery, actor: Actor): Promise<Page<InviteSummary>> {
    await this.users.transaction(async (manager) => this.lifecycle.assertRankRule(manager, 'list_invites', actor, await this.memberOf(manager, personId)));
    return this.invites.ofMember(personId, page);
  }

  /** The code stops working. Revoking one revoked already changes nothing; a used one cannot be. */
  async revoke(id: string, actor: Actor): Promise<void> {
    await this.users.transaction(async (manager) => {
      const invite = await this.invites.byId(id, manager);
      if (!invite) throw ServiceException.notFound('Invite');
      await this.lifecycle.assertRankRule(manager, 'revoke_invite', actor, await this.memberOf(manager, invite.personId));
      if (invite.usedAt) throw ServiceException.conflict('This invite was used already: the member has an account (disable it instead).');
      if (await this.invites.revoke(manager, id, (await this.lifecycle.accountOfActor(manager, actor))?.id ?? null)) this.logger.log({ inviteId: id, by: actor.userId }, 'invite revoked');
    });
  }

  /** The Discord bot takes the code to DM it: once. What answers it is gone from here. */
  async claimForDelivery(inviteId: string): Promise<InviteForDelivery> {
    const claimed = await this.invites.claim(inviteId);
    if (!claimed) {
      const invite = await this.invites.byId(inviteId);
      return { status: 'gone', inviteId, reason: goneReason(invite) };
    }
    const code = this.seal.open(claimed.sealedCode, inviteId);
    if (code === null) {
      // Sealed under another secret (JWT_SECRET changed since): nothing to send; the officer has the code.
      this.logger.warn({ inviteId }, 'an invite code did not open for its DM');
      return { status: 'gone', inviteId, reason: 'unknown' };
    }
    this.logger.log({ inviteId, discordUserId: claimed.discordUserId }, 'invite code handed to the Discord bot for its DM');
    return { status: 'deliver', inviteId, code, discordUserId: claimed.discordUserId, expiresAt: claimed.expiresAt.toISOString() };
  }

  private async memberOf(manager: EntityManager, personId: string): Promise<MemberRecord> {
    const member = await this.members.find(personId, manager);
    if (!member) throw ServiceException.notFound('Member');
    return member;
  }
}

function goneReason(invite: InviteRecord | null): 'claimed' | 'used' | 'revoked' | 'expired' | 'unknown' {
  if (!invite) return 'unknown';
  if (invite.usedAt) return 'used';
  if (invite.revokedAt) return 'revoked';
  if (invite.expiresAt.getTime() <= Date.now()) return 'expired';
  return invite.delivery === 'pending' ? 'unknown' : 'claimed';
}
