// Benchmark: a Blizzard roster sync by the real guild-sync process (built dist/), started by an
// officer through the gateway, against the Blizzard stand-in enforcing its per-second quota:
//   1. a 1,000-member guild synced from nothing: wall time against the floor (profiles / rate =
//      10 s at 100/s; the run also makes its roster call) and the 429s the stand-in answered;
//   2. the same guild re-synced with nothing changed: every profile a 304, and the rows written
//      (characters whose xmin moved, plus roster events): the goal is none;
//   3. a 5,000-member guild on a fresh process and database: the guild-sync process's peak RSS
//      (VmHWM) and the largest roster-synced part in the outbox.
//
//   node tools/build/build-app.mjs guild-sync && node tools/build/build-app.mjs gateway
//   node --require ./tools/dev/register.cjs tools/bench/guild-sync.bench.ts   (or npm run bench -- guild-sync)
//
// Environment: BENCH_MEMBERS (1000), BENCH_RATE (100), BENCH_LARGE_MEMBERS (5000),
// BENCH_LARGE_RATE (100). The stand-in runs in a process of its own, as Blizzard would, so the
// service's figures are not the bench's. Wall time is from the POST to the run's finishedAt.
import { fork, type ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { Events, SyncRun } from '@patt/contracts';
import { startPlatform, TestPlatform } from '@patt/testing';
import { BlizzardStandIn, type BlizzardStandInStats, generateGuild } from '../../libs/testing/src/blizzard';
import { checkBuilds, waitForBuilds } from './lib/build';
import { Cleanup, prepareInfra, runBench, sleep } from './lib/harness';
import { memoryOf } from './lib/proc';
import { machineLine, mib, num, printSummary, printTable, verdict } from './lib/table';

const MEMBERS = Number(process.env['BENCH_MEMBERS'] ?? 1000);
const RATE = Number(process.env['BENCH_RATE'] ?? 100);
const LARGE_MEMBERS = Number(process.env['BENCH_LARGE_MEMBERS'] ?? 5000);
const LARGE_RATE = Number(process.env['BENCH_LARGE_RATE'] ?? 100);
const CLIENT_ID = 'bench-guild-sync';
const CLIENT_SECRET = 'bench-guild-sync-secret';
const GOAL_RATIO = 1.15;
const GOAL_RSS_KIB = 300 * 1024;

// --- the stand-in in a child process ---------------------------------------------------------

interface StandInHandle {
  url: string;
  oauthUrl: string;
  realmSlug: string;
  stats(): Promise<BlizzardStandInStats>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

type Command = { id: number; op: 'stats' | 'reset' };
type Reply = { id: number; stats?: BlizzardStandInStats } | { ready: { url: string; oauthUrl: string; realmSlug: string } };

async function serveForParent(members: number, rate: number): Promise<void> {
  const blizzard = await BlizzardStandIn.start({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    guild: generateGuild({ size: members, seed: members }),
    ratePerSecond: rate,
  });
  process.on('message', (command: Command) => {
    if (command.op === 'reset') blizzard.resetStats();
    process.send?.({ id: command.id, stats: blizzard.stats() });
  });
  process.once('SIGTERM', () => void blizzard.close().then(() => process.exit(0)));
  process.send?.({ ready: { url: blizzard.url, oauthUrl: blizzard.oauthUrl, realmSlug: blizzard.guild.realm.slug } });
}

async function startStandIn(members: number, rate: number): Promise<StandInHandle> {
  const child: ChildProcess = fork(__filename, ['--stand-in', String(members), String(rate)], { execArgv: process.execArgv });
  const pending = new Map<number, (reply: Reply) => void>();
  let nextId = 0;
  const ready = new Promise<{ url: string; oauthUrl: string; realmSlug: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the stand-in exited (${code}) before it was ready`)));
    child.on('message', (message: Reply) => {
      if ('ready' in message) resolve(message.ready);
      else pending.get(message.id)?.(message);
    });
  });
  const ask = (op: Command['op']): Promise<BlizzardStandInStats> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (reply) => ('stats' in reply && reply.stats ? resolve(reply.stats) : reject(new Error('no stats'))));
      child.send({ id, op });
    });
  const { url, oauthUrl, realmSlug } = await ready;
  return {
    url,
    oauthUrl,
    realmSlug,
    stats: () => ask('stats'),
    resetStats: async () => {
      await ask('reset');
    },
    close: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

// --- one platform (guild-sync + gateway) pointed at one stand-in ----------------------------

interface Setup {
  platform: TestPlatform;
  standIn: StandInHandle;
  db: Client;
  officer: string;
  pid: number;
}

async function setUp(cleanup: Cleanup, members: number, rate: number): Promise<Setup> {
  const standIn = await startStandIn(members, rate);
  cleanup.add(`stand-in (${members})`, () => standIn.close());
  const platform = await startPlatform({
    apps: ['guild-sync'],
    env: {
      'guild-sync': {
        BLIZZARD_CLIENT_ID: CLIENT_ID,
        BLIZZARD_CLIENT_SECRET: CLIENT_SECRET,
        BLIZZARD_API_URL: standIn.url,
        BLIZZARD_OAUTH_URL: standIn.oauthUrl,
        BLIZZARD_RATE_PER_SECOND: String(rate),
        GUILD_REALM_SLUG: standIn.realmSlug,
        GUILD_NAME_SLUG: 'pull-all-the-things',
        LOG_LEVEL: 'warn',
      },
      gateway: { LOG_LEVEL: 'warn' },
    },
  });
  cleanup.add(`platform (${members})`, () => platform.stop());
  const db = new Client({ connectionString: platform.db.adminUrl });
  await db.connect();
  cleanup.add(`db client (${members})`, () => db.end());
  const pid = platform.services.get('guild-sync')?.child.pid;
  if (!pid) throw new Error('guild-sync has no pid');
  return { platform, standIn, db, officer: platform.token({ rank: 4, username: 'bench-officer' }), pid };
}

async function api<T>(setup: Setup, path: string, method = 'GET'): Promise<T> {
  const response = await fetch(`${setup.platform.gatewayUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${setup.officer}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    body: method === 'POST' ? '{}' : undefined,
  });
  const body = (await response.json()) as { ok: boolean; data: T; error?: string };
  if (!body.ok) throw new Error(`${method} ${path}: ${response.status} ${body.error}`);
  return body.data;
}

interface Timed {
  run: SyncRun;
  wallSeconds: number;
  runSeconds: number;
  peakRssKib: number;
}

/** Starts a run, polls it to its end (sampling the service's memory), and times it. */
async function syncOnce(setup: Setup): Promise<Timed> {
  const postedAt = Date.now();
  const queued = await api<SyncRun>(setup, '/api/v1/guild-sync/runs', 'POST');
  let run = queued;
  let peakRssKib = 0;
  while (!['succeeded', 'partial', 'failed'].includes(run.status)) {
    await sleep(100);
    peakRssKib = Math.max(peakRssKib, memoryOf(setup.pid)?.peakKib ?? 0);
    run = await api<SyncRun>(setup, `/api/v1/guild-sync/runs/${queued.id}`);
  }
  if (run.status === 'failed') throw new Error(`run ${run.id} failed: ${run.error}`);
  peakRssKib = Math.max(peakRssKib, memoryOf(setup.pid)?.peakKib ?? 0);
  const finishedAt = Date.parse(run.finishedAt ?? '');
  return {
    run,
    wallSeconds: (finishedAt - postedAt) / 1000,
    runSeconds: (finishedAt - Date.parse(run.startedAt ?? '')) / 1000,
    peakRssKib,
  };
}

async function rowVersions(db: Client): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; xmin: string }>('SELECT id, xmin::text AS xmin FROM guild_sync.characters');
  return new Map(rows.map((row) => [row.id, row.xmin]));
}

