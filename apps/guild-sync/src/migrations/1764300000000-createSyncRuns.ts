import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSyncRuns1764300000000 implements MigrationInterface {
  name = 'CreateSyncRuns1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sync_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source text NOT NULL CHECK (source IN ('blizzard', 'addon')),
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual', 'upload')),
        status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'partial', 'failed')),
        progress_done integer NOT NULL DEFAULT 0,
        progress_total integer NOT NULL DEFAULT 0,
        counts jsonb NOT NULL,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX sync_runs_newest ON sync_runs (created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX sync_runs_newest_by_source ON sync_runs (source, created_at DESC)');
    // The advisory lock keeps runs apart; this keeps the table honest should anything slip past it.
    await queryRunner.query(`CREATE UNIQUE INDEX sync_runs_one_active ON sync_runs (source) WHERE status IN ('queued', 'running')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE sync_runs');
  }
}
