// Benchmark: the Blizzard client fetching a guild's profiles through its rate limiter, against
// the stand-in enforcing the same rate in fixed 1-second windows.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/blizzard-client.bench.ts
//
// SWC_NODE_PROJECT is needed because the client and the stand-in import @patt/wow, and
// swc-node reads the path aliases from tsconfig.base.json only when told to.
// Environment: BENCH_PROFILES (1000), BENCH_RATE (100), BENCH_IN_PROCESS=1 to run the stand-in
// in this process instead of its own (client and server then share one event loop and CPU).
//
// The "floor" is profiles / rate = 10 s for 1,000 at 100/s. A sliding-window limiter may start
// the first 100 at once and the last 100 nine windows later, so the best possible wall time is
// 9 s plus nine answer latencies (the limiter counts a slot from its answer): a ratio near 1 is
// expected, above 1.15 is a regression.
import { fork, type ChildProcess } from 'node:child_process';
import { BlizzardClient } from '../../apps/guild-sync/src/blizzard';
import {
  BlizzardStandIn,
  type BlizzardStandInStats,
  type FaultSettings,
  generateGuild,
} from '../../libs/testing/src/blizzard';

const PROFILES = Number(process.env['BENCH_PROFILES'] ?? 1000);
const RATE = Number(process.env['BENCH_RATE'] ?? 100);
const IN_PROCESS = process.env['BENCH_IN_PROCESS'] === '1';
const SEED = 1000;
const CLIENT_ID = 'bench-client';
const CLIENT_SECRET = 'bench-secret';

/** What the bench needs of the stand-in, wherever it runs. */
interface StandInHandle {
  url: string;
  oauthUrl: string;
  stats(): Promise<BlizzardStandInStats>;
  reset(faults: Partial<FaultSettings>): Promise<void>;
  close(): Promise<void>;
}

type Command = { id: number; op: 'stats' } | { id: number; op: 'reset'; faults: Partial<FaultSettings> };
type Reply = { id: number; stats?: BlizzardStandInStats } | { ready: { url: string; oauthUrl: string } };

function startStandIn(): Promise<BlizzardStandIn> {
  return BlizzardStandIn.start({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    guild: generateGuild({ size: PROFILES, seed: SEED }),
    ratePerSecond: RATE,
  });
}

async function inProcessStandIn(): Promise<StandInHandle> {
  const blizzard = await startStandIn();
  return {
    url: blizzard.url,
    oauthUrl: blizzard.oauthUrl,
    stats: async () => blizzard.stats(),
    reset: async (faults) => {
      blizzard.faults.reset();
      blizzard.faults.set(faults);
      blizzard.resetStats();
    },
    close: () => blizzard.close(),
  };
}

