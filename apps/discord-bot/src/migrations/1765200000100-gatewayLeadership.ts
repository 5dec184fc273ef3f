import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Discord gateway session's leadership term: one row whose epoch the replica that takes the
 * advisory lock `discord-bot:gateway-session` raises by one. The holder checks the epoch is still
 * its own before each change it makes in Discord, so one that was paused while another took over
 * finds a newer term and stands down instead of acting.
 */
export class GatewayLeadership1765200000100 implements MigrationInterface {
  name = 'GatewayLeadership1765200000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gateway_leadership (
        id smallint PRIMARY KEY CHECK (id = 1),
        epoch bigint NOT NULL,
        holder text,
        acquired_at timestamptz
      )`);
    await queryRunner.query('INSERT INTO gateway_leadership (id, epoch) VALUES (1, 0)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE gateway_leadership');
  }
}
