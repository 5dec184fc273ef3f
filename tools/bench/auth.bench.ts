// Logins per second and the bcrypt cost behind them, and GET /api/v1/auth/me under load:
//   1. bcrypt in this process (the service's library, async on libuv's pool as the service calls it):
//      hash and compare at costs 10, 11 and 12, 10 samples each, one at a time: median and p95;
//      the cost the service uses (AuthConfig's BCRYPT_COST default, and the cost of the stored hash);
//   2. the real auth service and gateway (startPlatform, dist/, throwaway database and stream), the
//      gateway trusting X-Forwarded-For: POST /api/v1/auth/login as the bootstrap account, 10 s at 4
//      and at 16 connections, each request from an address of its own (the login throttle allows 30
//      per address in 10 minutes): requests/s, p50, p99, status codes (a 429 makes the run invalid;
//      a 503 is a sign-in the bcrypt bound turned away, BCRYPT_MAX_CONCURRENT at once and
//      BCRYPT_MAX_WAIT_MS of waiting, counted apart: the figure of what the bound sheds);
//   3. GET /api/v1/auth/me with a token from a login (gateway → NATS → auth → Postgres) and
//      GET /api/v1/version (the gateway alone), 50 connections, 3 s warm-up then 15 s each.
// No goals: figures to watch. The run fails (exit 1) when a request was refused or went wrong.
//
//   NX_DAEMON=false npx nx run-many -t build   (the bench runs what is in dist/)
//   npm run bench -- auth
//   BENCH_LOGIN_CONNECTIONS=4,16 BENCH_LOGIN_DURATION=10 BENCH_CONNECTIONS=50 BENCH_DURATION=15 npm run bench -- auth
import { performance } from 'node:perf_hooks';
import * as bcrypt from 'bcrypt';
import { Client } from 'pg';
import { startPlatform } from '@patt/testing';
import { AuthConfig } from '../../apps/auth/src/app/auth.config';
import { checkBuilds, waitForBuilds } from './lib/build';
import { Cleanup, prepareInfra, runBench } from './lib/harness';
import { load, LoadOptions, LoadResult } from './lib/load';
import { cpuMeter, formatCpu, pidsNamed } from './lib/proc';
import { round, summarize, Summary } from './lib/stats';
import { machine, machineLine, ms, num, printSummary, printTable } from './lib/table';

const APPS = ['auth', 'gateway'] as const;
const BCRYPT_COSTS = [10, 11, 12];
const BCRYPT_SAMPLES = Number(process.env['BENCH_BCRYPT_SAMPLES'] ?? 10);
const LOGIN_CONNECTIONS = (process.env['BENCH_LOGIN_CONNECTIONS'] ?? '4,16').split(',').map(Number);
const LOGIN_DURATION_S = Number(process.env['BENCH_LOGIN_DURATION'] ?? 10);
/** A login waits its turn for bcrypt: at 16 connections that is seconds, not a timeout. */
const LOGIN_TIMEOUT_S = 30;
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 15);
const WARMUP_S = 3;
const USERNAME = 'guildmaster';
const PASSWORD = 'correct horse battery';
const PASSWORD_FOR_BCRYPT = 'a password of ordinary length';

interface CostFigures {
  cost: number;
  hash: Summary;
  compare: Summary;
}

