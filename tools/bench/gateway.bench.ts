// The public API under load: the real platform (auth, identity, guild-sync, discord-bot and the
// gateway as processes from dist/, on a throwaway database and a private stream), hit with
// autocannon, 50 connections, 3 s warm-up then 15 s measured per endpoint:
//   GET /api/v1/ranks    with a valid token: JWT check, NATS request to identity, Postgres, reply
//   GET /api/v1/version  answered by the gateway alone (the baseline)
// Goal for ranks: ≥ 2,000 requests/s and p99 < 50 ms.
//
//   NX_DAEMON=false npx nx run-many -t build   (the bench runs what is in dist/)
//   npm run bench -- gateway
//   BENCH_CONNECTIONS=50 BENCH_DURATION=15 BENCH_GATEWAY_LOG_LEVEL=info npm run bench -- gateway
import { Client } from 'pg';
import { BACKEND_APPS, startPlatform } from '@patt/testing';
import { checkBuilds, waitForBuilds } from './lib/build';
import { Cleanup, deleteStream, prepareInfra, runBench } from './lib/harness';
import { load, LoadOptions, LoadResult } from './lib/load';
import { cpuMeter, formatCpu, pidsNamed } from './lib/proc';
import { round } from './lib/stats';
import { machine, machineLine, ms, num, printSummary, printTable, verdict } from './lib/table';

const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 15);
const WARMUP_S = 3;
/** The gateway logs every request at info, as deployed; `warn` shows what that logging costs. */
const GATEWAY_LOG_LEVEL = process.env['BENCH_GATEWAY_LOG_LEVEL'] ?? 'info';
const GOAL_RPS = 2000;
const GOAL_P99_MS = 50;

interface Target {
  name: string;
  path: string;
  authorized: boolean;
  goal: boolean;
}

const TARGETS: Target[] = [
  { name: 'GET /api/v1/version (gateway alone)', path: '/api/v1/version', authorized: false, goal: false },
  { name: 'GET /api/v1/ranks (gateway → NATS → identity → Postgres)', path: '/api/v1/ranks', authorized: true, goal: true },
];

interface Measured {
  target: Target;
  result: LoadResult;
  cpu: Record<string, number>;
}

runBench('gateway', 175_000, async (cleanup: Cleanup) => {
  const started = Date.now();
  console.log(`gateway bench — ${machineLine()}`);
  const loadAtStart = machine().loadAverage;
  await waitForBuilds([...BACKEND_APPS, 'gateway']);
  const stale = checkBuilds([...BACKEND_APPS, 'gateway']);
  if (stale) console.log(`  note: ${stale}`);
  await prepareInfra(cleanup);

  console.log('  starting the platform (auth, identity, guild-sync, discord-bot, gateway)…');
  const platform = await startPlatform({ env: { gateway: { LOG_LEVEL: GATEWAY_LOG_LEVEL } } });
  cleanup.add('delete stream', () => deleteStream(platform.bus.natsUrl, platform.bus.stream));
  cleanup.add('platform', () => platform.stop());
  // The bench keeps every line the services print; under load that is a lot of request logs.
  const trim = setInterval(() => platform.services.forEach((service) => service.output.splice(0)), 1000);
  cleanup.add('log trimming', async () => clearInterval(trim));

  const token = platform.token({ rank: 1, username: 'bench' });
  const check = await fetch(`${platform.gatewayUrl}/api/v1/ranks`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await check.json()) as { ok?: boolean; data?: { total?: number } };
  if (check.status !== 200 || body.data?.total !== 5) throw new Error(`GET /api/v1/ranks answered ${check.status}: ${JSON.stringify(body)}`);

  const admin = new Client({ connectionString: platform.db.adminUrl, application_name: 'bench-observer' });
  await admin.connect();
  cleanup.add('observer connection', () => admin.end());
  const pidOf = (app: 'gateway' | 'identity') => platform.services.get(app)?.child.pid ?? -1;
  const groups = {
    gateway: () => [pidOf('gateway')],
    identity: () => [pidOf('identity')],
    postgres: async () =>
      (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map(
        (r) => r.pid,
      ),
    nats: () => pidsNamed('nats-server'),
  };

  const measured: Measured[] = [];
  for (const target of TARGETS) {
    const options: LoadOptions = {
      duration: DURATION_S,
      url: `${platform.gatewayUrl}${target.path}`,
      connections: CONNECTIONS,
      headers: target.authorized ? { authorization: `Bearer ${token}` } : {},
    };
    console.log(`  ${target.name}: ${WARMUP_S} s warm-up, then ${DURATION_S} s with ${CONNECTIONS} connections…`);
    await load({ ...options, duration: WARMUP_S });
    const cpu = await cpuMeter(groups);
    const result = await load({ ...options, duration: DURATION_S });
    measured.push({ target, result, cpu: await cpu() });
  }
  const loadAtEnd = machine().loadAverage;

  const met = (m: Measured): boolean | null =>
    m.target.goal ? m.result.requests.average >= GOAL_RPS && m.result.latency.p99 < GOAL_P99_MS && m.result.errors + m.result.non2xx === 0 : null;
  printTable(
    `gateway under load — ${CONNECTIONS} connections, ${DURATION_S} s each after ${WARMUP_S} s warm-up; gateway LOG_LEVEL=${GATEWAY_LOG_LEVEL}; goal for ranks ≥ ${num(GOAL_RPS)} req/s, p99 < ${GOAL_P99_MS} ms`,
    ['endpoint', 'req/s', 'requests', 'p50', 'p90', 'p99', 'max', 'errors', 'timeouts', 'non-2xx', 'goal'],
    measured.map((m) => [
      m.target.name,
      num(m.result.requests.average),
      num(m.result.latency.totalCount),
      ms(m.result.latency.p50, 0),
      ms(m.result.latency.p90, 0),
      ms(m.result.latency.p99, 0),
      ms(m.result.latency.max, 0),
      m.result.errors,
      m.result.timeouts,
      m.result.non2xx,
      verdict(met(m)),
    ]),
  );
  for (const m of measured) console.log(`  CPU % of one core during ${m.target.path}: ${formatCpu(m.cpu)} (bench = autocannon, on the same 2 cores)`);
  console.log(`  latencies as autocannon records them (whole ms); load average at start ${loadAtStart.join(' / ')}, at end ${loadAtEnd.join(' / ')}; ran ${Math.round((Date.now() - started) / 1000)} s`);

  const goalsMet = measured.every((m) => met(m) !== false);
  printSummary('gateway', {
    goalsMet,
    connections: CONNECTIONS,
    durationSeconds: DURATION_S,
    gatewayLogLevel: GATEWAY_LOG_LEVEL,
    loadAverageAtStart: loadAtStart,
    endpoints: measured.map((m) => ({
      path: m.target.path,
      requestsPerSecond: round(m.result.requests.average, 0),
      requests: m.result.latency.totalCount,
      p50Ms: m.result.latency.p50,
      p90Ms: m.result.latency.p90,
      p99Ms: m.result.latency.p99,
      maxMs: m.result.latency.max,
      errors: m.result.errors,
      timeouts: m.result.timeouts,
      non2xx: m.result.non2xx,
      statusCodes: Object.fromEntries(Object.entries(m.result.statusCodeStats).map(([code, stat]) => [code, stat.count])),
      cpuPercent: m.cpu,
      goal: m.target.goal ? { requestsPerSecond: GOAL_RPS, p99Ms: GOAL_P99_MS, met: met(m) } : null,
    })),
  });
  return goalsMet;
});
