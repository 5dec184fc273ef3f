import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OutgoingMessage } from '../discord/discord-guild';

export type ChannelPostKind = 'integrity_report' | 'roster_summary' | 'invite_not_delivered' | 'vote_announcement' | 'battlenet_reminder' | 'battlenet_claim';
export type ChannelPostStatus = 'pending' | 'posted' | 'failed';

/** A message for a server channel, queued with the event that asked for it. */
@Entity({ name: 'channel_posts' })
export class ChannelPostEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  kind!: ChannelPostKind;

  /** null: the officers' audit channel (DISCORD_AUDIT_CHANNEL_ID). */
  @Column({ name: 'channel_id', type: 'text', nullable: true })
  channelId!: string | null;

  /** A direct message: the Discord user it goes to (then `channel_id` is null and no audit channel is meant). */
  @Column({ name: 'recipient_user_id', type: 'text', nullable: true })
  recipientUserId!: string | null;

  @Column({ type: 'jsonb' })
  body!: OutgoingMessage;

  /** Sent with `enforce_nonce`: a second try of this post within Discord's window returns the first message instead of posting again. */
  @Column({ type: 'text' })
  nonce!: string;

  @Column({ type: 'text' })
  status!: ChannelPostStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'retry_at', type: 'timestamptz', nullable: true })
  retryAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt!: Date | null;
}
