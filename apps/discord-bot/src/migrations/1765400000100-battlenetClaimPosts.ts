import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'integrity_report', 'roster_summary', 'invite_not_delivered', 'vote_announcement', 'battlenet_reminder'`;

/** The audit channel's line when a member's Battle.net account proved characters (`characters-claimed`). */
export class BattlenetClaimPosts1765400000100 implements MigrationInterface {
  name = 'BattlenetClaimPosts1765400000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE channel_posts DROP CONSTRAINT channel_posts_kind_check');
    await queryRunner.query(`ALTER TABLE channel_posts ADD CONSTRAINT channel_posts_kind_check CHECK (kind IN (${KINDS_BEFORE}, 'battlenet_claim'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM channel_posts WHERE kind = 'battlenet_claim'`);
    await queryRunner.query('ALTER TABLE channel_posts DROP CONSTRAINT channel_posts_kind_check');
    await queryRunner.query(`ALTER TABLE channel_posts ADD CONSTRAINT channel_posts_kind_check CHECK (kind IN (${KINDS_BEFORE}))`);
  }
}
