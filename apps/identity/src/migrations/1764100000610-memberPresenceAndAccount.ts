import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What identity tells auth and shows officers about a member's standing: whether a character of
 * theirs is in the guild (and since when), and their account's state as auth announced it.
 */
export class MemberPresenceAndAccount1764100000610 implements MigrationInterface {
  name = 'MemberPresenceAndAccount1764100000610';

  async up(queryRunner: QueryRunner): Promise<void> {
    // in_guild NULL: not worked out yet; the next run works it out for every member and announces it.
    await queryRunner.query(`
      ALTER TABLE members
        ADD COLUMN in_guild boolean,
        ADD COLUMN in_guild_since timestamptz,
        ADD COLUMN account_disabled_at timestamptz,
        ADD COLUMN account_disabled_reason text,
        ADD COLUMN account_disabled_cause text,
        ADD COLUMN account_updated_at timestamptz NOT NULL DEFAULT 'epoch'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE members DROP COLUMN in_guild, DROP COLUMN in_guild_since, DROP COLUMN account_disabled_at,
        DROP COLUMN account_disabled_reason, DROP COLUMN account_disabled_cause, DROP COLUMN account_updated_at`);
  }
}
