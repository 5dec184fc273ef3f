import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time password-reset links (the bot's /reset-password): only the token's SHA-256 rests here.
 * A link is spent (`used_at`) when a password is set with it, or revoked when a newer one is made
 * or the password changes otherwise; it works for 30 minutes.
 */
export class PasswordResets1765000000700 implements MigrationInterface {
  name = 'PasswordResets1765000000700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE password_resets (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX password_resets_user_id ON password_resets (user_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE password_resets');
  }
}
