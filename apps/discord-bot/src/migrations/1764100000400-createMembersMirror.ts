import { MigrationInterface, QueryRunner } from 'typeorm';

/** The mirror of the Discord server: its members (present or gone), its roles, and the full syncs. */
export class CreateMembersMirror1764100000400 implements MigrationInterface {
  name = 'CreateMembersMirror1764100000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE discord_members (
        user_id text PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        role_ids text[] NOT NULL DEFAULT '{}',
        present boolean NOT NULL DEFAULT true,
        joined_at timestamptz,
        left_at timestamptz,
        observed_at timestamptz NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX discord_members_by_name ON discord_members (lower(display_name), user_id)');
    await queryRunner.query(`
      CREATE TABLE discord_roles (
        role_id text PRIMARY KEY,
        name text NOT NULL,
        position integer NOT NULL,
        color integer NOT NULL DEFAULT 0,
        managed boolean NOT NULL DEFAULT false,
        observed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE member_syncs (
        id uuid PRIMARY KEY,
        trigger text NOT NULL CHECK (trigger IN ('connect', 'resume', 'schedule', 'manual')),
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned')),
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        member_count integer,
        joined_count integer,
        left_count integer,
        updated_count integer,
        error text
      )`);
    await queryRunner.query('CREATE INDEX member_syncs_by_start ON member_syncs (started_at DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE member_syncs');
    await queryRunner.query('DROP TABLE discord_roles');
    await queryRunner.query('DROP TABLE discord_members');
  }
}
