import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_RANKS } from '@patt/contracts';

export class CreateRanks1764100000100 implements MigrationInterface {
  name = 'CreateRanks1764100000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ranks (
        level smallint PRIMARY KEY CHECK (level BETWEEN 1 AND 5),
        name text NOT NULL,
        discord_role_id text,
        game_rank_indexes smallint[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX ranks_name ON ranks (lower(name))');
    await queryRunner.query('CREATE UNIQUE INDEX ranks_discord_role ON ranks (discord_role_id) WHERE discord_role_id IS NOT NULL');
    for (const rank of DEFAULT_RANKS) {
      await queryRunner.query('INSERT INTO ranks (level, name, game_rank_indexes) VALUES ($1, $2, $3)', [
        rank.level,
        rank.name,
        rank.gameRankIndexes,
      ]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ranks');
  }
}
