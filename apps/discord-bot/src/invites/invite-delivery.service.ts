import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Events, InviteCreatedPayload, InviteDeliveryOutcome, InviteForDelivery, Requests } from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { CommitSignals } from '@patt/persistence';
import { ServiceClient, ServiceException } from '@patt/service-kit';
import { DiscordBotConfig } from '../app/discord-bot.config';
import { AuditChannel } from '../posts/audit-channel';
import { DiscordConnection } from '../discord/discord-connection';
import { describeDiscordFailure, dmRefusalOf, failureText } from '../discord/discord-errors';
import { DiscordGuild } from '../discord/discord-guild';
import { MembersRepository } from '../mirror/members.repository';
import { WorkSignal } from '../app/work-signals';
import { PendingInvite, InviteDeliveriesRepository } from './invite-deliveries.repository';
import { inviteDm, inviteNotDeliveredNotice, NotDelivered } from './invite-messages';

const MAX_ATTEMPTS = 5;

/** A code taken from auth for a DM still being tried: held in memory only. */
interface TakenCode {
  code: string;
  discordUserId: string;
  expiresAt: Date;
}

/**
 * Invite codes by DM. invite-created queues the DM (it carries no code); the worker takes the code
 * from auth at the moment it sends (`auth.invites.claim-for-delivery`: once, and auth erases it),
 * holds it in memory while Discord is retried, and forgets it when the DM is sent or given up on.
 * How each DM ended goes back to auth (invite-delivery-settled) for the officers' list; when the
 * member's side refuses the DM (closed DMs, Discord code 50007) officers also get a notice in the
 * audit channel so they can hand the code over themselves. The code is never stored, logged, or
 * posted anywhere but the member's DM.
 */
@Injectable()
export class InviteDeliveryService {
  private readonly logger = new Logger(InviteDeliveryService.name);
  private readonly taken = new Map<string, TakenCode>();

  constructor(
    private readonly config: DiscordBotConfig,
    private readonly connection: DiscordConnection,
    private readonly deliveries: InviteDeliveriesRepository,
    private readonly guild: DiscordGuild,
    private readonly members: MembersRepository,
    private readonly audit: AuditChannel,
    private readonly signals: CommitSignals,
    private readonly services: ServiceClient,
    private readonly events: EventPublisher,
  ) {}

  async record(manager: EntityManager, invite: InviteCreatedPayload): Promise<void> {
    if (!this.connection.configured) {
      const reason = 'Discord is not configured on the platform';
      if (await this.deliveries.recordUndeliverable(manager, invite, reason)) await this.settled(manager, invite, 'failed', reason);
      this.logger.warn({ inviteId: invite.inviteId, discordUserId: invite.discordUserId }, 'invite not sent by DM: Discord is not configured');
      return;
    }
    if (await this.deliveries.enqueue(manager, invite)) await this.signals.notify(manager, WorkSignal.InviteDeliveries);
  }

  /** Sends what is pending, oldest first; how many were looked at. */
  async deliverPending(limit: number): Promise<number> {
    const pending = await this.deliveries.pending(limit);
    for (const invite of pending) await this.deliver(invite);
    return pending.length;
  }

  private async deliver(invite: PendingInvite): Promise<void> {
    const attempts = invite.attempts + 1;
    const log = { inviteId: invite.inviteId, discordUserId: invite.discordUserId, attempts };
    if (invite.expiresAt.getTime() <= Date.now()) {
      this.taken.delete(invite.inviteId);
      await this.deliveries.transaction(async (manager) => {
        if (await this.deliveries.settle(invite.inviteId, 'expired', invite.attempts, 'expired before it could be sent', manager)) {
          await this.settled(manager, invite, 'failed', 'The invite expired before its DM could be sent.');
        }
      });
      this.logger.warn(log, 'invite expired before its DM could be sent');
      return;
    }
    let taken = this.taken.get(invite.inviteId);
    if (!taken) {
      const claim = await this.claim(invite, attempts);
      if (!claim) return;
      if (claim.status === 'gone') return this.gone(invite, claim.reason, attempts);
      taken = { code: claim.code, discordUserId: claim.discordUserId, expiresAt: new Date(claim.expiresAt) };
      this.taken.set(invite.inviteId, taken);
    }
    try {
      await this.guild.sendDirectMessage(taken.discordUserId, inviteDm({ code: taken.code, expiresAt: taken.expiresAt, publicUrl: this.config.PUBLIC_URL }));
      this.taken.delete(invite.inviteId);
      await this.deliveries.transaction(async (manager) => {
        if (await this.deliveries.settle(invite.inviteId, 'sent', attempts, null, manager)) await this.settled(manager, invite, 'sent', null);
      });
      this.logger.log(log, 'invite sent by DM');
    } catch (error) {
      const failure = describeDiscordFailure(error);
      const text = failureText(failure);
      const refusal = dmRefusalOf(failure);
      if (refusal) return this.giveUp(invite, 'refused', attempts, text, refusal);
      if (failure.kind === 'refused' || attempts >= MAX_ATTEMPTS) return this.giveUp(invite, 'failed', attempts, text, 'failing');
      await this.retryLater(invite, attempts, text);
    }
  }

