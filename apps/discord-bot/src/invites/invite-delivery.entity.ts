import { Column, Entity, PrimaryColumn } from 'typeorm';

export type InviteDeliveryStatus = 'pending' | 'sent' | 'refused' | 'failed' | 'expired';

/**
 * An invite code to DM to a member. The code is kept only while the DM is pending: once sent,
 * refused or given up on, it is erased (the database enforces it).
 */
@Entity({ name: 'invite_deliveries' })
export class InviteDeliveryEntity {
  @PrimaryColumn({ name: 'invite_id', type: 'uuid' })
  inviteId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'discord_user_id', type: 'text' })
  discordUserId!: string;

  @Column({ type: 'text', nullable: true })
  code!: string | null;

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
