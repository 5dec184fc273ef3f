import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roster syncs and integrity reports arrive in parts; what the parts seen so far add up to is kept
 * here, so the summary is posted once, after the last part, even across restarts.
 */
export class CreateReportTallies1764100000430 implements MigrationInterface {
  name = 'CreateReportTallies1764100000430';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE roster_sync_tallies (
        run_id text PRIMARY KEY,
        parts integer NOT NULL,
        parts_seen integer[] NOT NULL DEFAULT '{}',
        characters integer NOT NULL DEFAULT 0,
        changes jsonb NOT NULL DEFAULT '[]',
        synced_at timestamptz NOT NULL,
        completed_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE integrity_report_tallies (
        report_id text PRIMARY KEY,
        full_report boolean NOT NULL,
        parts integer NOT NULL,
        parts_seen integer[] NOT NULL DEFAULT '{}',
        open_count integer NOT NULL,
        opened jsonb NOT NULL DEFAULT '[]',
        resolved jsonb NOT NULL DEFAULT '[]',
        received_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE integrity_report_tallies');
    await queryRunner.query('DROP TABLE roster_sync_tallies');
  }
}
