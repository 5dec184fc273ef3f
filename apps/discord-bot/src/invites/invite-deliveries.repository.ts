import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { InviteCreatedPayload } from '@patt/contracts';
import { InviteDeliveryEntity, InviteDeliveryStatus } from './invite-delivery.entity';

/** What the worker gets of a pending delivery: whom to DM, until when; the code it asks auth for. */
export interface PendingInvite {
  inviteId: string;
  personId: string;
  discordUserId: string;
  expiresAt: Date;
  attempts: number;
}

@Injectable()
export class InviteDeliveriesRepository {
  constructor(@InjectRepository(InviteDeliveryEntity) private readonly deliveries: Repository<InviteDeliveryEntity>) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.deliveries.manager.transaction(work);
  }

  /** Queues a DM; a second invite-created of the same invite changes nothing. True when queued now. */
  async enqueue(manager: EntityManager, invite: InviteCreatedPayload): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO invite_deliveries (invite_id, person_id, discord_user_id, expires_at, status)
       VALUES ($1, $2, $3, $4, 'pending') ON CONFLICT (invite_id) DO NOTHING RETURNING invite_id`,
      [invite.inviteId, invite.personId, invite.discordUserId, invite.expiresAt],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Records an invite that cannot be delivered at all (no Discord); true when recorded now. */
  async recordUndeliverable(manager: EntityManager, invite: InviteCreatedPayload, reason: string): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO invite_deliveries (invite_id, person_id, discord_user_id, expires_at, status, last_error, settled_at)
       VALUES ($1, $2, $3, $4, 'failed', $5, now()) ON CONFLICT (invite_id) DO NOTHING RETURNING invite_id`,
      [invite.inviteId, invite.personId, invite.discordUserId, invite.expiresAt, reason],
    )) as unknown[];
    return rows.length > 0;
  }

  async pending(limit: number): Promise<PendingInvite[]> {
    const rows = await this.deliveries
      .createQueryBuilder('d')
      .where(`d.status = 'pending' AND (d.retryAt IS NULL OR d.retryAt <= now())`)
      .orderBy('d.createdAt', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map((row) => ({ inviteId: row.inviteId, personId: row.personId, discordUserId: row.discordUserId, expiresAt: row.expiresAt, attempts: row.attempts }));
  }

  /** The delivery is over, one way or another; true when this call settled it. */
  async settle(
    inviteId: string,
    status: Exclude<InviteDeliveryStatus, 'pending'>,
    attempts: number,
    error: string | null,
    manager: EntityManager = this.deliveries.manager,
  ): Promise<boolean> {
    const rows = (await manager.query(
      `UPDATE invite_deliveries SET status = $2, attempts = $3, last_error = $4, retry_at = NULL, settled_at = now()
        WHERE invite_id = $1 AND status = 'pending' RETURNING invite_id`,
      [inviteId, status, attempts, error],
    )) as [unknown[], number];
    return rows[0].length > 0;
  }

  async postpone(inviteId: string, attempts: number, retryAt: Date, error: string): Promise<void> {
    await this.deliveries.update({ inviteId }, { attempts, retryAt, lastError: error });
  }
}
