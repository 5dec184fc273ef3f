import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_RANKS } from '@patt/contracts';

/**
 * What the bot knows from identity: the rank table with each rank's Discord role (a projection of
 * ranks-changed, starting from the contract's defaults with no roles), and the Discord users linked
 * to a person with that person's rank — the state role sync makes true.
 */
export class CreateRankRolesAndLinks1764100000410 implements MigrationInterface {
  name = 'CreateRankRolesAndLinks1764100000410';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rank_roles (
        level smallint PRIMARY KEY,
        name text NOT NULL,
        discord_role_id text,
        updated_at timestamptz NOT NULL
      )`);
    for (const rank of DEFAULT_RANKS) {
      await queryRunner.query(`INSERT INTO rank_roles (level, name, updated_at) VALUES ($1, $2, 'epoch')`, [rank.level, rank.name]);
    }
    await queryRunner.query(`
      CREATE TABLE linked_members (
        discord_user_id text PRIMARY KEY,
        person_id uuid NOT NULL,
        rank_level smallint NOT NULL,
        linked_at timestamptz NOT NULL,
        roles_due boolean NOT NULL DEFAULT true,
        roles_version integer NOT NULL DEFAULT 1,
        roles_retry_at timestamptz,
        roles_error text,
        roles_checked_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX linked_members_by_person ON linked_members (person_id)');
    await queryRunner.query('CREATE INDEX linked_members_due ON linked_members (linked_at) WHERE roles_due');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE linked_members');
    await queryRunner.query('DROP TABLE rank_roles');
  }
}
