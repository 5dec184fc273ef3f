import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` while holding a Postgres session advisory lock, so that only one replica at a time
 * does it (a sync run, migrations). With `wait: false` it returns `{ acquired: false }` at once
 * when another holder has it.
 */
export async function withAdvisoryLock<T>(
  dataSource: DataSource,
  key: string,
  work: () => Promise<T>,
  options: { wait: boolean } = { wait: true },
): Promise<{ acquired: true; result: T } | { acquired: false }> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (options.wait) {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    } else {
      const [row] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS acquired', [key])) as Array<{ acquired: boolean }>;
      if (!row?.acquired) return { acquired: false };
    }
    try {
      return { acquired: true, result: await work() };
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    await runner.release();
  }
}

/** Whether some session holds the lock now (for "is a run in progress" questions). */
export async function isAdvisoryLockHeld(dataSource: DataSource, key: string): Promise<boolean> {
  const rows = (await dataSource.query(
    `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
       AND objsubid = 1 AND objid::text::bigint = (hashtext($1)::bigint & 4294967295)
       AND classid::text::bigint = ((hashtext($1)::bigint >> 32) & 4294967295)`,
    [key],
  )) as unknown[];
  return rows.length > 0;
}

/**
 * Takes a transaction advisory lock in `manager`'s transaction, waiting for it: held until that
 * transaction commits or rolls back, so what the transaction read under it stays true until its
 * writes are visible. Re-entrant within the transaction.
 */
export async function lockForTransaction(manager: EntityManager, key: string): Promise<void> {
  assertInTransaction(manager, key);
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

/** As lockForTransaction, without waiting: false at once when another transaction holds it. */
export async function tryLockForTransaction(manager: EntityManager, key: string): Promise<boolean> {
  assertInTransaction(manager, key);
  const [row] = (await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS acquired', [key])) as Array<{ acquired: boolean }>;
  return row?.acquired === true;
}

function assertInTransaction(manager: EntityManager, key: string): void {
  // Outside a transaction the lock would be released by the very statement that took it.
  if (!manager.queryRunner?.isTransactionActive) throw new Error(`the lock ${key} needs the EntityManager of an open transaction`);
}
