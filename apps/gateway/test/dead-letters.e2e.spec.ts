import { Client } from 'pg';
import { eventually, startPlatform, TestPlatform } from '@patt/testing';

jest.setTimeout(180_000);

/**
 * Dead letters through the real processes: identity announces a rank change, auth's consumer of it
 * fails (a trigger stands for a bug in its handler) until it dead-letters the event; the Guild
 * Leader lists it, replays it after the fix (applied once), and discards another.
 */
interface DeadLetterItem {
  id: string;
  [field: string]: unknown;
}
interface Answer {
  ok: boolean;
  data?: unknown;
  code?: string;
  error?: string;
  details?: Array<{ field: string }>;
}

describe('dead letters: listed, replayed after the fix, discarded, through the gateway', () => {
  let platform: TestPlatform;
  let leader: string;
  let officer: string;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['auth', 'identity'] });
    // As auth's own role: the schema, and the trigger that stands for the bug, are its.
    db = new Client({ connectionString: platform.db.urls['auth'] });
    await db.connect();
    leader = platform.token({ rank: 5, username: 'leader' });
    officer = platform.token({ rank: 4, username: 'officer' });
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  const call = async (path: string, init: RequestInit & { token?: string } = {}) => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      ...init,
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
    });
    return { status: response.status, body: (await response.json()) as Answer };
  };

  /** The bug: auth's rank projection refuses the rank named `name`. */
  const breakAuth = (name: string) =>
    db.query(`
      CREATE OR REPLACE FUNCTION auth.refuse_rank() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = '${name}' THEN RAISE EXCEPTION 'the rank projection refuses %', NEW.name; END IF; RETURN NEW; END $$;
      DROP TRIGGER IF EXISTS refuse_rank ON auth.ranks;
      CREATE TRIGGER refuse_rank BEFORE INSERT OR UPDATE ON auth.ranks FOR EACH ROW EXECUTE FUNCTION auth.refuse_rank();`);
  const fixAuth = () => db.query('DROP TRIGGER IF EXISTS refuse_rank ON auth.ranks');
  const authRank = async (level: number) =>
    ((await db.query('SELECT name FROM auth.ranks WHERE level = $1', [level])) as { rows: Array<{ name: string }> }).rows[0]?.name;
  const deadLetters = async () => (await call('/ops/dead-letters?service=auth', { token: leader })).body.data as { items: DeadLetterItem[]; total: number };

  it('dead-letters a poison event, lists it, replays it once after the fix, and discards another', async () => {
    await breakAuth('Raider');
    expect((await call('/ranks/3', { method: 'PATCH', token: leader, body: JSON.stringify({ name: 'Raider' }) })).status).toBe(200);
    const listed = await eventually('the dead letter', async () => ((await deadLetters()).total === 1 ? deadLetters() : undefined), 60_000);
    const [letter] = listed.items;
    expect(letter).toMatchObject({
      service: 'auth',
      subject: expect.stringMatching(/\.identity\.ranks-changed$/),
      consumer: 'auth--identity_ranks-changed',
      attempts: 5,
      lastError: expect.stringContaining('the rank projection refuses Raider'),
      replayable: true,
    });
    expect(letter!.id).toMatch(/^auth\.[0-9]+$/);
    expect(await authRank(3)).not.toBe('Raider');

    // Replayed before the fix: it fails again and stays, with one more attempt.
    const early = await call(`/ops/dead-letters/${letter!.id}/replay`, { method: 'POST', token: leader, body: '{}' });
    expect(early).toMatchObject({ status: 409, body: { ok: false, code: 'CONFLICT', error: expect.stringContaining('failed again') } });
    expect((await deadLetters()).items[0]).toMatchObject({ id: letter!.id, attempts: 6 });

    // After the fix: applied once, recorded.
    await fixAuth();
    const replayed = await call(`/ops/dead-letters/${letter!.id}/replay`, { method: 'POST', token: leader, body: '{}' });
    expect(replayed).toMatchObject({ status: 202, body: { ok: true, data: { id: letter!.id, outcome: 'applied', replayedBy: 'leader' } } });
    expect(await authRank(3)).toBe('Raider');
    expect(await deadLetters()).toEqual({ items: [], total: 0 });
    const again = await call(`/ops/dead-letters/${letter!.id}/replay`, { method: 'POST', token: leader, body: '{}' });
    expect(again).toMatchObject({ status: 409, body: { ok: false, code: 'CONFLICT', error: expect.stringContaining('replayed already') } });
    const { rows } = await db.query<{ resolution: string; resolved_by: { username: string } }>('SELECT resolution, resolved_by FROM auth.dead_letters');
    expect(rows).toEqual([{ resolution: 'applied', resolved_by: expect.objectContaining({ username: 'leader' }) }]);

    // Another poison event, discarded: it leaves the list and is never applied.
    await breakAuth('Stale');
    expect((await call('/ranks/2', { method: 'PATCH', token: leader, body: JSON.stringify({ name: 'Stale' }) })).status).toBe(200);
    const second = await eventually('the second dead letter', async () => ((await deadLetters()).total === 1 ? deadLetters() : undefined), 60_000);
    await fixAuth();
    const id = second.items[0]!.id as string;
    expect(await call(`/ops/dead-letters/${id}`, { method: 'DELETE', token: leader })).toEqual({ status: 200, body: { ok: true, data: null } });
    expect(await deadLetters()).toEqual({ items: [], total: 0 });
    expect(await authRank(2)).not.toBe('Stale');
    expect(await call(`/ops/dead-letters/${id}`, { method: 'DELETE', token: leader })).toMatchObject({ status: 409, body: { ok: false, code: 'CONFLICT' } });
    expect(await call(`/ops/dead-letters/${id}/replay`, { method: 'POST', token: leader, body: '{}' })).toMatchObject({ status: 409, body: { code: 'CONFLICT', error: expect.stringContaining('discarded already') } });
  });

  it('answers bad input, unknown ids, lower ranks and services that are not running with envelopes', async () => {
    expect(await call('/ops/dead-letters/nope/replay', { method: 'POST', token: leader, body: '{}' })).toMatchObject({ status: 400, body: { ok: false, code: 'VALIDATION_FAILED' } });
    expect(await call('/ops/dead-letters/auth.1/replay', { method: 'POST', token: leader, body: '{"force": true}' })).toMatchObject({ status: 400, body: { ok: false, code: 'VALIDATION_FAILED' } });
    expect(await call('/ops/dead-letters/auth.999999', { method: 'DELETE', token: leader })).toMatchObject({ status: 404, body: { ok: false, code: 'NOT_FOUND' } });
    const badQuery = await call('/ops/dead-letters?service=gateway&limit=0&offset=20000', { token: leader });
    expect(badQuery).toMatchObject({ status: 400, body: { ok: false, code: 'VALIDATION_FAILED' } });
    expect(badQuery.body.details!.map((d) => d.field).sort()).toEqual(['limit', 'offset', 'service']);
    expect(await call('/ops/dead-letters', { token: officer })).toMatchObject({ status: 403, body: { ok: false, code: 'FORBIDDEN' } });
    expect(await call('/ops/dead-letters')).toMatchObject({ status: 401, body: { ok: false, code: 'UNAUTHENTICATED' } });
    // guild-sync, the bot and campaigns are not running here: the whole list is refused, not partial.
    expect(await call('/ops/dead-letters', { token: leader })).toMatchObject({ status: 503, body: { ok: false, code: 'SERVICE_UNAVAILABLE' } });
    expect(await call('/ops/dead-letters?service=identity', { token: leader })).toEqual({ status: 200, body: { ok: true, data: { items: [], total: 0 } } });
  });
});
