import { MigrationInterface, QueryRunner } from 'typeorm';

const TALLIES = [
  { table: 'roster_sync_tallies', key: 'run_id', subject: 'patt.guild-sync.roster-synced', lists: ['changes'] },
  { table: 'integrity_report_tallies', key: 'report_id', subject: 'patt.identity.integrity-reported', lists: ['opened', 'resolved'] },
] as const;

/**
 * Which parts of a roster run or an integrity report were seen is kept by the messaging library's
 * ledger (event_parts) rather than by the tallies themselves: the bookkeeping moves over, so a
 * report whose parts straddle the upgrade is posted once, and one already posted is not posted
 * again. The tallies keep only what the parts add up to, until the last one is in.
 */
export class ReportTalliesPartsToLedger1764900000100 implements MigrationInterface {
  name = 'ReportTalliesPartsToLedger1764900000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, key, subject } of TALLIES) {
      await queryRunner.query(
        `INSERT INTO event_parts (subject, whole_id, parts, parts_seen, completed_at)
         SELECT $1, ${key}, parts, parts_seen, completed_at FROM ${table}`,
        [subject],
      );
      await queryRunner.query(`DELETE FROM ${table} WHERE completed_at IS NOT NULL`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN parts, DROP COLUMN parts_seen, DROP COLUMN completed_at`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table, key, subject, lists } of TALLIES) {
      await queryRunner.query(
        `ALTER TABLE ${table} ADD COLUMN parts integer, ADD COLUMN parts_seen integer[] NOT NULL DEFAULT '{}', ADD COLUMN completed_at timestamptz`,
      );
      await queryRunner.query(
        `UPDATE ${table} AS t SET parts = p.parts, parts_seen = p.parts_seen FROM event_parts p WHERE p.subject = $1 AND p.whole_id = t.${key}`,
        [subject],
      );
      // Reported ones were kept, emptied, so that a replayed part added nothing.
      const columns = table === 'roster_sync_tallies' ? 'characters, synced_at' : 'full_report, open_count';
      const values = table === 'roster_sync_tallies' ? '0, p.first_seen_at' : 'false, 0';
      await queryRunner.query(
        `INSERT INTO ${table} (${key}, parts, parts_seen, completed_at, ${columns}, ${lists.join(', ')})
         SELECT p.whole_id, p.parts, p.parts_seen, p.completed_at, ${values}, ${lists.map(() => `'[]'::jsonb`).join(', ')}
           FROM event_parts p WHERE p.subject = $1 AND p.completed_at IS NOT NULL
         ON CONFLICT (${key}) DO NOTHING`,
        [subject],
      );
      await queryRunner.query(`UPDATE ${table} SET parts = cardinality(parts_seen) WHERE parts IS NULL`);
      await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN parts SET NOT NULL`);
      await queryRunner.query('DELETE FROM event_parts WHERE subject = $1', [subject]);
    }
  }
}
