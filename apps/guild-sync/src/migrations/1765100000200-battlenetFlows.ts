import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Battle.net link flows while the member's browser is at Blizzard: found by the SHA-256 of their
 * `state`, bound to the browser by the SHA-256 of its cookie, good for ten minutes and one
 * callback. The PKCE verifier is kept until the callback spends it, then erased; Blizzard's user
 * token never reaches the database.
 */
export class BattlenetFlows1765100000200 implements MigrationInterface {
  name = 'BattlenetFlows1765100000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE battlenet_flows (
        state_hash text PRIMARY KEY,
        browser_hash text NOT NULL,
        code_verifier text,
        redirect_uri text NOT NULL,
        person_id uuid NOT NULL,
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CHECK (used_at IS NULL OR code_verifier IS NULL)
      )`);
    await queryRunner.query('CREATE INDEX battlenet_flows_expires ON battlenet_flows (expires_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE battlenet_flows');
  }
}
