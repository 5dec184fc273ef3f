import { EntityManager } from 'typeorm';

/**
 * The rows an UPDATE or DELETE … RETURNING gave back. TypeORM's Postgres driver answers those
 * statements (unlike SELECT and INSERT) with `[rows, rowCount]`, which read as a list of rows
 * looks like two of them.
 */
export async function changedRows<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  if (!/^\s*(UPDATE|DELETE)\b/i.test(sql)) throw new Error('changedRows is for UPDATE and DELETE statements');
  const [rows] = (await manager.query(sql, params)) as [T[], number];
  return rows;
}
