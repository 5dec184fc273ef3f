import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What identity knows of other services' data, fed by their events (docs/architecture.md: no joins
 * across schemas): the guild's characters (guild-sync's roster and the addon's notes), the Discord
 * server's members (the bot's mirror), and the chunked syncs whose parts are still arriving.
 */
export class CreateProjections1764100000200 implements MigrationInterface {
  name = 'CreateProjections1764100000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    // `id` is guild-sync's characterId, the one every service knows a character by.
    // `roster_seen_at` is the syncedAt of the newest roster (or change) applied to the row, and
    // `notes_changed_at` that of the newest notes: events that arrive late never undo newer ones.
    await queryRunner.query(`
      CREATE TABLE characters (
        id uuid PRIMARY KEY,
        blizzard_id bigint NOT NULL,
        name text NOT NULL,
        realm_slug text NOT NULL,
        realm_name text NOT NULL,
        class_name text,
        spec_name text,
        role text CHECK (role IN ('tank', 'healer', 'melee', 'ranged')),
        level smallint NOT NULL,
        item_level smallint,
        guild_rank_index smallint NOT NULL,
        last_login_at timestamptz,
        in_guild boolean NOT NULL,
        joined_at timestamptz,
        left_at timestamptz,
        guild_note text,
        officer_note text,
        roster_seen_at timestamptz NOT NULL,
        notes_changed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX characters_name ON characters (lower(name), realm_slug, id)');
    await queryRunner.query('CREATE INDEX characters_blizzard_id ON characters (blizzard_id)');

    // `observed_at`: when the newest applied sync or change saw the member, for the same reason.
    await queryRunner.query(`
      CREATE TABLE discord_members (
        user_id text PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        role_ids text[] NOT NULL DEFAULT '{}',
        present boolean NOT NULL,
        joined_at timestamptz,
        observed_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX discord_members_username ON discord_members (lower(username))');

    // One row per chunked sync (roster-synced, members-synced): which parts have been applied.
    // What a sync says about absence ("not listed any more") is applied only once all are in.
    await queryRunner.query(`
      CREATE TABLE chunked_syncs (
        kind text NOT NULL CHECK (kind IN ('roster', 'discord')),
        sync_id text NOT NULL,
        parts integer NOT NULL CHECK (parts >= 1),
        parts_seen integer[] NOT NULL,
        synced_at timestamptz NOT NULL,
        completed_at timestamptz,
        PRIMARY KEY (kind, sync_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE chunked_syncs');
    await queryRunner.query('DROP TABLE discord_members');
    await queryRunner.query('DROP TABLE characters');
  }
}
