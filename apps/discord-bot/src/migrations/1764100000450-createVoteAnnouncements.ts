import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'integrity_report', 'roster_summary', 'invite_not_delivered'`;

/**
 * Votes announced on Discord. `vote_announcements` holds each campaign event the bot heard of,
 * once (by its sequence and by its key), with what was decided about it (post it, or not: quiet
 * chattiness, announcements off, no channel). A campaign's events are posted in their sequence: one
 * that arrives before an earlier one waits (`held`) until the earlier one has been recorded, and
 * `vote_campaigns.announced_through` says how far a campaign's announcements have gone.
 */
export class CreateVoteAnnouncements1764100000450 implements MigrationInterface {
  name = 'CreateVoteAnnouncements1764100000450';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE channel_posts DROP CONSTRAINT channel_posts_kind_check');
    await queryRunner.query(`ALTER TABLE channel_posts ADD CONSTRAINT channel_posts_kind_check CHECK (kind IN (${KINDS_BEFORE}, 'vote_announcement'))`);
    await queryRunner.query(`
      CREATE TABLE vote_campaigns (
        campaign_id uuid PRIMARY KEY,
        title text NOT NULL,
        announced_through integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE vote_announcements (
        campaign_id uuid NOT NULL REFERENCES vote_campaigns (campaign_id) ON DELETE CASCADE,
        sequence integer NOT NULL CHECK (sequence >= 1),
        key text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('opened', 'milestone', 'closed')),
        event_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        decision text NOT NULL CHECK (decision IN ('post', 'quiet', 'off', 'no_channel')),
        channel_id text,
        body jsonb,
        status text NOT NULL CHECK (status IN ('held', 'released', 'late')),
        post_id bigint REFERENCES channel_posts (id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz,
        PRIMARY KEY (campaign_id, sequence),
        CONSTRAINT vote_announcement_once UNIQUE (campaign_id, key),
        CONSTRAINT vote_announcement_body_until_released CHECK (status <> 'held' OR decision <> 'post' OR body IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX vote_announcements_held ON vote_announcements (recorded_at) WHERE status = 'held'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE vote_announcements');
    await queryRunner.query('DROP TABLE vote_campaigns');
    await queryRunner.query(`DELETE FROM channel_posts WHERE kind = 'vote_announcement'`);
    await queryRunner.query('ALTER TABLE channel_posts DROP CONSTRAINT channel_posts_kind_check');
    await queryRunner.query(`ALTER TABLE channel_posts ADD CONSTRAINT channel_posts_kind_check CHECK (kind IN (${KINDS_BEFORE}))`);
  }
}
