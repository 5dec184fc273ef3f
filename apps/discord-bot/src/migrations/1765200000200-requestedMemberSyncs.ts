import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member sync an officer asks of a replica standing by (without the Discord gateway session) is
 * queued as `requested`, and the replica holding the session runs it under the same id.
 */
export class RequestedMemberSyncs1765200000200 implements MigrationInterface {
  name = 'RequestedMemberSyncs1765200000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE member_syncs DROP CONSTRAINT member_syncs_status_check');
    await queryRunner.query(
      `ALTER TABLE member_syncs ADD CONSTRAINT member_syncs_status_check CHECK (status IN ('requested', 'running', 'succeeded', 'failed', 'abandoned'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // A request nobody ran is gone with the state that could run it.
    await queryRunner.query(`UPDATE member_syncs SET status = 'abandoned', finished_at = now() WHERE status = 'requested'`);
    await queryRunner.query('ALTER TABLE member_syncs DROP CONSTRAINT member_syncs_status_check');
    await queryRunner.query(
      `ALTER TABLE member_syncs ADD CONSTRAINT member_syncs_status_check CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned'))`,
    );
  }
}
