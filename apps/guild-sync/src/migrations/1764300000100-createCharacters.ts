import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCharacters1764300000100 implements MigrationInterface {
  name = 'CreateCharacters1764300000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Keyed by Blizzard's character id, which survives renames and transfers; `id` is ours, given
    // once, and what every other service knows the character by.
    await queryRunner.query(`
      CREATE TABLE characters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        blizzard_id bigint NOT NULL UNIQUE,
        name text NOT NULL,
        realm_slug text NOT NULL,
        realm_name text,
        class_name text,
        spec_name text,
        role text CHECK (role IN ('tank', 'healer', 'melee', 'ranged')),
        level smallint NOT NULL,
        item_level smallint,
        rank_index smallint NOT NULL,
        last_login_at timestamptz,
        in_guild boolean NOT NULL,
        joined_at timestamptz NOT NULL,
        left_at timestamptz,
        profile_last_modified text,
        profile_missing boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX characters_in_guild ON characters (in_guild)');
    await queryRunner.query('CREATE INDEX characters_name ON characters (lower(name), realm_slug)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE characters');
  }
}
