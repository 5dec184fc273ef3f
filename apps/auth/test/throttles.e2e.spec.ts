// Throttles that cannot be raced and bcrypt work that is bounded, through the gateway and a real
// auth process that compares one password at a time (BCRYPT_MAX_CONCURRENT=1), lets at most 8 wait
// for it, each up to 3 s (BCRYPT_MAX_WAIT_MS=3000): every attempt here comes from one address.
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { startPlatform, TestPlatform } from '@patt/testing';
import { ThrottleWindowsRepository } from '../src/throttling/throttle-windows.repository';

jest.setTimeout(180_000);

type Answer = { status: number; retryAfter: string | null; body: { ok: boolean; code?: string; error?: string } };

describe('throttles and the bcrypt bound', () => {
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['auth'], env: { auth: { BCRYPT_COST: '10', BCRYPT_MAX_CONCURRENT: '1', BCRYPT_MAX_WAIT_MS: '3000' } } });
    db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  // Each scenario starts with no attempts on record: one's sign-ins (30 per address in 10 minutes)
  // must not spend another's, however many a loaded machine turned away and gave back.
  beforeEach(async () => {
    await db.query('DELETE FROM auth.throttle_windows');
  });

  const login = async (username: string, password: string): Promise<Answer> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
  };
  const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

  it('lets at most 5 of 20 parallel wrong guesses at one account reach bcrypt; the rest are 429 before any work', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login('guildmaster', `wrong guess ${i}`)));
    // 5 failures per account and address: 5 guesses are counted before any compare, and compared
    // in turn (401); the 15 others are refused (429) before any work. (Before the counting was
    // atomic, all 20 passed the check together and all 20 were compared.)
    // A guess that waited past BCRYPT_MAX_WAIT_MS for its compare (a loaded machine) is a 503 and
    // given back, so a later guess may take its place: never more than 5 compares, whatever the load.
    const compared = count(answers, 401);
    expect(compared).toBeLessThanOrEqual(5);
    // Nothing else (said in full when it happens: the status and the envelope).
    expect(answers.filter((a) => ![401, 429, 503].includes(a.status))).toEqual([]);
    expect(count(answers, 429)).toBeGreaterThanOrEqual(15 - count(answers, 503));
    expect(answers.filter((a) => a.status === 429).every((a) => Number(a.retryAfter) > 0 && a.body.code === 'RATE_LIMITED')).toBe(true);
    // The account's failures from this address are exactly the compares made.
    const [row] = (await db.query(`SELECT cardinality(attempts) AS n FROM auth.throttle_windows WHERE key = 'login-fail:guildmaster:127.0.0.1'`)).rows;
    expect(row.n).toBe(compared);
  });

  it('turns sign-ins beyond the bcrypt bound away at once with 503 and Retry-After, counting none of them', async () => {
    // 24 sign-ins at once, each for another name: one compares, eight wait their turn, the rest
    // are turned away at once (how many depends on how fast the first compares end).
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => login(`nobody_${i}`, 'not a password of anyone')));
    const busy = answers.filter((a) => a.status === 503);
    expect(count(answers, 401)).toBeGreaterThanOrEqual(1);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(count(answers, 401) + busy.length).toBe(24);
    for (const answer of busy) {
      expect(answer.retryAfter).toBe('1');
      expect(answer.body).toMatchObject({ ok: false, code: 'SERVICE_UNAVAILABLE', error: 'Too many passwords are being checked right now; try again in a moment.' });
    }
    // A sign-in turned away was not a failure: its attempt was given back.
    const { rows } = await db.query(`SELECT key, cardinality(attempts) AS n FROM auth.throttle_windows WHERE key LIKE 'login-fail:nobody_%:127.0.0.1' ORDER BY key`);
    expect(rows.reduce((sum: number, r: { n: number }) => sum + r.n, 0)).toBe(count(answers, 401));
  });

  it('counts and gives back under contention without a deadlock: refunds lock their keys in the order reservations do', async () => {
    // The repository itself, on auth's own schema, as auth's role: 20 reservations of the same
    // three keys at once, each giving two of them back (as a 429 does), 30 times. Refunds that
    // locked keys in the table's order instead deadlocked with the reservations about one time in
    // ten here, and a sign-in caught in one was a 500. The keys are sorted by a collation like a
    // managed server's (ICU English), where `_` comes before `:` and code units say the opposite:
    // refunds that locked in ORDER BY key hung with reservations there. (A server built without
    // ICU keeps its own collation: the contention itself is still tested.)
    const { rows: icu } = await db.query(`SELECT 1 FROM pg_collation WHERE collname = 'en-x-icu'`);
    if (icu.length > 0) await db.query(`ALTER TABLE auth.throttle_windows ALTER COLUMN key TYPE text COLLATE "en-x-icu"`);
    const auth = new DataSource({ type: 'postgres', url: platform.db.urls['auth'], extra: { max: 20, options: '-c search_path=auth' } });
    await auth.initialize();
    try {
      const windows = new ThrottleWindowsRepository(auth);
      const limits = [
        { key: 'contention:account', limit: 1_000, windowSeconds: 3_600 },
        { key: 'contention:account:ip', limit: 1_000, windowSeconds: 900 },
        { key: 'contention:account_ip', limit: 1_000, windowSeconds: 600 },
      ];
      const failures: string[] = [];
      for (let round = 0; round < 30; round += 1) {
        await db.query(`DELETE FROM auth.throttle_windows WHERE key LIKE 'contention:%'`);
        await Promise.all(
          Array.from({ length: 20 }, async () => {
            try {
              const { counted, at } = await windows.reserve(limits);
              await windows.refund({ keys: counted, at }, ['contention:account:ip', 'contention:account_ip']);
            } catch (error) {
              failures.push((error as Error).message);
            }
          }),
        );
      }
      expect(failures).toEqual([]);
      // Every reservation counted once under each key, and the two keys given back hold none.
      const { rows } = await db.query(`SELECT key, cardinality(attempts) AS n FROM auth.throttle_windows WHERE key LIKE 'contention:%' ORDER BY key COLLATE "C"`);
      expect(rows).toEqual([
        { key: 'contention:account', n: 20 },
        { key: 'contention:account:ip', n: 0 },
        { key: 'contention:account_ip', n: 0 },
      ]);
    } finally {
      await auth.destroy();
    }
  });
});
