import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The votes: campaigns with their entries, the ballots with their picks, the results stored at
 * the close, the milestones decided while live, and the projection of accounts (who may vote,
 * and how many are eligible) fed by auth's and identity's events.
 */
export class CreateCampaigns1764100001000 implements MigrationInterface {
  name = 'CreateCampaigns1764100001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        description text,
        method text NOT NULL CHECK (method IN ('points', 'instant_runoff')),
        picks_per_voter smallint NOT NULL CHECK (picks_per_voter BETWEEN 1 AND 10),
        min_rank_to_vote smallint NOT NULL CHECK (min_rank_to_vote BETWEEN 1 AND 5),
        min_rank_to_view smallint CHECK (min_rank_to_view BETWEEN 1 AND 5),
        starts_at timestamptz NOT NULL,
        duration_hours integer NOT NULL CHECK (duration_hours BETWEEN 1 AND 720),
        -- Always starts_at + duration_hours; kept so that the schedule finds what is due by index.
        ends_at timestamptz NOT NULL,
        early_close_when_all_voted boolean NOT NULL,
        discord_channel_id text,
        announcements_enabled boolean NOT NULL,
        chattiness text NOT NULL CHECK (chattiness IN ('quiet', 'normal', 'hype')),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'live', 'closed')),
        created_by uuid NOT NULL,
        created_by_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        opened_at timestamptz,
        opened_by text CHECK (opened_by IN ('officer', 'schedule')),
        closed_at timestamptz,
        close_reason text CHECK (close_reason IN ('officer', 'ended', 'all_voted')),
        -- Eligible voters counted at the close; while draft or live they are counted when asked.
        eligible_at_close integer,
        -- Ballots cast, kept with each ballot under the campaign's row lock.
        voted integer NOT NULL DEFAULT 0,
        -- The last event's sequence (campaign-opened is 1): the next event takes the next number.
        event_sequence integer NOT NULL DEFAULT 0,
        -- The entry that last stood alone at the top, and how many times that changed.
        leader_entry_id uuid,
        lead_changes integer NOT NULL DEFAULT 0,
        CHECK (ends_at = starts_at + make_interval(hours => duration_hours)),
        CHECK ((status = 'draft') = (opened_at IS NULL)),
        CHECK ((status = 'closed') = (closed_at IS NOT NULL AND close_reason IS NOT NULL AND eligible_at_close IS NOT NULL))
      )`);
    await queryRunner.query('CREATE INDEX campaigns_newest ON campaigns (created_at DESC, id)');
    await queryRunner.query(`CREATE INDEX campaigns_due_to_open ON campaigns (starts_at) WHERE status = 'draft'`);
    await queryRunner.query(`CREATE INDEX campaigns_live_by_end ON campaigns (ends_at) WHERE status = 'live'`);

    await queryRunner.query(`
      CREATE TABLE entries (
        id uuid PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        name text NOT NULL,
        description text,
        image_url text,
        sort_order integer NOT NULL,
        person_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Running sums while live (set to zero at the opening): points, and the ballots that
        -- ranked it 1st, 2nd, … ([firsts, seconds, …]). They decide the leader of each ballot's
        -- standings; the results themselves are counted from the ballots.
        points integer NOT NULL DEFAULT 0,
        place_counts integer[] NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query('CREATE INDEX entries_of_campaign ON entries (campaign_id, sort_order)');

    await queryRunner.query(`
      CREATE TABLE ballots (
        id uuid PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        person_id uuid NOT NULL,
        user_id uuid NOT NULL,
        cast_at timestamptz NOT NULL DEFAULT now(),
        -- One ballot per member and campaign: the constraint decides, not a read before the write.
        CONSTRAINT ballots_one_per_member UNIQUE (campaign_id, person_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE ballot_picks (
        ballot_id uuid NOT NULL REFERENCES ballots (id) ON DELETE CASCADE,
        entry_id uuid NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        rank smallint NOT NULL CHECK (rank BETWEEN 1 AND 10),
        PRIMARY KEY (ballot_id, rank),
        UNIQUE (ballot_id, entry_id)
      )`);

    await queryRunner.query(`
      CREATE TABLE results (
        campaign_id uuid PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
        -- The final CampaignResults (every entry present), as counted in the close's transaction.
        results jsonb NOT NULL,
        counted_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE milestones (
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        -- The milestone's name, or lead_change:<n>: each is reached once.
        key text NOT NULL,
        milestone text NOT NULL,
        sequence integer NOT NULL,
        reached_at timestamptz NOT NULL DEFAULT now(),
        voted integer NOT NULL,
        eligible integer NOT NULL,
        PRIMARY KEY (campaign_id, key),
        UNIQUE (campaign_id, sequence)
      )`);

    // Who may vote: members (identity's rank) and their accounts (auth's, enabled or not). Each
    // fact keeps the time it was true at, so an older event never overwrites a newer one.
    await queryRunner.query(`
      CREATE TABLE members (
        person_id uuid PRIMARY KEY,
        rank_level smallint NOT NULL CHECK (rank_level BETWEEN 1 AND 5),
        rank_updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE accounts (
        user_id uuid PRIMARY KEY,
        person_id uuid NOT NULL,
        enabled boolean NOT NULL,
        enabled_updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX accounts_person ON accounts (person_id) WHERE enabled');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['accounts', 'members', 'milestones', 'results', 'ballot_picks', 'ballots', 'entries', 'campaigns']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
