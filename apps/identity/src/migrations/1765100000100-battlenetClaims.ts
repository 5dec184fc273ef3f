import { MigrationInterface, QueryRunner } from 'typeorm';

const METHODS_BEFORE = `'manual', 'import', 'note_key', 'note_hint', 'exact_name', 'suggestion_confirmed'`;
const ISSUES_BEFORE = `'orphan_character', 'orphan_discord', 'role_mismatch', 'no_guild_role', 'stale_character', 'rank_changed'`;

/**
 * Battle.net claims: the account a member linked, and every character it proved, kept by
 * Blizzard's character id so that a character not (yet) in the guild links when it joins. Links
 * gain the method `battlenet`, issues the type `claim_conflict`. The user's Blizzard token is
 * kept nowhere.
 */
export class BattlenetClaims1765100000100 implements MigrationInterface {
  name = 'BattlenetClaims1765100000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE links DROP CONSTRAINT links_method_check');
    await queryRunner.query(`ALTER TABLE links ADD CONSTRAINT links_method_check CHECK (method IN (${METHODS_BEFORE}, 'battlenet'))`);
    await queryRunner.query('ALTER TABLE integrity_issues DROP CONSTRAINT integrity_issues_type_check');
    await queryRunner.query(`ALTER TABLE integrity_issues ADD CONSTRAINT integrity_issues_type_check CHECK (type IN (${ISSUES_BEFORE}, 'claim_conflict'))`);
    await queryRunner.query(`
      CREATE TABLE battlenet_accounts (
        person_id uuid PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
        account_id bigint NOT NULL,
        battletag text,
        linked_by_user_id uuid NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        refreshed_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One Battle.net account is one member's: a second member linking it is refused by the claim.
    await queryRunner.query('CREATE UNIQUE INDEX battlenet_accounts_account ON battlenet_accounts (account_id)');
    await queryRunner.query(`
      CREATE TABLE battlenet_claims (
        person_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        blizzard_character_id bigint NOT NULL,
        name text NOT NULL,
        realm_slug text NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (person_id, blizzard_character_id)
      )`);
    await queryRunner.query('CREATE INDEX battlenet_claims_character ON battlenet_claims (blizzard_character_id)');
    // When an officer last had a member reminded by DM: a member is reminded at most once a day.
    await queryRunner.query(`
      CREATE TABLE battlenet_reminders (
        person_id uuid PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
        reminded_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE battlenet_reminders');
    await queryRunner.query('DROP TABLE battlenet_claims');
    await queryRunner.query('DROP TABLE battlenet_accounts');
    await queryRunner.query(`DELETE FROM integrity_issues WHERE type = 'claim_conflict'`);
    await queryRunner.query('ALTER TABLE integrity_issues DROP CONSTRAINT integrity_issues_type_check');
    await queryRunner.query(`ALTER TABLE integrity_issues ADD CONSTRAINT integrity_issues_type_check CHECK (type IN (${ISSUES_BEFORE}))`);
    // Claimed links go with the method: the characters become nobody's until the next matching run.
    await queryRunner.query(`DELETE FROM links WHERE method = 'battlenet'`);
    await queryRunner.query('ALTER TABLE links DROP CONSTRAINT links_method_check');
    await queryRunner.query(`ALTER TABLE links ADD CONSTRAINT links_method_check CHECK (method IN (${METHODS_BEFORE}))`);
  }
}
