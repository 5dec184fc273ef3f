import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts that follow membership: disabled by an officer (with a reason) or by themselves once
 * their member has had no character in the guild for ACCOUNT_GRACE_DAYS; sign-ins that end 90
 * days after they began; API keys judged by their maker.
 */
export class AccountLifecycle1764100000400 implements MigrationInterface {
  name = 'AccountLifecycle1764100000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    // disabled_*: all set or all null. enabled_by_officer_at: an officer's enable holds for the
    // absence it was given in; the member leaving the guild again starts a new one.
    await queryRunner.query(`
      ALTER TABLE users
        ADD COLUMN disabled_at timestamptz,
        ADD COLUMN disabled_reason text,
        ADD COLUMN disabled_cause text CHECK (disabled_cause IN ('officer', 'left_guild')),
        ADD COLUMN disabled_by uuid,
        ADD COLUMN enabled_by_officer_at timestamptz,
        ADD CONSTRAINT users_disabled_whole CHECK (
          (disabled_at IS NULL) = (disabled_reason IS NULL) AND (disabled_at IS NULL) = (disabled_cause IS NULL))`);
    // What identity says of the member's presence in the guild (member-in-guild-changed); NULL
    // while it has not said, and then nothing is disabled.
    await queryRunner.query(`
      ALTER TABLE members
        ADD COLUMN in_guild boolean,
        ADD COLUMN in_guild_since timestamptz,
        ADD COLUMN presence_updated_at timestamptz NOT NULL DEFAULT 'epoch'`);
    // A sign-in's first moment, carried by every token of its family: none outlives it by 90 days.
    await queryRunner.query('ALTER TABLE refresh_tokens ADD COLUMN login_started_at timestamptz');
    await queryRunner.query(`
      UPDATE refresh_tokens t SET login_started_at = f.started
        FROM (SELECT family_id, min(created_at) AS started FROM refresh_tokens GROUP BY family_id) f
       WHERE t.family_id = f.family_id`);
    await queryRunner.query('ALTER TABLE refresh_tokens ALTER COLUMN login_started_at SET NOT NULL');
    await queryRunner.query('CREATE INDEX refresh_tokens_live_of_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX refresh_tokens_live_of_user');
    await queryRunner.query('ALTER TABLE refresh_tokens DROP COLUMN login_started_at');
    await queryRunner.query('ALTER TABLE members DROP COLUMN in_guild, DROP COLUMN in_guild_since, DROP COLUMN presence_updated_at');
    await queryRunner.query(`
      ALTER TABLE users DROP CONSTRAINT users_disabled_whole,
        DROP COLUMN disabled_at, DROP COLUMN disabled_reason, DROP COLUMN disabled_cause, DROP COLUMN disabled_by,
        DROP COLUMN enabled_by_officer_at`);
  }
}
