import { createTestDatabase, TestDatabase, testDataSource } from '@patt/testing';
import { CAMPAIGNS_MIGRATIONS } from '../src/migrations';

jest.setTimeout(60_000);

const C = '00000000-0000-4000-8000-00000000000c';
const [A, B, X] = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b2', '00000000-0000-4000-8000-0000000000c3'];

describe('live sums move from the entries to the campaign (migration 1764100001100), and back', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(['campaigns']);
  });

  afterAll(async () => db?.drop());

  it('keeps a live campaign’s place counts, entry order and milestones, both ways', async () => {
    const before = await testDataSource(db, 'campaigns', CAMPAIGNS_MIGRATIONS.filter((migration) => !migration.name.endsWith('1764100001100')));
    await before.runMigrations({ transaction: 'each' });
    await before.query(`INSERT INTO campaigns (id, title, method, picks_per_voter, min_rank_to_vote, starts_at, duration_hours, ends_at,
        early_close_when_all_voted, announcements_enabled, chattiness, status, created_by, created_by_name, opened_at, opened_by, voted, event_sequence)
      VALUES ($1, 'T', 'points', 2, 1, '2026-12-01T00:00:00Z', 48, '2026-12-03T00:00:00Z', true, true, 'normal', 'live', $1, 'o',
        '2026-12-01T00:00:00Z', 'officer', 2, 2)`, [C]);
    // In sort order: B (0), A (1), X (2).
    await before.query(`INSERT INTO entries (id, campaign_id, name, sort_order, points, place_counts) VALUES
      ($1, $4, 'A', 1, 3, '{1,1}'), ($2, $4, 'B', 0, 3, '{1,1}'), ($3, $4, 'X', 2, 0, '{0,0}')`, [A, B, X, C]);
    await before.query(`INSERT INTO ballots (id, campaign_id, person_id, user_id) VALUES
      ('10000000-0000-4000-8000-000000000001', $1, '20000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001'),
      ('10000000-0000-4000-8000-000000000002', $1, '20000000-0000-4000-8000-000000000002', '30000000-0000-4000-8000-000000000002')`, [C]);
    await before.query(`INSERT INTO ballot_picks (ballot_id, entry_id, rank) VALUES
      ('10000000-0000-4000-8000-000000000001', $1, 1), ('10000000-0000-4000-8000-000000000001', $2, 2),
      ('10000000-0000-4000-8000-000000000002', $2, 1), ('10000000-0000-4000-8000-000000000002', $1, 2)`, [A, B]);
    await before.query(`INSERT INTO milestones (campaign_id, key, milestone, sequence, voted, eligible) VALUES ($1, 'first_ballot', 'first_ballot', 2, 1, 10)`, [C]);
    await before.destroy();

    const after = await testDataSource(db, 'campaigns', CAMPAIGNS_MIGRATIONS);
    await after.runMigrations({ transaction: 'each' });
    expect(await after.query('SELECT entry_ids, place_counts, milestone_keys FROM campaigns')).toEqual([
      { entry_ids: [B, A, X], place_counts: [1, 1, 1, 1, 0, 0], milestone_keys: ['first_ballot'] },
    ]);

    await after.undoLastMigration({ transaction: 'each' });
    expect(await after.query('SELECT name, points, place_counts FROM entries ORDER BY sort_order')).toEqual([
      { name: 'B', points: 3, place_counts: [1, 1] },
      { name: 'A', points: 3, place_counts: [1, 1] },
      { name: 'X', points: 0, place_counts: [0, 0] },
    ]);
    await after.destroy();
  });
});