async function rosterEventsOf(db: Client, runId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM guild_sync.roster_events WHERE run_id = $1', [runId]);
  return Number(rows[0]?.n ?? 0);
}

/** The roster-synced parts of a run as the relay sends them (JSON, not Postgres's jsonb text). */
async function partSizes(db: Client, runId: string): Promise<number[]> {
  const { rows } = await db.query<{ payload: { runId: string } }>('SELECT payload FROM guild_sync.outbox WHERE subject = $1', [Events.RosterSynced]);
  return rows.filter((row) => row.payload.runId === runId).map((row) => Buffer.byteLength(JSON.stringify(row.payload)));
}

async function main(cleanup: Cleanup): Promise<boolean> {
  console.log('guild-sync: Blizzard roster sync through the real service, against the stand-in');
  console.log(`  ${machineLine()}`);
  await prepareInfra(cleanup);
  await waitForBuilds(['guild-sync', 'gateway']);
  const stale = checkBuilds(['guild-sync', 'gateway']);
  if (stale) console.warn(`  warning: ${stale}`);

  // 1 and 2: the 1,000-member guild.
  const floor = MEMBERS / RATE;
  const small = await setUp(cleanup, MEMBERS, RATE);
  console.log(`  full sync of ${num(MEMBERS)} members at ${RATE}/s…`);
  const full = await syncOnce(small);
  const fullStats = await small.standIn.stats();

  const before = await rowVersions(small.db);
  await small.standIn.resetStats();
  console.log('  re-sync with nothing changed…');
  const again = await syncOnce(small);
  const againStats = await small.standIn.stats();
  const after = await rowVersions(small.db);
  const rewritten = [...after].filter(([id, xmin]) => before.get(id) !== xmin).length;
  const rowsWritten = rewritten + (await rosterEventsOf(small.db, again.run.id));

  // 3: the 5,000-member guild on a fresh process.
  console.log(`  full sync of ${num(LARGE_MEMBERS)} members at ${LARGE_RATE}/s (fresh process and database)…`);
  const large = await setUp(cleanup, LARGE_MEMBERS, LARGE_RATE);
  const rssAtStartKib = memoryOf(large.pid)?.peakKib ?? 0;
  const big = await syncOnce(large);
  const bigStats = await large.standIn.stats();
  const sizes = await partSizes(large.db, big.run.id);
  const largestPart = Math.max(...sizes);

  const goals = {
    fullRatio: full.wallSeconds / floor <= GOAL_RATIO,
    full429s: fullStats.rateLimited === 0,
    resyncRatio: again.wallSeconds / floor <= GOAL_RATIO,
    resyncRows: rowsWritten === 0,
    largeRss: big.peakRssKib < GOAL_RSS_KIB,
  };
  printTable(
    'Roster sync runs (wall = POST → finishedAt; floor = members / rate)',
    ['run', 'members', 'rate/s', 'wall', 'run', 'floor', 'ratio', '200s', '304s', '429s', 'over limit', 'peak/s', 'rows written'],
    [
      ['full sync', MEMBERS, RATE, `${num(full.wallSeconds, 2)} s`, `${num(full.runSeconds, 2)} s`, `${num(floor, 1)} s`, num(full.wallSeconds / floor, 3), fullStats.profile.ok, fullStats.profile.notModified, fullStats.rateLimited, fullStats.overLimit, fullStats.peakPerSlidingSecond, '–'],
      ['re-sync, unchanged', MEMBERS, RATE, `${num(again.wallSeconds, 2)} s`, `${num(again.runSeconds, 2)} s`, `${num(floor, 1)} s`, num(again.wallSeconds / floor, 3), againStats.profile.ok, againStats.profile.notModified, againStats.rateLimited, againStats.overLimit, againStats.peakPerSlidingSecond, rowsWritten],
      ['full sync, large', LARGE_MEMBERS, LARGE_RATE, `${num(big.wallSeconds, 2)} s`, `${num(big.runSeconds, 2)} s`, `${num(LARGE_MEMBERS / LARGE_RATE, 1)} s`, num(big.wallSeconds / (LARGE_MEMBERS / LARGE_RATE), 3), bigStats.profile.ok, bigStats.profile.notModified, bigStats.rateLimited, bigStats.overLimit, bigStats.peakPerSlidingSecond, '–'],
    ],
  );
  printTable(
    `The ${num(LARGE_MEMBERS)}-member run`,
    ['guild-sync peak RSS (VmHWM)', 'at start', 'roster-synced parts', 'largest part', 'all parts'],
    [[mib(big.peakRssKib), mib(rssAtStartKib), sizes.length, `${num(largestPart / 1024, 1)} KiB`, `${num(sizes.reduce((a, b) => a + b, 0) / 1024, 1)} KiB`]],
  );
  printTable(
    'Goals',
    ['goal', 'figure', 'verdict'],
    [
      [`full sync ratio ≤ ${GOAL_RATIO}`, num(full.wallSeconds / floor, 3), verdict(goals.fullRatio)],
      ['429s in a clean full sync = 0', fullStats.rateLimited, verdict(goals.full429s)],
      [`unchanged re-sync ratio ≤ ${GOAL_RATIO}`, num(again.wallSeconds / floor, 3), verdict(goals.resyncRatio)],
      ['rows written by an unchanged re-sync = 0', rowsWritten, verdict(goals.resyncRows)],
      [`peak RSS at ${num(LARGE_MEMBERS)} members < 300 MiB`, mib(big.peakRssKib), verdict(goals.largeRss)],
    ],
  );
  printSummary('guild-sync', {
    members: MEMBERS,
    rate: RATE,
    fullSync: { wallSeconds: full.wallSeconds, runSeconds: full.runSeconds, ratio: full.wallSeconds / floor, rateLimited: fullStats.rateLimited, overLimit: fullStats.overLimit },
    resync: { wallSeconds: again.wallSeconds, ratio: again.wallSeconds / floor, notModified: againStats.profile.notModified, rowsWritten },
    large: { members: LARGE_MEMBERS, rate: LARGE_RATE, wallSeconds: big.wallSeconds, peakRssMiB: big.peakRssKib / 1024, largestPartBytes: largestPart, parts: sizes.length },
    goals,
  });
  return Object.values(goals).every(Boolean);
}

if (process.argv[2] === '--stand-in') {
  void serveForParent(Number(process.argv[3]), Number(process.argv[4]));
} else {
  runBench('guild-sync', 15 * 60_000, main);
}
