import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `cancelled`: auth had no code to give (the invite was used, revoked or expired before its DM). */
export type InviteDeliveryStatus = 'pending' | 'sent' | 'refused' | 'failed' | 'expired' | 'cancelled';

/**
 * An invite to DM to a member. It holds no code: the bot takes the code from auth at the moment
 * it sends the DM, and keeps it in memory only while that DM is retried.
 */
@Entity({ name: 'invite_deliveries' })
export class InviteDeliveryEntity {
  @PrimaryColumn({ name: 'invite_id', type: 'uuid' })
  inviteId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'discord_user_id', type: 'text' })
  discordUserId!: string;


  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'text' })
  status!: InviteDeliveryStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'retry_at', type: 'timestamptz', nullable: true })
  retryAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt!: Date | null;
}
