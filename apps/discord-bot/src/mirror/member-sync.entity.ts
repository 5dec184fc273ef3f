import { Column, Entity, PrimaryColumn } from 'typeorm';

export type MemberSyncTrigger = 'connect' | 'resume' | 'schedule' | 'manual';
export type MemberSyncStatus = 'requested' | 'running' | 'succeeded' | 'failed' | 'abandoned';

/** One full sync of the members: Discord's list paged over REST and laid over the mirror. */
@Entity({ name: 'member_syncs' })
export class MemberSyncEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  trigger!: MemberSyncTrigger;

  @Column({ type: 'text' })
  status!: MemberSyncStatus;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'member_count', type: 'integer', nullable: true })
  memberCount!: number | null;

  @Column({ name: 'joined_count', type: 'integer', nullable: true })
  joinedCount!: number | null;

  @Column({ name: 'left_count', type: 'integer', nullable: true })
  leftCount!: number | null;

  @Column({ name: 'updated_count', type: 'integer', nullable: true })
  updatedCount!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
