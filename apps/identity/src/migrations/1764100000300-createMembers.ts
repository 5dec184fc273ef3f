import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Members (persons), the links that make characters and Discord users theirs, the suggestions
 * officers confirm or reject, and the matching runs with what asked for them.
 */
export class CreateMembers1764100000300 implements MigrationInterface {
  name = 'CreateMembers1764100000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    // rank_level: what the last computation gave (the override, else the best in-guild
    // character's rank); NULL when no character is in the guild. checked_rank_level: the level
    // the integrity check last saw settled, from which `rank_changed` is told.
    await queryRunner.query(`
      CREATE TABLE members (
        id uuid PRIMARY KEY,
        display_name text,
        main_character_id uuid REFERENCES characters (id),
        rank_level smallint CHECK (rank_level BETWEEN 1 AND 5),
        rank_override smallint CHECK (rank_override BETWEEN 1 AND 5),
        checked_rank_level smallint,
        rank_checked_at timestamptz,
        user_id uuid,
        registered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX members_rank ON members (coalesce(rank_level, 1))');

    // A link makes a character, a Discord user, or both (an officer's) one member's. The database
    // holds the rules: a character or a Discord user belongs to one member, and a member has one
    // Discord user.
    await queryRunner.query(`
      CREATE TABLE links (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        character_id uuid REFERENCES characters (id),
        discord_user_id text REFERENCES discord_members (user_id),
        method text NOT NULL CHECK (method IN ('manual', 'import', 'note_key', 'note_hint', 'exact_name', 'suggestion_confirmed')),
        score real NOT NULL CHECK (score BETWEEN 0 AND 1),
        evidence jsonb,
        confirmed_by_user_id uuid,
        confirmed_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (character_id IS NOT NULL OR discord_user_id IS NOT NULL)
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX links_character ON links (character_id) WHERE character_id IS NOT NULL');
    await queryRunner.query('CREATE UNIQUE INDEX links_discord_user ON links (discord_user_id) WHERE discord_user_id IS NOT NULL');
    await queryRunner.query('CREATE UNIQUE INDEX links_one_discord_user_per_member ON links (person_id) WHERE discord_user_id IS NOT NULL');
    await queryRunner.query('CREATE INDEX links_person ON links (person_id)');

    // Rejected rows stay for good: they are the officers' "never link these two" and the engine's
    // input. Open rows are replaced by each matching run (kept, with their id, while still found).
    await queryRunner.query(`
      CREATE TABLE suggestions (
        id uuid PRIMARY KEY,
        character_id uuid NOT NULL REFERENCES characters (id),
        discord_user_id text NOT NULL REFERENCES discord_members (user_id),
        status text NOT NULL CHECK (status IN ('open', 'rejected')),
        score real NOT NULL CHECK (score BETWEEN 0 AND 1),
        reason text NOT NULL,
        source text NOT NULL,
        evidence jsonb,
        decided_by_user_id uuid,
        decided_by text,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (character_id, discord_user_id)
      )`);
    await queryRunner.query('CREATE INDEX suggestions_open ON suggestions (score DESC, id) WHERE status = \'open\'');
    await queryRunner.query('CREATE INDEX suggestions_discord_user ON suggestions (discord_user_id)');

    // Work asked of the matching worker (by events and officers' edits); a run takes the rows it
    // saw in the transaction that applies it, so a request is never lost nor served twice.
    await queryRunner.query(`
      CREATE TABLE matching_requests (
        id bigserial PRIMARY KEY,
        reason text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE matching_runs (
        id uuid PRIMARY KEY,
        trigger text NOT NULL CHECK (trigger IN ('events', 'officer', 'schedule')),
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        linked integer NOT NULL,
        suggested integer NOT NULL,
        unchanged integer NOT NULL,
        conflict_count integer NOT NULL,
        -- The first few hundred conflicts, for officers and debugging; the count says how many.
        conflicts jsonb NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX matching_runs_finished ON matching_runs (finished_at DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE matching_runs');
    await queryRunner.query('DROP TABLE matching_requests');
    await queryRunner.query('DROP TABLE suggestions');
    await queryRunner.query('DROP TABLE links');
    await queryRunner.query('DROP TABLE members');
  }
}
