import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { AddonUploadSummary, SyncRun, SyncRunCounts, SyncRunStatus, SyncSource, SyncTrigger } from '@patt/contracts';

export const NO_COUNTS: Readonly<SyncRunCounts> = {
  found: 0,
  added: 0,
  updated: 0,
  removed: 0,
  rankChanges: 0,
  notModified: 0,
  profileErrors: 0,
};

export const ACTIVE_STATUSES: readonly SyncRunStatus[] = ['queued', 'running'];

@Entity({ name: 'sync_runs' })
export class SyncRunEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  source!: SyncSource;

  @Column({ type: 'text' })
  trigger!: SyncTrigger;

  @Column({ type: 'text' })
  status!: SyncRunStatus;

  @Column({ name: 'progress_done', type: 'integer' })
  progressDone!: number;

  @Column({ name: 'progress_total', type: 'integer' })
  progressTotal!: number;

  @Column({ type: 'jsonb' })
  counts!: SyncRunCounts;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** Set on addon runs only: what the upload brought and whether it was applied. */
  @Column({ type: 'jsonb', nullable: true })
  upload!: AddonUploadSummary | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  toSyncRun(): SyncRun {
    return {
      id: this.id,
      source: this.source,
      trigger: this.trigger,
      status: this.status,
      progress: { done: this.progressDone, total: this.progressTotal },
      counts: { ...NO_COUNTS, ...this.counts },
      startedAt: this.startedAt?.toISOString() ?? null,
      finishedAt: this.finishedAt?.toISOString() ?? null,
      error: this.error,
      upload: this.upload ?? null,
    };
  }
}
