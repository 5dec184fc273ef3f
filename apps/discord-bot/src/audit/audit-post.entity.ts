import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OutgoingMessage } from '../discord/discord-guild';

export type AuditPostKind = 'integrity_report' | 'roster_summary' | 'invite_not_delivered';
export type AuditPostStatus = 'pending' | 'posted' | 'failed';

/** A message for the officers' audit channel, queued with the event that asked for it. */
@Entity({ name: 'audit_posts' })
export class AuditPostEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  kind!: AuditPostKind;

  @Column({ type: 'jsonb' })
  body!: OutgoingMessage;

  @Column({ type: 'text' })
  status!: AuditPostStatus;

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
