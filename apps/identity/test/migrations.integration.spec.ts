import { createTestDatabase, TestDatabase, testDataSource } from '@patt/testing';
import { IDENTITY_MIGRATIONS } from '../src/migrations';

jest.setTimeout(60_000);

describe('chunked_syncs moves to the ledger of parts (migration 1764900000100), and back', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(['identity']);
  });

  afterAll(async () => db?.drop());

  it('keeps a sync half in and one complete as they were, both ways', async () => {
    const before = await testDataSource(db, 'identity', IDENTITY_MIGRATIONS.slice(0, IDENTITY_MIGRATIONS.findIndex((migration) => migration.name.endsWith('1764900000000'))));
    await before.runMigrations({ transaction: 'each' });
    await before.query(`INSERT INTO chunked_syncs (kind, sync_id, parts, parts_seen, synced_at, completed_at) VALUES
      ('roster', 'run-half', 3, '{2}', '2026-01-01T00:00:00Z', NULL),
      ('discord', 'sync-done', 2, '{1,2}', '2026-01-02T00:00:00Z', '2026-01-02T00:01:00Z')`);
    await before.destroy();

    const after = await testDataSource(db, 'identity', IDENTITY_MIGRATIONS);
    await after.runMigrations({ transaction: 'each' });
    expect(await after.query(`SELECT to_regclass('identity.chunked_syncs') AS t`)).toEqual([{ t: null }]);
    expect(await after.query('SELECT subject, whole_id, parts, parts_seen, completed_at IS NOT NULL AS completed FROM event_parts ORDER BY whole_id')).toEqual([
      { subject: 'patt.guild-sync.roster-synced', whole_id: 'run-half', parts: 3, parts_seen: [2], completed: false },
      { subject: 'patt.discord.members-synced', whole_id: 'sync-done', parts: 2, parts_seen: [1, 2], completed: true },
    ]);

    // Undo down to (and with) 1764900000100: the migrations after it first.
    const later = IDENTITY_MIGRATIONS.length - 1 - IDENTITY_MIGRATIONS.findIndex((migration) => migration.name.endsWith('1764900000100'));
    for (let undone = 0; undone <= later; undone += 1) await after.undoLastMigration({ transaction: 'each' });
    expect(await after.query('SELECT kind, sync_id, parts, parts_seen, completed_at IS NOT NULL AS completed FROM chunked_syncs ORDER BY sync_id')).toEqual([
      { kind: 'roster', sync_id: 'run-half', parts: 3, parts_seen: [2], completed: false },
      { kind: 'discord', sync_id: 'sync-done', parts: 2, parts_seen: [1, 2], completed: true },
    ]);
    expect(await after.query('SELECT count(*)::int AS n FROM event_parts')).toEqual([{ n: 0 }]);
    await after.destroy();
  });
});

describe('matching_conflicts (migration 1765000000200), and back', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(['identity']);
  });

  afterAll(async () => db?.drop());

  it('makes the table of the last run’s conflicts, one row per hash, and drops it', async () => {
    // Up to (and with) 1765000000200, so that undoing the last migration undoes it.
    const source = await testDataSource(db, 'identity', IDENTITY_MIGRATIONS.slice(0, IDENTITY_MIGRATIONS.findIndex((migration) => migration.name.endsWith('1765000000200')) + 1));
    await source.runMigrations({ transaction: 'each' });
    const insert = (id: string) =>
      source.query(
        `INSERT INTO matching_conflicts (id, hash, kind, summary, character_ids, discord_user_ids, person_ids, facts, first_detected_at, last_detected_at)
         VALUES ($1, 'h1', 'discord_user_claimed', 'Two Trogs claim @trog.', '{}', '{"123456789012345678"}', '{}', '[]', now(), now())`,
        [id],
      );
    await insert('00000000-0000-4000-8000-000000000001');
    await expect(insert('00000000-0000-4000-8000-000000000002')).rejects.toThrow(/duplicate key/);
    await source.undoLastMigration({ transaction: 'each' });
    expect(await source.query(`SELECT to_regclass('identity.matching_conflicts') AS t`)).toEqual([{ t: null }]);
    await source.destroy();
  });
});

describe('Battle.net claims (migration 1765100000100), and back', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(['identity']);
  });

  afterAll(async () => db?.drop());

  it('allows battlenet links, keeps claims by Blizzard id with one member per Battle.net account, and takes them away again', async () => {
    const source = await testDataSource(db, 'identity', IDENTITY_MIGRATIONS.slice(0, IDENTITY_MIGRATIONS.findIndex((migration) => migration.name.endsWith('1765100000100')) + 1));
    await source.runMigrations({ transaction: 'each' });
    const person = '00000000-0000-4000-8000-000000000001';
    const character = '00000000-0000-4000-8000-000000000002';
    await source.query(`INSERT INTO members (id, sort_name, created_at, updated_at) VALUES ($1, 'Trog', now(), now())`, [person]);
    await source.query(
      `INSERT INTO characters (id, blizzard_id, name, realm_slug, realm_name, level, guild_rank_index, in_guild, roster_seen_at) VALUES ($1, 42, 'Trog', 'senjin', 'Sen''jin', 80, 3, true, now())`,
      [character],
    );
    await source.query(`INSERT INTO links (id, person_id, character_id, method, score) VALUES ('00000000-0000-4000-8000-000000000003', $1, $2, 'battlenet', 1)`, [person, character]);
    await source.query(`INSERT INTO battlenet_accounts (person_id, account_id, battletag, linked_by_user_id) VALUES ($1, 7, 'Trog#1', $1)`, [person]);
    await source.query(`INSERT INTO battlenet_claims (person_id, blizzard_character_id, name, realm_slug) VALUES ($1, 42, 'Trog', 'senjin')`, [person]);
    await expect(
      source.query(`INSERT INTO battlenet_accounts (person_id, account_id, linked_by_user_id) VALUES ($1, 7, $1)`, ['00000000-0000-4000-8000-000000000009']),
    ).rejects.toThrow();

    await source.undoLastMigration({ transaction: 'each' });
    expect(await source.query(`SELECT to_regclass('identity.battlenet_claims') AS t`)).toEqual([{ t: null }]);
    expect(await source.query(`SELECT count(*)::int AS n FROM links`)).toEqual([{ n: 0 }]);
    await expect(source.query(`INSERT INTO links (id, person_id, character_id, method, score) VALUES ('00000000-0000-4000-8000-000000000004', $1, $2, 'battlenet', 1)`, [person, character])).rejects.toThrow(
      /links_method_check/,
    );
    await source.destroy();
  });
});
