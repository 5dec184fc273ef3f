import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The conflicts of the last matching run, for officers to read: evidence the engine saw and did
 * not act on. Each run makes the table exactly its conflicts; one row per kind and subjects (the
 * hash), kept while runs keep finding it, so it has a stable id and a first sighting.
 * (matching_runs keeps each run's first few hundred as its history.)
 */
export class CreateMatchingConflicts1765000000200 implements MigrationInterface {
  name = 'CreateMatchingConflicts1765000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Subjects carry no foreign keys: the run that finds a conflict has just read them, and the next run rewrites the table.
    await queryRunner.query(`
      CREATE TABLE matching_conflicts (
        id uuid PRIMARY KEY,
        hash text NOT NULL UNIQUE,
        kind text NOT NULL,
        summary text NOT NULL,
        character_ids uuid[] NOT NULL,
        discord_user_ids text[] NOT NULL,
        person_ids uuid[] NOT NULL,
        facts jsonb NOT NULL,
        first_detected_at timestamptz NOT NULL,
        last_detected_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX matching_conflicts_listed ON matching_conflicts (first_detected_at DESC, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE matching_conflicts');
  }
}