/** What autocannon's builder hands setupRequest (and takes back) for each request. */
interface RequestData {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** load() passes every option through to autocannon; these script the request. */
interface ScriptedLoadOptions extends LoadOptions {
  method?: 'GET' | 'POST';
  body?: string;
  requests?: Array<{ setupRequest: (request: RequestData) => RequestData }>;
}

interface Run {
  name: string;
  path: string;
  connections: number;
  seconds: number;
  result: LoadResult;
  cpu: Record<string, number>;
}

interface Attempts {
  /** Login attempts auth counted (one row per attempt under login:ip:<address>). */
  attempts: number;
  addresses: number;
  mostFromOneAddress: number;
}

/** Every request from an address never used before in this run: 10.0.0.1, 10.0.0.2, … */
let addressesUsed = 0;
function freshAddress(): string {
  addressesUsed += 1;
  const n = addressesUsed;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

async function timeBcrypt(cost: number): Promise<CostFigures> {
  const hashes: number[] = [];
  const compares: number[] = [];
  let hash = '';
  for (let i = 0; i < BCRYPT_SAMPLES; i += 1) {
    const t0 = performance.now();
    hash = await bcrypt.hash(PASSWORD_FOR_BCRYPT, cost);
    hashes.push(performance.now() - t0);
  }
  for (let i = 0; i < BCRYPT_SAMPLES; i += 1) {
    const t0 = performance.now();
    const matches = await bcrypt.compare(PASSWORD_FOR_BCRYPT, hash);
    compares.push(performance.now() - t0);
    if (!matches) throw new Error(`bcrypt.compare at cost ${cost} did not match its own hash`);
  }
  return { cost, hash: summarize(hashes), compare: summarize(compares) };
}

async function login(gatewayUrl: string): Promise<{ accessToken: string; userId: string }> {
  const response = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() },
    body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
  });
  const body = (await response.json()) as { ok?: boolean; data?: { accessToken?: string; user?: { id?: string } } };
  if (response.status !== 200 || !body.data?.accessToken || !body.data.user?.id) {
    throw new Error(`POST /api/v1/auth/login answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return { accessToken: body.data.accessToken, userId: body.data.user.id };
}

function statusCount(result: LoadResult, code: number): number {
  return result.statusCodeStats[String(code)]?.count ?? 0;
}

function statusCodes(result: LoadResult): Record<string, number> {
  return Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count]));
}

/**
 * The run's problems: errors, timeouts and answers other than 2xx (each 429 among them named). A
 * sign-in the bcrypt bound turned away (503) is what the bound is for: counted, not a problem.
 */
function problems(run: Run, shedding: boolean): string[] {
  const found: string[] = [];
  const tooMany = statusCount(run.result, 429);
  const shed = shedding ? statusCount(run.result, 503) : 0;
  if (tooMany > 0) found.push(`${tooMany} × 429 (throttled: the addresses were not fresh)`);
  if (run.result.non2xx > tooMany + shed) found.push(`${run.result.non2xx - tooMany - shed} other non-2xx (${JSON.stringify(statusCodes(run.result))})`);
  if (run.result.errors > 0) found.push(`${run.result.errors} errors (${run.result.timeouts} of them timeouts)`);
  return found;
}

runBench('auth', 175_000, async (cleanup: Cleanup) => {
  const started = Date.now();
  console.log(`auth bench — ${machineLine()}`);
  const loadAtStart = machine().loadAverage;
  await waitForBuilds(APPS);
  const stale = checkBuilds(APPS);
  if (stale) console.log(`  note: ${stale}`);

  // 1. bcrypt, in this process, before the platform runs (nothing of ours competes for the cores).
  const defaultCost = new AuthConfig().BCRYPT_COST;
  console.log(`  bcrypt: hash and compare at costs ${BCRYPT_COSTS.join(', ')}, ${BCRYPT_SAMPLES} samples each, one at a time…`);
  await bcrypt.hash(PASSWORD_FOR_BCRYPT, 4); // loads the native module and starts the pool
  const costs: CostFigures[] = [];
  for (const cost of BCRYPT_COSTS) costs.push(await timeBcrypt(cost));
  const loadAfterBcrypt = machine().loadAverage;

  // 2. and 3. need the platform: auth and the gateway, which believes X-Forwarded-For.
  await prepareInfra(cleanup);
  console.log('  starting the platform (auth, gateway with TRUST_PROXY=1)…');
  const platform = await startPlatform({ apps: ['auth'], env: { gateway: { TRUST_PROXY: '1' } } });
  cleanup.add('platform', () => platform.stop());
  // The bench keeps every line the services print; under load that is a lot of request logs.
  const trim = setInterval(() => platform.services.forEach((service) => service.output.splice(0)), 1000);
  cleanup.add('log trimming', async () => clearInterval(trim));

  const admin = new Client({ connectionString: platform.db.adminUrl, application_name: 'bench-observer' });
  await admin.connect();
  cleanup.add('observer connection', () => admin.end());
  const storedHash = (await admin.query<{ password_hash: string }>('SELECT password_hash FROM auth.users WHERE username = $1', [USERNAME])).rows[0]
    ?.password_hash;
  const serviceCost = storedHash ? bcrypt.getRounds(storedHash) : null;
  const costOverride = platform.envOf('auth')['BCRYPT_COST'] ?? null;
  const attemptsSoFar = async (): Promise<Attempts> => {
    const { rows } = await admin.query<Attempts>(
      `SELECT coalesce(sum(n), 0)::int AS attempts, count(*)::int AS addresses, coalesce(max(n), 0)::int AS "mostFromOneAddress"
         FROM (SELECT cardinality(attempts) AS n FROM auth.throttle_windows WHERE key LIKE 'login:ip:%') per_address`,
    );
    return rows[0] ?? { attempts: 0, addresses: 0, mostFromOneAddress: 0 };
  };

  const { accessToken, userId } = await login(platform.gatewayUrl);
  const me = await fetch(`${platform.gatewayUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  const meBody = (await me.json()) as { data?: { id?: string } };
  if (me.status !== 200 || meBody.data?.id !== userId) throw new Error(`GET /api/v1/auth/me answered ${me.status}: ${JSON.stringify(meBody)}`);

  const pidOf = (app: 'gateway' | 'auth') => platform.services.get(app)?.child.pid ?? -1;
  const groups = {
    gateway: () => [pidOf('gateway')],
    auth: () => [pidOf('auth')],
    postgres: async () =>
      (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map(
        (r) => r.pid,
      ),
    nats: () => pidsNamed('nats-server'),
  };

  // 2. Logins: every request from a fresh address, so the throttle never counts two from one.
  const logins: Array<Run & { attempts: Attempts }> = [];
  for (const connections of LOGIN_CONNECTIONS) {
    console.log(`  POST /api/v1/auth/login: ${LOGIN_DURATION_S} s with ${connections} connections, a fresh X-Forwarded-For per request…`);
    const options: ScriptedLoadOptions = {
      url: `${platform.gatewayUrl}/api/v1/auth/login`,
      connections,
      duration: LOGIN_DURATION_S,
      timeout: LOGIN_TIMEOUT_S,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
      requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'x-forwarded-for': freshAddress() } }) }],
    };
    const before = await attemptsSoFar();
    const cpu = await cpuMeter(groups);
    const result = await load(options);
    const cpuShares = await cpu();
    const after = await attemptsSoFar();
    logins.push({
      name: `POST /api/v1/auth/login (${connections} conn.)`,
      path: '/api/v1/auth/login',
      connections,
      seconds: LOGIN_DURATION_S,
      result,
      cpu: cpuShares,
      attempts: { attempts: after.attempts - before.attempts, addresses: after.addresses - before.addresses, mostFromOneAddress: after.mostFromOneAddress },
    });
  }

  // 3. /me with a real token, and the gateway-only baseline, as the gateway bench runs them.
  const endpoints: Run[] = [];
  for (const target of [
    { name: 'GET /api/v1/auth/me (gateway → NATS → auth → Postgres)', path: '/api/v1/auth/me', authorized: true },
    { name: 'GET /api/v1/version (gateway alone)', path: '/api/v1/version', authorized: false },
  ]) {
    const options: LoadOptions = {
      url: `${platform.gatewayUrl}${target.path}`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: target.authorized ? { authorization: `Bearer ${accessToken}` } : {},
    };
    console.log(`  ${target.name}: ${WARMUP_S} s warm-up, then ${DURATION_S} s with ${CONNECTIONS} connections…`);
    await load({ ...options, duration: WARMUP_S });
    const cpu = await cpuMeter(groups);
    const result = await load(options);
    endpoints.push({ name: target.name, path: target.path, connections: CONNECTIONS, seconds: DURATION_S, result, cpu: await cpu() });
  }
  const loadAtEnd = machine().loadAverage;

  // --- report -------------------------------------------------------------------------------
  const serviceCompare = costs.find((c) => c.cost === (serviceCost ?? defaultCost))?.compare.p50 ?? Number.NaN;
  const cores = machine().cores;
  /** Logins/s if every core did nothing but the service's bcrypt.compare (at the median measured above). */
  const bcryptCeiling = (cores * 1000) / serviceCompare;
  printTable(
    `bcrypt in-process (async, one at a time, ${BCRYPT_SAMPLES} samples each; load average ${loadAtStart.join(' / ')} before, ${loadAfterBcrypt.join(' / ')} after)`,
    ['cost', 'hash p50', 'hash p95', 'compare p50', 'compare p95', 'compares/s on one core', 'service'],
    costs.map((c) => [
      c.cost,
      ms(c.hash.p50, 0),
      ms(c.hash.p95, 0),
      ms(c.compare.p50, 0),
      ms(c.compare.p95, 0),
      num(1000 / c.compare.p50, 1),
      [c.cost === defaultCost ? 'default' : '', c.cost === serviceCost ? 'stored hash' : ''].filter(Boolean).join(', '),
    ]),
  );
  console.log(
    `  the service's cost: BCRYPT_COST default ${defaultCost} (apps/auth/src/app/auth.config.ts), ${costOverride === null ? 'not overridden here' : `set to ${costOverride} here`}; ` +
      `the bootstrap account's stored hash has cost ${serviceCost ?? '–'}.`,
  );
  console.log(`  at cost ${serviceCost ?? defaultCost}, ${cores} cores doing nothing but bcrypt.compare would allow about ${num(bcryptCeiling, 1)} logins/s.`);

  const loadRows = [...logins, ...endpoints];
  printTable(
    `auth through the gateway (login: ${LOGIN_DURATION_S} s per run, fresh X-Forwarded-For per request; /me and /version: ${WARMUP_S} s warm-up then ${DURATION_S} s, ${CONNECTIONS} connections)`,
    ['endpoint', 'conn.', 'req/s', 'requests', 'p50', 'p90', 'p99', 'max', '2xx', 'non-2xx', '429', '503', 'errors', 'timeouts'],
    loadRows.map((run) => [
      run.name,
      run.connections,
      num(run.result.requests.average, run.result.requests.average < 100 ? 1 : 0),
      num(run.result.latency.totalCount),
      ms(run.result.latency.p50, 0),
      ms(run.result.latency.p90, 0),
      ms(run.result.latency.p99, 0),
      ms(run.result.latency.max, 0),
      run.result['2xx'],
      run.result.non2xx,
      statusCount(run.result, 429),
      statusCount(run.result, 503),
      run.result.errors,
      run.result.timeouts,
    ]),
  );
  for (const run of logins) {
    console.log(
      `  login at ${run.connections} connections: auth counted ${run.attempts.attempts} attempts from ${run.attempts.addresses} addresses ` +
        `(at most ${run.attempts.mostFromOneAddress} from one address so far; the limit is 30); ` +
        `${num((100 * run.result.requests.average) / bcryptCeiling, 0)} % of the bcrypt-only ceiling; ` +
        `${statusCount(run.result, 503)} turned away by the bcrypt bound (503)`,
    );
  }
  for (const run of loadRows) console.log(`  CPU % of one core during ${run.name}: ${formatCpu(run.cpu)} (bench = autocannon, on the same ${cores} cores)`);
  console.log(`  latencies as autocannon records them (whole ms); load average at start ${loadAtStart.join(' / ')}, at end ${loadAtEnd.join(' / ')}; ran ${Math.round((Date.now() - started) / 1000)} s`);

  const found = loadRows.flatMap((run) => problems(run, logins.includes(run as (typeof logins)[number])).map((problem) => `${run.name}: ${problem}`));
  const repeated = logins.some((run) => run.attempts.mostFromOneAddress >= 30);
  if (repeated) found.push('an address reached the login throttle’s 30 attempts');
  const figures = (run: Run) => ({
    path: run.path,
    connections: run.connections,
    durationSeconds: run.seconds,
    requestsPerSecond: round(run.result.requests.average, 1),
    requests: run.result.latency.totalCount,
    p50Ms: run.result.latency.p50,
    p90Ms: run.result.latency.p90,
    p99Ms: run.result.latency.p99,
    maxMs: run.result.latency.max,
    errors: run.result.errors,
    timeouts: run.result.timeouts,
    non2xx: run.result.non2xx,
    statusCodes: statusCodes(run.result),
    cpuPercent: run.cpu,
  });
  printSummary('auth', {
    valid: found.length === 0,
    problems: found,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAtEnd,
    bcrypt: {
      samples: BCRYPT_SAMPLES,
      serviceDefaultCost: defaultCost,
      storedHashCost: serviceCost,
      ceilingLoginsPerSecond: round(bcryptCeiling, 1),
      costs: costs.map((c) => ({
        cost: c.cost,
        hashP50Ms: round(c.hash.p50),
        hashP95Ms: round(c.hash.p95),
        compareP50Ms: round(c.compare.p50),
        compareP95Ms: round(c.compare.p95),
      })),
    },
    logins: logins.map((run) => ({ ...figures(run), attempts: run.attempts })),
    endpoints: endpoints.map(figures),
  });
  if (found.length > 0) throw new Error(`the figures are not of successful requests:\n  ${found.join('\n  ')}`);
  return true; // no goals: figures to watch
});
