import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signing in with a provider (Discord): the flows started and not yet finished, and accounts
 * without a password (made by signing in with Discord; one can be set later).
 *
 * `oauth_states` keeps, per started flow, only hashes of what the browser holds (the state, the
 * binding cookie) and the PKCE verifier, which never leaves auth. `provider` names the flow, so a
 * later one (linking Battle.net) can keep its states here too; `user_id` is for flows started by a
 * signed-in account.
 */
export class OAuthSignIn1765000000100 implements MigrationInterface {
  name = 'OAuthSignIn1765000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE oauth_states (
        state_hash text PRIMARY KEY,
        provider text NOT NULL,
        browser_hash text NOT NULL,
        code_verifier text NOT NULL,
        redirect_uri text NOT NULL,
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX oauth_states_expires_at ON oauth_states (expires_at)');
    await queryRunner.query('CREATE INDEX members_discord_user_id ON members (discord_user_id)');
    await queryRunner.query('ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL');
    await queryRunner.query(`ALTER TABLE users ADD COLUMN created_by_provider text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE oauth_states');
    await queryRunner.query('DROP INDEX members_discord_user_id');
    // Accounts without a password cannot be kept by the older schema: they get one nobody knows
    // (not a bcrypt hash, so no password matches it) and can sign in with Discord no more.
    await queryRunner.query(`UPDATE users SET password_hash = '!' WHERE password_hash IS NULL`);
    await queryRunner.query('ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL');
    await queryRunner.query('ALTER TABLE users DROP COLUMN created_by_provider');
  }
}
