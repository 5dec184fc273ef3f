import { MigrationInterface, QueryRunner } from 'typeorm';

const SUBJECT_OF_KIND = `CASE kind WHEN 'roster' THEN 'patt.guild-sync.roster-synced' ELSE 'patt.discord.members-synced' END`;
const KIND_OF_SUBJECT = `CASE subject WHEN 'patt.guild-sync.roster-synced' THEN 'roster' ELSE 'discord' END`;

/**
 * The parts of roster and Discord syncs are kept by the messaging library's ledger (event_parts)
 * rather than identity's own chunked_syncs: what was recorded there moves over, so a sync whose
 * parts straddle the upgrade completes once, and one already applied stays applied.
 */
export class ChunkedSyncsToEventParts1764900000100 implements MigrationInterface {
  name = 'ChunkedSyncsToEventParts1764900000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO event_parts (subject, whole_id, parts, parts_seen, first_seen_at, completed_at)
      SELECT ${SUBJECT_OF_KIND}, sync_id, parts, parts_seen, synced_at, completed_at FROM chunked_syncs`);
    await queryRunner.query('DROP TABLE chunked_syncs');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
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
    await queryRunner.query(`
      INSERT INTO chunked_syncs (kind, sync_id, parts, parts_seen, synced_at, completed_at)
      SELECT ${KIND_OF_SUBJECT}, whole_id, parts, parts_seen, first_seen_at, completed_at FROM event_parts
       WHERE subject IN ('patt.guild-sync.roster-synced', 'patt.discord.members-synced')`);
    await queryRunner.query(`DELETE FROM event_parts WHERE subject IN ('patt.guild-sync.roster-synced', 'patt.discord.members-synced')`);
  }
}
