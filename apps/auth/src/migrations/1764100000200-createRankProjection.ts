import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_RANKS } from '@patt/contracts';

/** The projection starts from the contract's default names, until identity's table arrives. */
export class CreateRankProjection1764100000200 implements MigrationInterface {
  name = 'CreateRankProjection1764100000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ranks (
        level smallint PRIMARY KEY,
        name text NOT NULL,
        discord_role_id text,
        updated_at timestamptz NOT NULL
      )`);
    for (const rank of DEFAULT_RANKS) {
      await queryRunner.query(`INSERT INTO ranks (level, name, updated_at) VALUES ($1, $2, 'epoch')`, [rank.level, rank.name]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ranks');
  }
}
