import { DataSource } from 'typeorm';

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
