import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface Limit {
  key: string;
  limit: number;
  windowSeconds: number;
}

/** Attempts counted under some keys at one moment: what a refund takes back. */
export interface Reservation {
  keys: string[];
  /** The moment, as Postgres wrote it (to the microsecond, which a Date would round away). */
  at: string;
}

/**
 * The one order every statement locks keys in, so that no two can deadlock: by code unit, here in
 * the process. (Postgres' ORDER BY key would follow the database's collation, which need not agree.)
 */
const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The attempts still in a key's window. */
const IN_WINDOW = `(SELECT count(*) FROM unnest(w.attempts) t WHERE t > now() - make_interval(secs => EXCLUDED.window_seconds))`;

/**
 * Each throttle key is one row with the times of its attempts in the window. Counting an attempt
 * is an upsert whose condition (fewer than the limit in the window) and update (this attempt
 * added) are evaluated on the row as it stands once locked, so concurrent attempts queue on the
 * row and each sees the ones before it: twenty at once against a limit of five count five.
 */
@Injectable()
export class ThrottleWindowsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Counts one attempt under each limit that has room, in one statement, locking the keys in
   * their sorted order (so two reservations cannot deadlock). Answers the keys it counted and when.
   */
  async reserve(limits: readonly Limit[]): Promise<{ counted: string[]; at: string }> {
    const sorted = [...limits].sort((a, b) => byKey(a.key, b.key));
    const rows = (await this.dataSource.query(
      `INSERT INTO throttle_windows AS w (key, window_seconds, max_attempts, attempts)
       SELECT k, s, m, ARRAY[now()] FROM unnest($1::text[], $2::int[], $3::int[]) WITH ORDINALITY AS x(k, s, m, n) ORDER BY n
       ON CONFLICT (key) DO UPDATE SET
         window_seconds = EXCLUDED.window_seconds,
         max_attempts = EXCLUDED.max_attempts,
         attempts = ARRAY(SELECT t FROM unnest(w.attempts) t WHERE t > now() - make_interval(secs => EXCLUDED.window_seconds) ORDER BY t) || now()
       WHERE ${IN_WINDOW} < EXCLUDED.max_attempts
       RETURNING key, now()::text AS at`,
      [sorted.map((l) => l.key), sorted.map((l) => l.windowSeconds), sorted.map((l) => l.limit)],
    )) as Array<{ key: string; at: string }>;
    return { counted: rows.map((r) => r.key), at: rows[0]?.at ?? new Date().toISOString() };
  }

  /**
   * Takes back the attempts a reservation counted under these keys, locking the keys in the order
   * `reserve` does (byKey): a plain UPDATE would lock them in the table's order, and a refund and
   * a reservation of the same keys could then deadlock (Postgres ends one of them).
   */
  async refund(reservation: Reservation, keys: readonly string[] = reservation.keys): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query(
      `UPDATE throttle_windows w SET attempts = array_remove(w.attempts, $2::timestamptz)
         FROM (SELECT key FROM throttle_windows WHERE key = ANY($1::text[]) ORDER BY array_position($1::text[], key) FOR UPDATE) locked
        WHERE w.key = locked.key`,
      [[...keys].sort(byKey), reservation.at],
    );
  }

  /** Seconds until each full key has room again (its oldest attempt in the window leaves it). */
  async secondsUntilRoom(keys: readonly string[]): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT coalesce(max(ceil(extract(epoch FROM (oldest + make_interval(secs => window_seconds) - now())))), 1)::int AS wait
         FROM (SELECT window_seconds, (SELECT min(t) FROM unnest(attempts) t WHERE t > now() - make_interval(secs => window_seconds)) AS oldest
                 FROM throttle_windows WHERE key = ANY($1::text[])) w`,
      [keys],
    )) as Array<{ wait: number }>;
    return Math.max(1, row?.wait ?? 1);
  }

  /** Forgets keys altogether (a member's failures from a place, once they sign in from it). */
  async forget(keys: readonly string[]): Promise<void> {
    await this.dataSource.query('DELETE FROM throttle_windows WHERE key = ANY($1::text[])', [keys]);
  }

  /**
   * Keys whose newest attempt has left its window hold nothing any more. A key a reservation or a
   * refund holds at that moment is passed over (it is not idle, or will not be); never waiting on
   * one, the purge cannot deadlock with them.
   */
  async purgeIdle(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM throttle_windows WHERE key IN (
         SELECT key FROM throttle_windows
          WHERE attempts[array_upper(attempts, 1)] IS NULL
             OR attempts[array_upper(attempts, 1)] <= now() - make_interval(secs => window_seconds)
          FOR UPDATE SKIP LOCKED)`,
    );
  }
}
