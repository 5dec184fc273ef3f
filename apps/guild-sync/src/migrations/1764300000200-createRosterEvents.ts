import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRosterEvents1764300000200 implements MigrationInterface {
  name = 'CreateRosterEvents1764300000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The name and realm are kept as they were when it happened: a history outlives renames.
    // `seq` orders the events of one run, which share their time.
    await queryRunner.query(`
      CREATE TABLE roster_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        run_id uuid REFERENCES sync_runs (id) ON DELETE SET NULL,
        character_id uuid NOT NULL REFERENCES characters (id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('joined', 'left', 'rejoined', 'rank_changed', 'renamed', 'level_changed', 'note_changed')),
        character_name text NOT NULL,
        realm_slug text NOT NULL,
        from_value text,
        to_value text,
        at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX roster_events_newest ON roster_events (at DESC, seq DESC)');
    await queryRunner.query('CREATE INDEX roster_events_by_type ON roster_events (type, at DESC, seq DESC)');
    await queryRunner.query('CREATE INDEX roster_events_by_character ON roster_events (character_id, at DESC, seq DESC)');
    await queryRunner.query('CREATE INDEX roster_events_by_run ON roster_events (run_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE roster_events');
  }
}
