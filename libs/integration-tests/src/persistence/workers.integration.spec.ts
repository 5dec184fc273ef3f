import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommitSignals, lockForTransaction, SignalledLoop, signalOnCommit, tryLockForTransaction } from '@patt/persistence';
import { createTestDatabase, TestDatabase, testDataSource } from '@patt/testing';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with how many times `count()` grew past `from` within `ms`. */
async function within(ms: number, count: () => number, from: number): Promise<number> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && count() === from) await tick(10);
  return count() - from;
}

jest.setTimeout(60_000);

describe('worker plumbing on a real Postgres: commit signals, the worker loop, transaction locks', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    db = await createTestDatabase(['identity']);
    dataSource = await testDataSource(db, 'identity');
    await dataSource.query('CREATE TABLE work (id serial PRIMARY KEY, done boolean NOT NULL DEFAULT false)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  describe('CommitSignals', () => {
    let signals: CommitSignals;
    let woken = 0;

    beforeAll(async () => {
      signals = new CommitSignals(dataSource);
      signals.on('test_work', () => (woken += 1));
      await signals.onApplicationBootstrap();
    });

    afterAll(async () => signals?.onApplicationShutdown());

    it('wakes a listener once the transaction that signalled commits, not before', async () => {
      const before = woken;
      let seenBeforeCommit = -1;
      await dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO work DEFAULT VALUES');
        await signalOnCommit(manager, 'test_work');
        await tick(300);
        seenBeforeCommit = woken - before;
      });
      expect(seenBeforeCommit).toBe(0);
      expect(await within(5_000, () => woken, before)).toBe(1);
    });

    it('wakes nobody for work whose transaction rolled back', async () => {
      const before = woken;
      await expect(
        dataSource.transaction(async (manager) => {
          await signalOnCommit(manager, 'test_work');
          throw new Error('changed our mind');
        }),
      ).rejects.toThrow('changed our mind');
      // A later commit on the same channel shows the listener is there and the rollback sent nothing.
      await dataSource.transaction((manager) => signalOnCommit(manager, 'test_work'));
      expect(await within(5_000, () => woken, before)).toBe(1);
      await tick(200);
      expect(woken - before).toBe(1);
    });

    it('listens to a channel a worker asks for after the start', async () => {
      let late = 0;
      signals.on('test_late', () => (late += 1));
      await tick(300);
      await dataSource.transaction((manager) => signalOnCommit(manager, 'test_late'));
      expect(await within(5_000, () => late, 0)).toBeGreaterThanOrEqual(1);
    });

    it('refuses a channel name that is not a plain identifier', async () => {
      expect(() => signals.on('work; DROP TABLE work', () => undefined)).toThrow(/is not a signal channel/);
      await expect(dataSource.transaction((manager) => signalOnCommit(manager, 'Work-Channel'))).rejects.toThrow(/is not a signal channel/);
    });

    it('wakes a worker loop on commit, long before its poll interval', async () => {
      const pending = async () => ((await dataSource.query('SELECT count(*)::int AS n FROM work WHERE NOT done')) as Array<{ n: number }>)[0]?.n;
      let passes = 0;
      const loop = new SignalledLoop(
        async () => {
          passes += 1;
          const [taken] = (await dataSource.query('UPDATE work SET done = true WHERE id = (SELECT min(id) FROM work WHERE NOT done) RETURNING id')) as [unknown[], number];
          return taken.length > 0 ? 'more' : 'idle';
        },
        { name: 'TestWorker', pollMs: 60_000 },
      );
      signals.on('test_loop', () => loop.wake());
      await dataSource.query('UPDATE work SET done = true');
      loop.start();
      try {
        await within(5_000, () => passes, 0);
        await tick(300);
        const asleep = passes;
        await dataSource.transaction(async (manager) => {
          await manager.query('INSERT INTO work DEFAULT VALUES');
          await manager.query('INSERT INTO work DEFAULT VALUES');
          await signalOnCommit(manager, 'test_loop');
        });
        const deadline = Date.now() + 10_000;
        while ((await pending()) !== 0 && Date.now() < deadline) await tick(50);
        expect(await pending()).toBe(0);
        // Two passes that each took one ("more": again at once), and one that found none.
        expect(passes - asleep).toBeGreaterThanOrEqual(3);
      } finally {
        await loop.stop();
      }
    });
  });

  describe('transaction locks', () => {
    it('holds a lock until the transaction ends: a second transaction waits, a try says no', async () => {
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = dataSource.transaction(async (manager) => {
        await lockForTransaction(manager, 'test:lock');
        order.push('first has it');
        await held;
        order.push('first ends');
      });
      await within(5_000, () => order.length, 0);
      expect(await dataSource.transaction((manager) => tryLockForTransaction(manager, 'test:lock'))).toBe(false);
      const second = dataSource.transaction(async (manager) => {
        await lockForTransaction(manager, 'test:lock');
        order.push('second has it');
      });
      await tick(300);
      expect(order).toEqual(['first has it']);
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(['first has it', 'first ends', 'second has it']);
      expect(await dataSource.transaction((manager) => tryLockForTransaction(manager, 'test:lock'))).toBe(true);
    });

    it('is re-entrant within a transaction', async () => {
      await dataSource.transaction(async (manager) => {
        await lockForTransaction(manager, 'test:again');
        await lockForTransaction(manager, 'test:again');
        expect(await tryLockForTransaction(manager, 'test:again')).toBe(true);
      });
    });

    it('refuses to lock outside a transaction, where the lock would end with its own statement', async () => {
      await expect(lockForTransaction(dataSource.manager, 'test:nowhere')).rejects.toThrow(/needs the EntityManager of an open transaction/);
      await expect(tryLockForTransaction(dataSource.manager, 'test:nowhere')).rejects.toThrow(/needs the EntityManager of an open transaction/);
    });
  });
});