  /** The code, from auth; null when auth did not answer (the code waits there for the next try). */
  private async claim(invite: PendingInvite, attempts: number): Promise<InviteForDelivery | null> {
    try {
      return await this.services.send(Requests.InvitesClaimForDelivery, { inviteId: invite.inviteId }, { actor: null });
    } catch (error) {
      const text = error instanceof ServiceException ? error.body.message : String(error);
      if (attempts >= MAX_ATTEMPTS) await this.giveUp(invite, 'failed', attempts, `auth did not hand over the code: ${text}`, 'failing');
      else await this.retryLater(invite, attempts, `auth did not hand over the code: ${text}`);
      return null;
    }
  }

  /** Auth has no code for it any more: used, revoked or expired first (nothing to say), or lost. */
  private async gone(invite: PendingInvite, reason: Extract<InviteForDelivery, { status: 'gone' }>['reason'], attempts: number): Promise<void> {
    if (reason === 'claimed' || reason === 'unknown') {
      // Taken for an earlier try whose process ended before the DM (the code lived in its memory only).
      return this.giveUp(invite, 'failed', attempts, `auth has no code to send (${reason})`, 'lost');
    }
    await this.deliveries.settle(invite.inviteId, 'cancelled', invite.attempts, `the invite was ${reason} before its DM`);
    this.logger.log({ inviteId: invite.inviteId, reason }, 'invite DM not sent: the invite was used, revoked or expired first');
  }

  private async retryLater(invite: PendingInvite, attempts: number, text: string): Promise<void> {
    const retryInMs = Math.min(10 * 60_000, 5_000 * 2 ** attempts);
    this.logger.warn({ inviteId: invite.inviteId, discordUserId: invite.discordUserId, attempts, reason: text, retryInMs }, 'invite DM failed; will retry');
    await this.deliveries.postpone(invite.inviteId, attempts, new Date(Date.now() + retryInMs), text);
  }

  /** Settles the delivery, tells auth and the officers, in one transaction; the code is forgotten. */
  private async giveUp(invite: PendingInvite, status: 'refused' | 'failed', attempts: number, reason: string, why: NotDelivered): Promise<void> {
    this.taken.delete(invite.inviteId);
    const member = await this.members.find(invite.discordUserId);
    await this.deliveries.transaction(async (manager) => {
      if (!(await this.deliveries.settle(invite.inviteId, status, attempts, reason, manager))) return;
      await this.settled(manager, invite, status, reason);
      const notice = inviteNotDeliveredNotice({ discordUserId: invite.discordUserId, username: member?.username ?? null, expiresAt: invite.expiresAt, why });
      await this.audit.post(manager, 'invite_not_delivered', [notice]);
    });
    this.logger.warn({ inviteId: invite.inviteId, discordUserId: invite.discordUserId, why, reason }, 'invite DM not delivered; officers told');
  }

  private async settled(manager: EntityManager, invite: { inviteId: string; personId: string }, outcome: InviteDeliveryOutcome, reason: string | null): Promise<void> {
    await this.events.emit(manager, Events.InviteDeliverySettled, { inviteId: invite.inviteId, personId: invite.personId, outcome, reason, at: new Date().toISOString() });
  }
}
