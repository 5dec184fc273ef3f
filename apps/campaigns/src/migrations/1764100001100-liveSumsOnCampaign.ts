import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A live campaign's running sums move from its entries to its own row, beside the count of
 * ballots, with the milestones it has reached: a ballot then updates one row (the one whose lock
 * orders ballots, milestones and the close) and reads back exactly what it left, in one statement.
 * `entry_ids` is the campaign's entries in order, fixed at the opening; `place_counts` holds, for
 * the i-th of them (from 0) and rank r, the ballots that ranked it r at i × picks_per_voter + r.
 */
export class LiveSumsOnCampaign1764100001100 implements MigrationInterface {
  name = 'LiveSumsOnCampaign1764100001100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE campaigns
        ADD COLUMN entry_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN place_counts integer[] NOT NULL DEFAULT '{}',
        ADD COLUMN milestone_keys text[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`
      UPDATE campaigns c SET entry_ids = ARRAY(SELECT e.id FROM entries e WHERE e.campaign_id = c.id ORDER BY e.sort_order, e.created_at, e.id)
       WHERE c.status <> 'draft'`);
    await queryRunner.query(`
      UPDATE campaigns c SET place_counts = ARRAY(
        SELECT (SELECT count(*)::int FROM ballot_picks p JOIN ballots b ON b.id = p.ballot_id
                 WHERE b.campaign_id = c.id AND p.entry_id = e.id AND p.rank = r)
          FROM unnest(c.entry_ids) WITH ORDINALITY AS e (id, i), generate_series(1, c.picks_per_voter) AS r
         ORDER BY e.i, r)
       WHERE c.status <> 'draft'`);
    await queryRunner.query('UPDATE campaigns c SET milestone_keys = ARRAY(SELECT m.key FROM milestones m WHERE m.campaign_id = c.id ORDER BY m.sequence)');
    await queryRunner.query('ALTER TABLE entries DROP COLUMN points, DROP COLUMN place_counts');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE entries ADD COLUMN points integer NOT NULL DEFAULT 0, ADD COLUMN place_counts integer[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`
      UPDATE entries e SET place_counts = c.place_counts[(x.i - 1) * c.picks_per_voter + 1 : x.i * c.picks_per_voter]
        FROM campaigns c, unnest(c.entry_ids) WITH ORDINALITY AS x (id, i)
       WHERE c.id = e.campaign_id AND x.id = e.id`);
    await queryRunner.query(`
      UPDATE entries e SET points = coalesce((SELECT sum(v * (c.picks_per_voter - r + 1)) FROM unnest(e.place_counts) WITH ORDINALITY AS u (v, r)), 0)
        FROM campaigns c WHERE c.id = e.campaign_id`);
    await queryRunner.query('ALTER TABLE campaigns DROP COLUMN entry_ids, DROP COLUMN place_counts, DROP COLUMN milestone_keys');
  }
}
