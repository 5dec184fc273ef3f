import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'integrity_report', 'roster_summary', 'invite_not_delivered', 'vote_announcement'`;

/**
 * The post queue also carries direct messages to members (`recipient_user_id`), first the officers'
 * Battle.net reminders: queued in the event's transaction, posted in order by the same worker with
 * the same nonce, so a reminder is neither lost nor sent twice.
 */
export class DirectMessagePosts1765100000300 implements MigrationInterface {
  name = 'DirectMessagePosts1765100000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE channel_posts ADD COLUMN recipient_user_id text');
    await queryRunner.query('ALTER TABLE channel_posts DROP CONSTRAINT channel_posts_kind_check');
    await queryRunner.query(`ALTER TABLE channel_posts ADD CONSTRAINT channel_posts_kind_check CHECK (kind IN (${KINDS_BEFORE}, 'battlenet_reminder'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM channel_posts WHERE kind = 'battlenet_reminder' OR recipient_user_id IS NOT NULL`);
    await queryRunner.query('ALTER TABLE channel_posts DROP CONSTRAINT channel_posts_kind_check');
    await queryRunner.query(`ALTER TABLE channel_posts ADD CONSTRAINT channel_posts_kind_check CHECK (kind IN (${KINDS_BEFORE}))`);
    await queryRunner.query('ALTER TABLE channel_posts DROP COLUMN recipient_user_id');
  }
}
