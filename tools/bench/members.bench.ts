// Benchmark of the members list: GET /api/v1/members?limit=500 through the gateway (JWT check,
// NATS request to identity, two Postgres queries, a 500-member page with every character back),
// 50 connections, 3 s warm-up then 15 s measured, on a guild seeded the way identity learns one:
// roster-synced and members-synced events (mains named like their Discord users, alts whose notes
// name their main, officer notes on some), matched by identity itself. A page is about 570 KB of
// JSON, so at 50 connections the latency is the queue (50 ÷ requests/s): the figure that matters
// is throughput. Goal: every answer a 200, and ≥ 10 pages/s (5,000 members a second: a whole
// large guild listed in one).
//
//   node tools/build/build-app.mjs identity && node tools/build/build-app.mjs gateway
//   npm run bench -- members
//   BENCH_MEMBERS=5000 BENCH_CONNECTIONS=50 BENCH_DURATION=15 npm run bench -- members
import { Client } from 'pg';
import { startPlatform } from '@patt/testing';
import { checkBuilds, waitForBuilds } from './lib/build';
import { publishGuild, seedGuild, untilMembersSettled } from './lib/guild-seed';
import { Cleanup, prepareInfra, runBench } from './lib/harness';
import { load, LoadResult } from './lib/load';
import { cpuMeter, formatCpu, pidsNamed } from './lib/proc';
import { round } from './lib/stats';
import { machine, machineLine, ms, num, printSummary, printTable, verdict } from './lib/table';

const MEMBERS = Number(process.env['BENCH_MEMBERS'] ?? 2000);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 15);
const WARMUP_S = 3;
const GATEWAY_LOG_LEVEL = process.env['BENCH_GATEWAY_LOG_LEVEL'] ?? 'info';
const GOAL_PAGES_PER_SECOND = 10;

runBench('members', 175_000, async (cleanup: Cleanup) => {
  const started = Date.now();
  console.log(`members bench — ${machineLine()}`);
  const loadAtStart = machine().loadAverage;
  await waitForBuilds(['identity', 'gateway']);
  const stale = checkBuilds(['identity', 'gateway']);
  if (stale) console.log(`  note: ${stale}`);
  await prepareInfra(cleanup);

  console.log('  starting identity and the gateway…');
  const platform = await startPlatform({ apps: ['identity'], env: { gateway: { LOG_LEVEL: GATEWAY_LOG_LEVEL } } });
  cleanup.add('platform', () => platform.stop());
  const trim = setInterval(() => platform.services.forEach((service) => service.output.splice(0)), 1000);
  cleanup.add('log trimming', async () => clearInterval(trim));

  const guild = seedGuild(MEMBERS);
  console.log(`  seeding ${num(MEMBERS)} players: ${num(guild.characters.length)} characters, ${num(guild.discord.length)} Discord members, as events…`);
  const seedStarted = Date.now();
  await publishGuild(platform.bus, guild);
  const token = platform.token({ rank: 1, username: 'bench' });
  const url = `${platform.gatewayUrl}/api/v1/members?limit=500`;
  const page = async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const text = await response.text();
    return { status: response.status, bytes: Buffer.byteLength(text), total: response.ok ? ((JSON.parse(text) as { data: { total: number } }).data.total) : -1 };
  };
  const seeded = await untilMembersSettled(page, MEMBERS);
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  const admin = new Client({ connectionString: platform.db.adminUrl, application_name: 'bench-observer' });
  await admin.connect();
  cleanup.add('observer connection', () => admin.end());
  const [counts] = (
    await admin.query<{ members: number; links: number; characters: number }>(
      `SELECT (SELECT count(*)::int FROM identity.members) AS members, (SELECT count(*)::int FROM identity.links) AS links,
              (SELECT count(*)::int FROM identity.characters) AS characters`,
    )
  ).rows;
  console.log(
    `  seeded in ${round(seedSeconds, 1)} s (events applied and matched): ${num(counts?.members)} members, ${num(counts?.characters)} characters, ${num(counts?.links)} links; one page of 500 is ${num(seeded.bytes / 1024)} KiB of JSON`,
  );

  const pidOf = (app: 'gateway' | 'identity') => platform.services.get(app)?.child.pid ?? -1;
  const groups = {
    gateway: () => [pidOf('gateway')],
    identity: () => [pidOf('identity')],
    postgres: async () =>
      (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid),
    nats: () => pidsNamed('nats-server'),
  };
  const options = { url, connections: CONNECTIONS, headers: { authorization: `Bearer ${token}` } };
  console.log(`  GET /api/v1/members?limit=500: ${WARMUP_S} s warm-up, then ${DURATION_S} s with ${CONNECTIONS} connections…`);
  await load({ ...options, duration: WARMUP_S });
  const cpu = await cpuMeter(groups);
  const result: LoadResult = await load({ ...options, duration: DURATION_S });
  const cpuShares = await cpu();
  const loadAtEnd = machine().loadAverage;

  const goalMet = result.errors + result.timeouts + result.non2xx === 0 && result.requests.average >= GOAL_PAGES_PER_SECOND;
  printTable(
    `members list under load — ${num(counts?.members)} members, ${num(counts?.characters)} characters; ${CONNECTIONS} connections, ${DURATION_S} s after ${WARMUP_S} s warm-up; goal: all 200, ≥ ${GOAL_PAGES_PER_SECOND} pages/s`,
    ['endpoint', 'req/s', 'members/s', 'MiB/s', 'p50', 'p90', 'p99', 'max', 'errors', 'non-2xx', 'goal'],
    [
      [
        'GET /api/v1/members?limit=500',
        num(result.requests.average, 1),
        num(result.requests.average * 500),
        num((result.requests.average * seeded.bytes) / 1024 / 1024, 1),
        ms(result.latency.p50, 0),
        ms(result.latency.p90, 0),
        ms(result.latency.p99, 0),
        ms(result.latency.max, 0),
        result.errors + result.timeouts,
        result.non2xx,
        verdict(goalMet),
      ],
    ],
  );
  console.log(`  CPU % of one core: ${formatCpu(cpuShares)} (bench = autocannon, on the same ${machine().cores} cores)`);
  console.log(`  load average at start ${loadAtStart.join(' / ')}, at end ${loadAtEnd.join(' / ')}; ran ${Math.round((Date.now() - started) / 1000)} s`);
  printSummary('members', {
    goalsMet: goalMet,
    members: counts?.members,
    characters: counts?.characters,
    pageBytes: seeded.bytes,
    seedSeconds: round(seedSeconds, 1),
    connections: CONNECTIONS,
    durationSeconds: DURATION_S,
    requestsPerSecond: round(result.requests.average, 1),
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuPercent: cpuShares,
  });
  return goalMet;
});
