import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invite codes never rest in plain text: the code waits for the Discord bot sealed (AES-GCM under
 * a key only auth holds), is erased when the bot takes it, and no event carries it. Officers see
 * each invite's delivery and may revoke one.
 */
export class InviteDelivery1764100000500 implements MigrationInterface {
  name = 'InviteDelivery1764100000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Invites made before: their codes went out in their events, so the bot took them ('sending').
    await queryRunner.query(`
      ALTER TABLE invites
        ADD COLUMN sealed_code text,
        ADD COLUMN revoked_at timestamptz,
        ADD COLUMN revoked_by uuid,
        ADD COLUMN delivery text NOT NULL DEFAULT 'sending'
          CHECK (delivery IN ('pending', 'sending', 'sent', 'refused', 'failed', 'not_sent')),
        ADD COLUMN delivery_reason text,
        ADD COLUMN delivery_updated_at timestamptz NOT NULL DEFAULT now()`);
    await queryRunner.query(`ALTER TABLE invites ALTER COLUMN delivery SET DEFAULT 'pending'`);
    // The database holds the rule: a sealed code exists only while the bot may still take it.
    await queryRunner.query(`
      ALTER TABLE invites ADD CONSTRAINT invite_code_only_while_pending
        CHECK (sealed_code IS NULL OR (delivery = 'pending' AND used_at IS NULL AND revoked_at IS NULL))`);
    await queryRunner.query('CREATE INDEX invites_of_member ON invites (person_id, created_at DESC)');
    // Events written before kept the code; those still in the outbox lose it.
    await queryRunner.query(`UPDATE outbox SET payload = payload - 'code' WHERE subject = 'patt.auth.invite-created' AND payload ? 'code'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX invites_of_member');
    await queryRunner.query('ALTER TABLE invites DROP CONSTRAINT invite_code_only_while_pending');
    await queryRunner.query(`
      ALTER TABLE invites DROP COLUMN sealed_code, DROP COLUMN revoked_at, DROP COLUMN revoked_by, DROP COLUMN delivery,
        DROP COLUMN delivery_reason, DROP COLUMN delivery_updated_at`);
  }
}
