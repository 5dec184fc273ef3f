import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_KINDS = `'integrity_report', 'roster_summary', 'invite_not_delivered'`;

/**
 * The audit channel's queue becomes the queue of every channel post (`channel_posts`: a channel,
 * or null for the audit channel), and each post gets a nonce the worker sends with
 * `enforce_nonce`, so a post Discord accepted just before the bot died is not posted twice when it
 * is tried again.
 */
export class CreateChannelPosts1764100000440 implements MigrationInterface {
  name = 'CreateChannelPosts1764100000440';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_posts RENAME TO channel_posts');
    await queryRunner.query('ALTER SEQUENCE audit_posts_id_seq RENAME TO channel_posts_id_seq');
    await queryRunner.query('ALTER INDEX audit_posts_pkey RENAME TO channel_posts_pkey');
    await queryRunner.query('ALTER INDEX audit_posts_pending RENAME TO channel_posts_pending');
    await queryRunner.query('ALTER TABLE channel_posts RENAME CONSTRAINT audit_posts_status_check TO channel_posts_status_check');
    await queryRunner.query('ALTER TABLE channel_posts DROP CONSTRAINT audit_posts_kind_check');
    await queryRunner.query(`ALTER TABLE channel_posts ADD CONSTRAINT channel_posts_kind_check CHECK (kind IN (${OLD_KINDS}))`);
    await queryRunner.query('ALTER TABLE channel_posts ADD COLUMN channel_id text');
    // 25 characters, Discord's longest nonce: 100 random bits.
    await queryRunner.query(`ALTER TABLE channel_posts ADD COLUMN nonce text NOT NULL DEFAULT substr(md5(random()::text || clock_timestamp()::text), 1, 25)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM channel_posts WHERE channel_id IS NOT NULL`);
    await queryRunner.query('ALTER TABLE channel_posts DROP COLUMN nonce');
    await queryRunner.query('ALTER TABLE channel_posts DROP COLUMN channel_id');
    await queryRunner.query('ALTER TABLE channel_posts DROP CONSTRAINT channel_posts_kind_check');
    await queryRunner.query(`ALTER TABLE channel_posts ADD CONSTRAINT audit_posts_kind_check CHECK (kind IN (${OLD_KINDS}))`);
    await queryRunner.query('ALTER TABLE channel_posts RENAME CONSTRAINT channel_posts_status_check TO audit_posts_status_check');
    await queryRunner.query('ALTER INDEX channel_posts_pending RENAME TO audit_posts_pending');
    await queryRunner.query('ALTER INDEX channel_posts_pkey RENAME TO audit_posts_pkey');
    await queryRunner.query('ALTER SEQUENCE channel_posts_id_seq RENAME TO audit_posts_id_seq');
    await queryRunner.query('ALTER TABLE channel_posts RENAME TO audit_posts');
  }
}
