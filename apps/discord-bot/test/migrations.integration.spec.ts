import { createTestDatabase, TestDatabase, testDataSource } from '@patt/testing';
import { MIGRATIONS } from '../src/migrations';

jest.setTimeout(60_000);

describe("the tallies' parts move to the ledger of parts (migration 1764900000100), and back", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(['discord']);
  });

  afterAll(async () => db?.drop());

  it('keeps a report half in and one already posted as they were, both ways', async () => {
    const before = await testDataSource(db, 'discord', MIGRATIONS.filter((migration) => !migration.name.endsWith('1764900000000') && !migration.name.endsWith('1764900000100')));
    await before.runMigrations({ transaction: 'each' });
    await before.query(`INSERT INTO roster_sync_tallies (run_id, parts, parts_seen, characters, changes, synced_at)
      VALUES ('run-half', 3, '{1,3}', 1000, '[{"type":"joined","name":"Trog","realmSlug":"senjin"}]', '2026-01-01T00:00:00Z')`);
    await before.query(`INSERT INTO roster_sync_tallies (run_id, parts, parts_seen, characters, changes, synced_at, completed_at)
      VALUES ('run-done', 1, '{1}', 5, '[]', '2026-01-01T00:00:00Z', now())`);
    await before.query(`INSERT INTO integrity_report_tallies (report_id, full_report, parts, parts_seen, open_count, opened, resolved)
      VALUES ('report-half', true, 2, '{2}', 7, '[]', '[]')`);
    await before.destroy();

    const after = await testDataSource(db, 'discord', MIGRATIONS);
    await after.runMigrations({ transaction: 'each' });
    expect(await after.query('SELECT subject, whole_id, parts, parts_seen, completed_at IS NOT NULL AS completed FROM event_parts ORDER BY whole_id')).toEqual([
      { subject: 'patt.identity.integrity-reported', whole_id: 'report-half', parts: 2, parts_seen: [2], completed: false },
      { subject: 'patt.guild-sync.roster-synced', whole_id: 'run-done', parts: 1, parts_seen: [1], completed: true },
      { subject: 'patt.guild-sync.roster-synced', whole_id: 'run-half', parts: 3, parts_seen: [1, 3], completed: false },
    ]);
    expect(await after.query('SELECT run_id, characters FROM roster_sync_tallies')).toEqual([{ run_id: 'run-half', characters: 1000 }]);
    expect(await after.query('SELECT report_id, open_count FROM integrity_report_tallies')).toEqual([{ report_id: 'report-half', open_count: 7 }]);

    await after.undoLastMigration({ transaction: 'each' });
    expect(await after.query('SELECT run_id, parts, parts_seen, characters, completed_at IS NOT NULL AS completed FROM roster_sync_tallies ORDER BY run_id')).toEqual([
      { run_id: 'run-done', parts: 1, parts_seen: [1], characters: 0, completed: true },
      { run_id: 'run-half', parts: 3, parts_seen: [1, 3], characters: 1000, completed: false },
    ]);
    expect(await after.query('SELECT report_id, parts, parts_seen FROM integrity_report_tallies')).toEqual([{ report_id: 'report-half', parts: 2, parts_seen: [2] }]);
    expect(await after.query('SELECT count(*)::int AS n FROM event_parts')).toEqual([{ n: 0 }]);
    await after.destroy();
  });
});
