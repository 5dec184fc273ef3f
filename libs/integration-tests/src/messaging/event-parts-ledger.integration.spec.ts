import { DataSource } from 'typeorm';
import { Events } from '@patt/contracts';
import { EventPartsLedger, EventPartsTable1764900000000, MessagingTables1764100000000, PartRecorded } from '@patt/messaging';
import { createTestDatabase, TestDatabase, testDataSource } from '@patt/testing';

jest.setTimeout(60_000);

describe('EventPartsLedger on a real Postgres: the parts of one whole, recorded as they are applied', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const ledger = new EventPartsLedger({ schema: 'guild_sync' });
  const record = (wholeId: string, part: number, parts: number): Promise<PartRecorded> =>
    dataSource.transaction((manager) => ledger.record(manager, Events.RosterSynced, wholeId, { part, parts }));

  beforeAll(async () => {
    db = await createTestDatabase(['guild_sync']);
    dataSource = await testDataSource(db, 'guild_sync', [MessagingTables1764100000000, EventPartsTable1764900000000]);
    await dataSource.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('completes a whole with its last part, whatever the order, and says a part seen twice is not fresh', async () => {
    expect(await record('run-1', 2, 3)).toEqual({ fresh: true, completed: false });
    expect(await record('run-1', 2, 3)).toEqual({ fresh: false, completed: false });
    expect(await record('run-1', 3, 3)).toEqual({ fresh: true, completed: false });
    expect(await record('run-1', 1, 3)).toEqual({ fresh: true, completed: true });
    expect(await record('run-1', 1, 3)).toEqual({ fresh: false, completed: false });
    expect(await record('run-1', 3, 3)).toEqual({ fresh: false, completed: false });
  });

  it('completes a whole of one part at once', async () => {
    expect(await record('run-2', 1, 1)).toEqual({ fresh: true, completed: true });
  });

  it('keeps wholes of different subjects and ids apart', async () => {
    await record('run-3', 1, 2);
    const other = await dataSource.transaction((manager) => ledger.record(manager, Events.DiscordMembersSynced, 'run-3', { part: 1, parts: 2 }));
    expect(other).toEqual({ fresh: true, completed: false });
    expect(await record('run-3b', 2, 2)).toEqual({ fresh: true, completed: false });
  });

  it('forgets a part whose transaction rolled back, so its redelivery is fresh', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await ledger.record(manager, Events.RosterSynced, 'run-4', { part: 1, parts: 2 });
        throw new Error('the handler failed after recording');
      }),
    ).rejects.toThrow('the handler failed');
    expect(await record('run-4', 1, 2)).toEqual({ fresh: true, completed: false });
  });

  it('lets exactly one of the replicas applying the parts of a whole at once complete it', async () => {
    const parts = 12;
    const outcomes = await Promise.all(Array.from({ length: parts }, (_, index) => record('run-5', index + 1, parts)));
    expect(outcomes.filter((outcome) => outcome.fresh)).toHaveLength(parts);
    expect(outcomes.filter((outcome) => outcome.completed)).toHaveLength(1);
  });

  it('refuses a part that is not one of the whole', async () => {
    await expect(record('run-6', 0, 2)).rejects.toThrow(/part 0 of 2 is not a part/);
    await expect(record('run-6', 3, 2)).rejects.toThrow(/part 3 of 2 is not a part/);
    await expect(record('run-6', 1, 0)).rejects.toThrow(/part 1 of 0 is not a part/);
  });

  it('forgets wholes completed more than two weeks ago when another completes', async () => {
    await dataSource.query(`UPDATE event_parts SET completed_at = now() - interval '15 days' WHERE whole_id = 'run-1'`);
    await record('run-7', 1, 1);
    expect(await dataSource.query(`SELECT whole_id FROM event_parts WHERE whole_id IN ('run-1', 'run-2', 'run-7') ORDER BY whole_id`)).toEqual([
      { whole_id: 'run-2' },
      { whole_id: 'run-7' },
    ]);
  });

  it('has a migration that goes down and up again', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await dataSource.query(`SELECT to_regclass('guild_sync.event_parts') AS t`)).toEqual([{ t: null }]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await record('run-8', 1, 1)).toEqual({ fresh: true, completed: true });
  });
});
