import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integrity issues and the reports officers asked for. One open issue per hash (type and
 * subjects) is the database's rule, not the application's: a second insert of an open hash does
 * nothing, however two runs race.
 */
export class CreateIntegrityIssues1764100000400 implements MigrationInterface {
  name = 'CreateIntegrityIssues1764100000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Subjects carry no foreign keys: an issue outlives the member or link it was about.
    await queryRunner.query(`
      CREATE TABLE integrity_issues (
        id uuid PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('orphan_character', 'orphan_discord', 'role_mismatch', 'no_guild_role', 'stale_character', 'rank_changed')),
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        hash text NOT NULL,
        summary text NOT NULL,
        character_id uuid,
        discord_user_id text,
        person_id uuid,
        first_detected_at timestamptz NOT NULL,
        last_detected_at timestamptz NOT NULL,
        resolved_at timestamptz
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX integrity_issues_open_hash ON integrity_issues (hash) WHERE resolved_at IS NULL');
    await queryRunner.query('CREATE INDEX integrity_issues_listed ON integrity_issues (first_detected_at DESC, id)');
    await queryRunner.query('CREATE INDEX integrity_issues_resolved_at ON integrity_issues (resolved_at) WHERE resolved_at IS NOT NULL');

    await queryRunner.query(`
      CREATE TABLE integrity_reports (
        id uuid PRIMARY KEY,
        full_report boolean NOT NULL,
        since timestamptz,
        opened integer NOT NULL,
        resolved integer NOT NULL,
        open_count integer NOT NULL,
        requested_by_user_id uuid,
        requested_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX integrity_reports_created ON integrity_reports (created_at DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE integrity_reports');
    await queryRunner.query('DROP TABLE integrity_issues');
  }
}
