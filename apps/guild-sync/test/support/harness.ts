// What the guild-sync end-to-end suites share: the real guild-sync process (and the gateway) on
// a database and stream of the suite's own, the Blizzard stand-in in the test process, and small
// readers for the API, the roster tables and the bus.
import { connect } from 'nats';
import { Client } from 'pg';
import { EventEnvelope, EventSubject, Events, RosterEvent, SyncRun } from '@patt/contracts';
import { BlizzardStandIn, busConnectOptions, type FaultSettings, generateGuild, startPlatform, TestPlatform } from '@patt/testing';

export const CLIENT_ID = 'guild-sync-test-client';
export const CLIENT_SECRET = 'guild-sync-test-secret';

export interface Harness {
  platform: TestPlatform;
  blizzard: BlizzardStandIn;
  db: Client;
  officer: string;
  veteran: string;
  initiate: string;
  /** The environment guild-sync runs with: the stand-in's URLs, the guild, the rates. */
  guildSyncEnv: Record<string, string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  guildSize: number;
  seed: number;
  /** The stand-in enforces it, and the client is told it: a good client then sees no 429. */
  ratePerSecond: number;
  faults?: Partial<FaultSettings>;
  env?: Record<string, string>;
  /** Auth too, for suites that need API keys or logins. Default: guild-sync alone. */
  withAuth?: boolean;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const blizzard = await BlizzardStandIn.start({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    guild: generateGuild({ size: options.guildSize, seed: options.seed }),
    ratePerSecond: options.ratePerSecond,
    faults: options.faults,
  });
  const guildSyncEnv: Record<string, string> = {
    BLIZZARD_CLIENT_ID: CLIENT_ID,
    BLIZZARD_CLIENT_SECRET: CLIENT_SECRET,
    BLIZZARD_API_URL: blizzard.url,
    BLIZZARD_OAUTH_URL: blizzard.oauthUrl,
    BLIZZARD_RATE_PER_SECOND: String(options.ratePerSecond),
    GUILD_REALM_SLUG: blizzard.guild.realm.slug,
    GUILD_NAME_SLUG: 'pull-all-the-things',
    ...options.env,
  };
  let platform: TestPlatform;
  try {
    platform = await startPlatform({ apps: options.withAuth ? ['auth', 'guild-sync'] : ['guild-sync'], env: { 'guild-sync': guildSyncEnv } });
  } catch (error) {
    await blizzard.close();
    throw error;
  }
  const db = new Client({ connectionString: platform.db.adminUrl });
  await db.connect();
  return {
    platform,
    blizzard,
    db,
    officer: platform.token({ rank: 4, username: 'officer' }),
    veteran: platform.token({ rank: 3, username: 'veteran' }),
    initiate: platform.token({ rank: 1, username: 'initiate' }),
    guildSyncEnv,
    close: async () => {
      await db.end().catch(() => undefined);
      await platform.stop();
      await blizzard.close();
    },
  };
}

export interface Answer<T> {
  status: number;
  body: { ok: true; data: T } | { ok: false; error: string; code: string; details?: unknown[] };
}

export async function call<T>(
  harness: Harness,
  path: string,
  init: { method?: string; token?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const response = await fetch(`${harness.platform.gatewayUrl}${path}`, {
    method: init.method ?? 'GET',
    body: init.body,
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
  });
  return { status: response.status, body: (await response.json()) as Answer<T>['body'] };
}

/** The payload of a success, failing the test with the envelope otherwise. */
export function dataOf<T>(answer: Answer<T>): T {
  if (!answer.body.ok) throw new Error(`expected success, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.data;
}

export async function startRun(harness: Harness): Promise<SyncRun> {
  const answer = await call<SyncRun>(harness, '/api/v1/guild-sync/runs', { method: 'POST', token: harness.officer, body: '{}' });
  expect(answer.status).toBe(202);
  return dataOf(answer);
}

export async function getRun(harness: Harness, id: string): Promise<SyncRun> {
  return dataOf(await call<SyncRun>(harness, `/api/v1/guild-sync/runs/${id}`, { token: harness.officer }));
}

const FINISHED = new Set(['succeeded', 'partial', 'failed']);

export async function waitForRun(harness: Harness, id: string, timeoutMs = 30_000): Promise<SyncRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(harness, id);
    if (FINISHED.has(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${id} did not finish in ${timeoutMs} ms: ${JSON.stringify(run)}`);
    await sleep(100);
  }
}

export async function syncToEnd(harness: Harness): Promise<SyncRun> {
  return waitForRun(harness, (await startRun(harness)).id);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface CharacterRow {
  id: string;
  blizzard_id: string;
  name: string;
  realm_slug: string;
  realm_name: string | null;
  class_name: string | null;
  spec_name: string | null;
  role: string | null;
  level: number;
  item_level: number | null;
  rank_index: number;
  in_guild: boolean;
  left_at: Date | null;
  profile_last_modified: string | null;
  profile_missing: boolean;
  /** The row version: it changes whenever the row is written, even with equal values. */
  xmin: string;
}

export async function characterRows(harness: Harness): Promise<CharacterRow[]> {
  const result = await harness.db.query<CharacterRow>('SELECT xmin::text AS xmin, * FROM guild_sync.characters ORDER BY blizzard_id');
  return result.rows;
}

export async function characterByBlizzardId(harness: Harness, blizzardId: number): Promise<CharacterRow> {
  const rows = await characterRows(harness);
  const row = rows.find((r) => Number(r.blizzard_id) === blizzardId);
  if (!row) throw new Error(`no stored character with Blizzard id ${blizzardId}`);
  return row;
}

export async function rosterEventsOfRun(harness: Harness, runId: string): Promise<Array<Pick<RosterEvent, 'type' | 'characterId' | 'characterName' | 'from' | 'to'>>> {
  const result = await harness.db.query<{ type: RosterEvent['type']; character_id: string; character_name: string; from_value: string | null; to_value: string | null }>(
    'SELECT type, character_id, character_name, from_value, to_value FROM guild_sync.roster_events WHERE run_id = $1 ORDER BY seq',
    [runId],
  );
  return result.rows.map((r) => ({ type: r.type, characterId: r.character_id, characterName: r.character_name, from: r.from_value, to: r.to_value }));
}

/** Waits until the relay has published every outbox row (so the bus has them). */
export async function outboxDrained(harness: Harness, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await harness.db.query<{ waiting: string }>('SELECT count(*) AS waiting FROM guild_sync.outbox WHERE published_at IS NULL');
    if (Number(rows[0]?.waiting) === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0]?.waiting} outbox rows were not published in ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Every roster-synced envelope on the suite's stream. */
export function rosterSyncedOnBus(harness: Harness): Promise<Array<EventEnvelope<typeof Events.RosterSynced>>> {
  return eventsOnBus(harness, Events.RosterSynced);
}

/** Every envelope of one subject on the suite's stream, read by a throwaway ordered consumer. */
export async function eventsOnBus<S extends EventSubject>(harness: Harness, subject: S): Promise<Array<EventEnvelope<S>>> {
  const { bus } = harness.platform;
  const nc = await connect(busConnectOptions(bus));
  try {
    const consumer = await nc.jetstream().consumers.get(bus.stream, { filterSubjects: `${bus.subjectRoot}${subject.slice('patt'.length)}` });
    const envelopes: Array<EventEnvelope<S>> = [];
    for (;;) {
      const message = await consumer.next({ expires: 1000 });
      if (!message) break;
      envelopes.push(message.json<EventEnvelope<S>>());
      if (message.info.pending === 0) break;
    }
    return envelopes;
  } finally {
    await nc.close();
  }
}
