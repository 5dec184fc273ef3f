import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invite codes no longer come in events nor rest here: the bot takes each from auth at the moment
 * it sends the DM. Codes kept by earlier versions (waiting DMs, dead letters) are erased; a DM that
 * was waiting then asks auth, which has no code for it, and is given up on (officers are told).
 */
export class InviteCodesFromAuth1764900000200 implements MigrationInterface {
  name = 'InviteCodesFromAuth1764900000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE invite_deliveries DROP CONSTRAINT invite_code_only_while_pending');
    await queryRunner.query('ALTER TABLE invite_deliveries DROP COLUMN code');
    await queryRunner.query(`ALTER TABLE invite_deliveries DROP CONSTRAINT IF EXISTS invite_deliveries_status_check`);
    // cancelled: auth had no code to give any more (the invite was used, revoked or expired first).
    await queryRunner.query(`
      ALTER TABLE invite_deliveries ADD CONSTRAINT invite_deliveries_status_check
        CHECK (status IN ('pending', 'sent', 'refused', 'failed', 'expired', 'cancelled'))`);
    await queryRunner.query(`UPDATE dead_letters SET envelope = envelope #- '{payload,code}' WHERE subject = 'patt.auth.invite-created'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE invite_deliveries SET status = 'failed' WHERE status = 'cancelled'`);
    await queryRunner.query('ALTER TABLE invite_deliveries DROP CONSTRAINT invite_deliveries_status_check');
    await queryRunner.query(`
      ALTER TABLE invite_deliveries ADD CONSTRAINT invite_deliveries_status_check
        CHECK (status IN ('pending', 'sent', 'refused', 'failed', 'expired'))`);
    await queryRunner.query('ALTER TABLE invite_deliveries ADD COLUMN code text');
    await queryRunner.query(`ALTER TABLE invite_deliveries ADD CONSTRAINT invite_code_only_while_pending CHECK (status = 'pending' OR code IS NULL)`);
  }
}
