// Where a gateway request's CPU goes: auth, identity and the gateway from dist/ on a throwaway
// database and bus, one GET loaded by autocannon (50 connections, 3 s warm-up, then PROFILE_SECONDS,
// 15) with the gateway and identity under V8's CPU profiler for the measured part only
// (cpu-profile.cjs). First the bench's bare echo (bare-echo.ts) is loaded the same way. Prints the
// CPU each process used per request (from /proc, so the profiler's own cost is in it: run with
// PROFILE_CPU=false for the plain figure) and the CPU ratio bare ÷ real, which a shared machine's
// load moves far less than req/s; their socket writes per request; and each profiled process's
// functions by self and by total time per request. The .cpuprofile files stay in
// PROFILE_DIR for DevTools or speedscope. Not a benchmark (no goal): `npm run bench` does not list it.
//
//   node --require ./tools/dev/register.cjs tools/bench/lib/profile-gateway.ts
//   PROFILE_PATH=/api/v1/auth/me PROFILE_DIR=/tmp/prof node --require ./tools/dev/register.cjs tools/bench/lib/profile-gateway.ts
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startPlatform } from '@patt/testing';
import { startBareEcho } from './bare-echo-processes';
import { Cleanup, prepareInfra, runBench, sleep } from './harness';
import { load } from './load';
import { cpuMsOf } from './proc';

const DIR = process.env['PROFILE_DIR'] ?? join(tmpdir(), `patt-profile-${Date.now()}`);
const SECONDS = Number(process.env['PROFILE_SECONDS'] ?? 15);
const PATH = process.env['PROFILE_PATH'] ?? '/api/v1/ranks';
const TOP = Number(process.env['PROFILE_TOP'] ?? 25);
const PROFILED = ['gateway', 'identity'] as const;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and total µs per function (name, file, line) over a profile. */
function summarise(profile: Profile): { self: Map<string, number>; total: Map<string, number> } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node: ProfileNode) =>
    `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/.*node_modules\//, '').replace(/.*dist\/apps\/[^/]+\//, '')}:${node.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id) as ProfileNode;
    self.set(label(node), (self.get(label(node)) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at) as ProfileNode);
      if (seen.has(name)) continue; // recursion counts once
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + us);
    }
  });
  return { self, total };
}

const top = (entries: Map<string, number>, requests: number) =>
  [...entries]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([name, us]) => `    ${(us / requests).toFixed(1).padStart(7)} µs  ${name}`)
    .join('\n');

runBench('profile-gateway', 300_000, async (cleanup: Cleanup) => {
  mkdirSync(DIR, { recursive: true });
  await prepareInfra(cleanup);
  const preload = join(__dirname, 'cpu-profile.cjs');
  const env = (name: string) => ({ NODE_OPTIONS: `--require ${preload}`, PROFILE_DIR: DIR, PROFILE_NAME: name, PROFILE_CPU: process.env['PROFILE_CPU'] ?? 'true' });
  const platform = await startPlatform({ apps: ['auth', 'identity'], env: { gateway: env('gateway'), identity: env('identity') } });
  cleanup.add('platform', () => platform.stop());
  const admin = new Client({ connectionString: platform.db.adminUrl });
  await admin.connect();
  const [account] = (await admin.query<{ id: string }>(`SELECT id FROM auth.users WHERE username = 'guildmaster'`)).rows;
  await admin.end();
  const headers = { authorization: `Bearer ${platform.token({ rank: 5, userId: account?.id, username: 'guildmaster' })}` };
  const url = `${platform.gatewayUrl}${PATH}`;
  const first = await fetch(url, { headers });
  if (!first.ok) throw new Error(`GET ${PATH} answered ${first.status}: ${await first.text()}`);
  await load({ url, connections: 50, duration: 3, headers });

  // The bare echo on the same bus, loaded first: its two processes' CPU per request.
  const { url: echoUrl, processes: bare } = await startBareEcho(platform, cleanup);
  await load({ url: echoUrl, connections: 50, duration: 3 });
  const bareCpu = () => bare.reduce((sum, p) => sum + (cpuMsOf(p.child.pid ?? -1) ?? 0), 0);
  const bareBefore = bareCpu();
  const echo = await load({ url: echoUrl, connections: 50, duration: SECONDS });
  const bareUs = ((bareCpu() - bareBefore) * 1000) / echo.latency.totalCount;
  console.log(`bare echo: ${Math.round(echo.requests.average)} req/s, p50 ${echo.latency.p50} ms, p99 ${echo.latency.p99} ms; ${Math.round(bareUs)} µs of CPU per request (app and responder)`);

  const pids = Object.fromEntries(PROFILED.map((app) => [app, platform.services.get(app)?.child.pid ?? -1]));
  const signal = () => Object.values(pids).forEach((pid) => process.kill(pid, 'SIGURG'));
  const cpuBefore = Object.fromEntries(PROFILED.map((app) => [app, cpuMsOf(pids[app] as number) ?? 0]));
  signal();
  const result = await load({ url, connections: 50, duration: SECONDS, headers });
  signal();
  const requests = result.latency.totalCount;
  console.log(`GET ${PATH}: ${Math.round(result.requests.average)} req/s, ${requests} requests, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
  let realUs = 0;
  for (const app of PROFILED) {
    const us = (((cpuMsOf(pids[app] as number) ?? 0) - (cpuBefore[app] as number)) * 1000) / requests;
    realUs += us;
    console.log(`  ${app}: ${Math.round(us)} µs of CPU per request`);
  }
  console.log(`  CPU per request, bare ÷ (gateway + identity): ${(bareUs / realUs).toFixed(3)}; req/s real ÷ bare: ${(result.requests.average / echo.requests.average).toFixed(3)}`);
  await sleep(3000); // the profiles are written
  for (const app of PROFILED) {
    const prefix = `${app}-${pids[app]}`;
    const writes = JSON.parse(readFileSync(join(DIR, `${prefix}.writes.json`), 'utf8')) as { writes: number; writevs: number };
    console.log(`\n${app}: ${(writes.writes / requests).toFixed(3)} socket writes and ${(writes.writevs / requests).toFixed(3)} writevs per request`);
    if (!readdirSync(DIR).includes(`${prefix}.cpuprofile`)) continue;
    const { self, total } = summarise(JSON.parse(readFileSync(join(DIR, `${prefix}.cpuprofile`), 'utf8')) as Profile);
    console.log(`  by self time, per request:\n${top(self, requests)}\n  by total time, per request:\n${top(total, requests)}`);
    console.log(`  profile: ${join(DIR, `${prefix}.cpuprofile`)}`);
  }
  return true;
});
