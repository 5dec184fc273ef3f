import { MigrationInterface, QueryRunner } from 'typeorm';

/** What addon uploads bring to the roster (notes, online data), and each upload's summary on its run. */
export class AddAddonUploads1764300000300 implements MigrationInterface {
  name = 'AddAddonUploads1764300000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE characters
        ADD COLUMN guild_note text,
        ADD COLUMN officer_note text,
        ADD COLUMN is_online boolean,
        ADD COLUMN last_online text,
        ADD COLUMN zone text,
        ADD COLUMN addon_seen_at timestamptz`);
    // An addon run's summary (AddonUploadSummary: export time, matched, applied, ...); null for
    // Blizzard runs. "Newer than the last applied export" is read from it.
    await queryRunner.query('ALTER TABLE sync_runs ADD COLUMN upload jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE sync_runs DROP COLUMN upload');
    await queryRunner.query(
      'ALTER TABLE characters DROP COLUMN guild_note, DROP COLUMN officer_note, DROP COLUMN is_online, DROP COLUMN last_online, DROP COLUMN zone, DROP COLUMN addon_seen_at',
    );
  }
}