/** The stand-in in a child process of its own, as Blizzard is: the client's CPU is its own. */
async function childProcessStandIn(): Promise<StandInHandle> {
  const child: ChildProcess = fork(__filename, ['--stand-in'], { execArgv: process.execArgv, env: process.env });
  const pending = new Map<number, (reply: Reply) => void>();
  let nextId = 0;
  const ready = new Promise<{ url: string; oauthUrl: string }>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (message: Reply) => {
      if ('ready' in message) resolve(message.ready);
      else pending.get(message.id)?.(message);
    });
  });
  const ask = (command: { op: 'stats' } | { op: 'reset'; faults: Partial<FaultSettings> }): Promise<Reply> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ ...command, id });
    });
  const { url, oauthUrl } = await ready;
  return {
    url,
    oauthUrl,
    stats: async () => statsOf(await ask({ op: 'stats' })),
    reset: async (faults) => {
      await ask({ op: 'reset', faults });
    },
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

function statsOf(reply: Reply): BlizzardStandInStats {
  if ('stats' in reply && reply.stats) return reply.stats;
  throw new Error('the stand-in sent no stats');
}

/** Child side: serve, and answer the parent's commands. */
async function serveForParent(): Promise<void> {
  const blizzard = await startStandIn();
  process.on('message', (command: Command) => {
    if (command.op === 'reset') {
      blizzard.faults.reset();
      blizzard.faults.set(command.faults);
      blizzard.resetStats();
      process.send?.({ id: command.id });
    } else {
      process.send?.({ id: command.id, stats: blizzard.stats() });
    }
  });
  process.once('SIGTERM', () => {
    void blizzard.close().then(() => process.exit(0));
  });
  process.send?.({ ready: { url: blizzard.url, oauthUrl: blizzard.oauthUrl } });
}

interface Scenario {
  name: string;
  /** Added to every answer by the stand-in (after it counted the request). */
  delayMs?: number;
  /** Send the Last-Modified of a first pass, so every answer is a 304. */
  notModified?: boolean;
}

interface Result {
  scenario: string;
  wallSeconds: number;
  ratioToFloor: number;
  ok: number;
  notModified: number;
  standIn429s: number;
  clientSaw429s: number;
  peakPerSecond: number;
  peakPerSlidingSecond: number;
  requests: number;
}

async function run(
  standIn: StandInHandle,
  client: BlizzardClient,
  scenario: Scenario,
  lastModified: Map<string, string>,
): Promise<Result> {
  // Let the last scenario's requests leave every 1-second window, the client's and the
  // stand-in's, so each scenario starts with a full budget and its clock measures only itself.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await standIn.reset({ delayMs: scenario.delayMs ?? 0 });
  const before = client.metrics();
  // The same seed gives the same names as the stand-in's guild.
  const members = generateGuild({ size: PROFILES, seed: SEED }).members;
  const started = performance.now();
  const results = await Promise.all(
    members.map(async (m) => {
      const key = `${m.realm.slug}/${m.name}`;
      const result = await client.getCharacterProfile(m.realm.slug, m.name, {
        ifModifiedSince: scenario.notModified ? lastModified.get(key) : undefined,
      });
      if (result.status === 'ok' && result.lastModified) lastModified.set(key, result.lastModified);
      return result;
    }),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const stats = await standIn.stats();
  return {
    scenario: scenario.name,
    wallSeconds: round(wallSeconds, 3),
    ratioToFloor: round(wallSeconds / (PROFILES / RATE), 3),
    ok: results.filter((r) => r.status === 'ok').length,
    notModified: results.filter((r) => r.status === 'not-modified').length,
    standIn429s: stats.rateLimited,
    clientSaw429s: client.metrics().rateLimited - before.rateLimited,
    peakPerSecond: stats.peakPerSecond,
    peakPerSlidingSecond: stats.peakPerSlidingSecond,
    requests: stats.profile.requests,
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function main(): Promise<void> {
  const standIn = IN_PROCESS ? await inProcessStandIn() : await childProcessStandIn();
  // One client for every scenario, as in the service: one limiter for the whole process.
  const client = new BlizzardClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    apiUrl: standIn.url,
    oauthUrl: standIn.oauthUrl,
    ratePerSecond: RATE,
  });
  const lastModified = new Map<string, string>();
  const scenarios: Scenario[] = [
    { name: `${PROFILES} profiles, 200s` },
    { name: `${PROFILES} profiles, all 304`, notModified: true },
    { name: `${PROFILES} profiles, 200s, 50 ms answers`, delayMs: 50 },
  ];
  const results: Result[] = [];
  try {
    for (const scenario of scenarios) {
      const result = await run(standIn, client, scenario, lastModified);
      results.push(result);
      console.log(JSON.stringify(result));
    }
  } finally {
    client.close();
    await standIn.close();
  }
  const where = IN_PROCESS ? 'the stand-in in this process' : 'the stand-in in its own process';
  console.log(`\nBlizzard client: ${PROFILES} profile fetches at ${RATE}/s (floor ${PROFILES / RATE} s), ${where}`);
  console.table(results);
  const worst = Math.max(...results.map((r) => r.ratioToFloor));
  const any429 = results.some((r) => r.standIn429s > 0);
  if (worst > 1.15 || any429) {
    console.error(`FAIL: worst ratio ${worst} (goal <= 1.15), 429s seen: ${any429}`);
    process.exitCode = 1;
  }
}

(process.argv.includes('--stand-in') ? serveForParent() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
