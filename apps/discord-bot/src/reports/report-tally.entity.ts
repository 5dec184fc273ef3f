import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IssueSummary } from '@patt/contracts';
import type { SummarisedChange } from './roster-summary';

/** What the parts of one roster-synced run seen so far add up to (the ledger says which were seen). */
@Entity({ name: 'roster_sync_tallies' })
export class RosterSyncTallyEntity {
  @PrimaryColumn({ name: 'run_id', type: 'text' })
  runId!: string;

  @Column({ type: 'integer' })
  characters!: number;

  @Column({ type: 'jsonb' })
  changes!: SummarisedChange[];

  @Column({ name: 'synced_at', type: 'timestamptz' })
  syncedAt!: Date;
}

/** What the parts of one integrity report seen so far add up to. */
@Entity({ name: 'integrity_report_tallies' })
export class IntegrityReportTallyEntity {
  @PrimaryColumn({ name: 'report_id', type: 'text' })
  reportId!: string;

  @Column({ name: 'full_report', type: 'boolean' })
  fullReport!: boolean;

  @Column({ name: 'open_count', type: 'integer' })
  openCount!: number;

  @Column({ type: 'jsonb' })
  opened!: IssueSummary[];

  @Column({ type: 'jsonb' })
  resolved!: IssueSummary[];

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
