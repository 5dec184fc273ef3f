import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Throttles that cannot be raced: one row per throttle key holding the times of its attempts in
 * the window, so that checking the limit and counting the attempt is one atomic upsert (the row's
 * lock serialises concurrent attempts, and each sees the others'). `attempts` keeps only the
 * places members signed in from (login-ok), which are a record, not a limit.
 */
export class ThrottleWindows1764100000600 implements MigrationInterface {
  name = 'ThrottleWindows1764100000600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE throttle_windows (
        key text PRIMARY KEY,
        window_seconds integer NOT NULL CHECK (window_seconds > 0),
        max_attempts integer NOT NULL CHECK (max_attempts > 0),
        attempts timestamptz[] NOT NULL
      )`);
    await queryRunner.query(`DELETE FROM attempts WHERE key NOT LIKE 'login-ok:%'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE throttle_windows');
  }
}
