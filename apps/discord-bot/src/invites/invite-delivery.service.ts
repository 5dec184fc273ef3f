import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InviteCreatedPayload } from '@patt/contracts';
import { DiscordBotConfig } from '../app/discord-bot.config';
import { AuditChannel } from '../audit/audit-channel';
import { DiscordConnection } from '../discord/discord-connection';
import { describeDiscordFailure, DmRefusal, dmRefusalOf, failureText } from '../discord/discord-errors';
import { DiscordGuild } from '../discord/discord-guild';
import { MembersRepository } from '../members/members.repository';
import { WorkSignal, WorkSignals } from '../work/work-signals';
import { PendingInvite, InviteDeliveriesRepository } from './invite-deliveries.repository';
import { inviteDm, inviteNotDeliveredNotice } from './invite-messages';

const MAX_ATTEMPTS = 5;

/**
 * Invite codes by DM. The invite is queued in the transaction of invite-created and sent by the
 * worker; when the member's side refuses the DM (closed DMs, Discord code 50007) officers get a
 * notice in the audit channel so they can hand the code over themselves. The code is never
 * logged, and never posted anywhere but the member's DM.
 */
@Injectable()
export class InviteDeliveryService {
  private readonly logger = new Logger('InviteDMs');

  constructor(
    private readonly config: DiscordBotConfig,
    private readonly connection: DiscordConnection,
    private readonly deliveries: InviteDeliveriesRepository,
    private readonly guild: DiscordGuild,
    private readonly members: MembersRepository,
    private readonly audit: AuditChannel,
    private readonly signals: WorkSignals,
  ) {}

  async record(manager: EntityManager, invite: InviteCreatedPayload): Promise<void> {
    if (!this.connection.configured) {
      await this.deliveries.recordUndeliverable(manager, invite, 'Discord is not configured');
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
      await this.deliveries.settle(invite.inviteId, 'expired', invite.attempts, 'expired before it could be sent');
      this.logger.warn(log, 'invite expired before its DM could be sent');
      return;
    }
    try {
      await this.guild.sendDirectMessage(invite.discordUserId, inviteDm({ code: invite.code, expiresAt: invite.expiresAt, publicUrl: this.config.PUBLIC_URL }));
      await this.deliveries.settle(invite.inviteId, 'sent', attempts, null);
      this.logger.log(log, 'invite sent by DM');
    } catch (error) {
      const failure = describeDiscordFailure(error);
      const text = failureText(failure);
      const refusal = dmRefusalOf(failure);
      if (refusal) return this.giveUp(invite, 'refused', attempts, text, refusal);
      if (failure.kind === 'refused' || attempts >= MAX_ATTEMPTS) return this.giveUp(invite, 'failed', attempts, text, 'failing');
      const retryInMs = Math.min(10 * 60_000, 5_000 * 2 ** attempts);
      this.logger.warn({ ...log, reason: text, retryInMs }, 'invite DM failed; will retry');
      await this.deliveries.postpone(invite.inviteId, attempts, new Date(Date.now() + retryInMs), text);
    }
  }

  /** Settles the delivery and tells the officers, in one transaction. */
  private async giveUp(invite: PendingInvite, status: 'refused' | 'failed', attempts: number, reason: string, why: DmRefusal | 'failing'): Promise<void> {
    const member = await this.members.find(invite.discordUserId);
    await this.deliveries.transaction(async (manager) => {
      await this.deliveries.settle(invite.inviteId, status, attempts, reason, manager);
      const notice = inviteNotDeliveredNotice({ discordUserId: invite.discordUserId, username: member?.username ?? null, expiresAt: invite.expiresAt, why });
      await this.audit.post(manager, 'invite_not_delivered', [notice]);
    });
    this.logger.warn({ inviteId: invite.inviteId, discordUserId: invite.discordUserId, why, reason }, 'invite DM not delivered; officers told');
  }
}
