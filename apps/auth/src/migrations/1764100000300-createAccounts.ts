import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccounts1764100000300 implements MigrationInterface {
  name = 'CreateAccounts1764100000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    // What auth knows of members (from identity's events): enough to check a registration and
    // to put the rank into tokens.
    await queryRunner.query(`
      CREATE TABLE members (
        person_id uuid PRIMARY KEY,
        discord_user_id text,
        discord_username text,
        rank_level smallint NOT NULL DEFAULT 1,
        -- Links and ranks arrive on different subjects, in no set order between them:
        -- each keeps the time of the fact it holds, so an older one never overwrites a newer.
        link_updated_at timestamptz NOT NULL DEFAULT 'epoch',
        rank_updated_at timestamptz NOT NULL DEFAULT 'epoch'
      )`);
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        person_id uuid UNIQUE,
        -- Set for the bootstrap Guild Leader, who may have no member behind them.
        rank_override smallint,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX users_username ON users (lower(username))');
    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)');
    await queryRunner.query(`
      CREATE TABLE invites (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL,
        discord_user_id text NOT NULL,
        discord_username text NOT NULL,
        code_hash text NOT NULL UNIQUE,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        used_by uuid
      )`);
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE attempts (
        key text NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query('CREATE INDEX attempts_key_at ON attempts (key, at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['attempts', 'api_keys', 'invites', 'refresh_tokens', 'users', 'members']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
