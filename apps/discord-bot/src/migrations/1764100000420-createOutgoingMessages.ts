import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the bot has to say, queued in the same transaction as the event that asks for it and sent
 * by a worker: invite DMs (the code is held only until the DM is sent or refused) and posts to the
 * officers' audit channel, in order.
 */
export class CreateOutgoingMessages1764100000420 implements MigrationInterface {
  name = 'CreateOutgoingMessages1764100000420';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE invite_deliveries (
        invite_id uuid PRIMARY KEY,
        person_id uuid NOT NULL,
        discord_user_id text NOT NULL,
        code text,
        expires_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'refused', 'failed', 'expired')),
        attempts integer NOT NULL DEFAULT 0,
        retry_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        settled_at timestamptz,
        CONSTRAINT invite_code_only_while_pending CHECK (status = 'pending' OR code IS NULL)
      )`);
    await queryRunner.query(`CREATE INDEX invite_deliveries_pending ON invite_deliveries (created_at) WHERE status = 'pending'`);
    await queryRunner.query(`
      CREATE TABLE audit_posts (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('integrity_report', 'roster_summary', 'invite_not_delivered')),
        body jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'posted', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        retry_at timestamptz,
        last_error text,
        message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        posted_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX audit_posts_pending ON audit_posts (id) WHERE status = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_posts');
    await queryRunner.query('DROP TABLE invite_deliveries');
  }
}
