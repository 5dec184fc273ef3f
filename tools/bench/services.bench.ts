// Start-up time and memory of each service as deployed (the built dist/ of auth, identity,
// guild-sync, discord-bot and the gateway), on a throwaway database and a private stream:
//   - cold: the platform started as startPlatform() does (the four services in parallel, migrations
//     running, then the gateway); each service's own `readyInMs` log;
//   - restart alone: each service stopped and started again by itself, one at a time, 3 rounds:
//     spawn → ready (services: /health/ready 200; gateway: /api/v1/version 200, polled every 20 ms)
//     and the `readyInMs` it logs (from its bootstrap to ready: module loading not included);
//   - memory: VmRSS (and the peak, VmHWM) from /proc/<pid>/status after ≥ 10 s idle.
//
//   NX_DAEMON=false npx nx run-many -t build   (the bench runs what is in dist/)
//   npm run bench -- services
//   BENCH_ROUNDS=3 BENCH_IDLE_SECONDS=10 npm run bench -- services
import { ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { BACKEND_APPS, builtMain, PlatformApp, startPlatform, TestPlatform, WORKSPACE_ROOT } from '@patt/testing';
import { checkBuilds, waitForBuilds } from './lib/build';
import { Cleanup, prepareInfra, runBench, sleep, withTimeout } from './lib/harness';
import { memoryOf, MemoryStatus } from './lib/proc';
import { median } from './lib/stats';
import { machine, machineLine, mib, ms, printSummary, printTable } from './lib/table';

const APPS: readonly PlatformApp[] = [...BACKEND_APPS, 'gateway'];
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const IDLE_MS = Number(process.env['BENCH_IDLE_SECONDS'] ?? 10) * 1000;
const READY_POLL_MS = 20;
const START_TIMEOUT_MS = 30_000;
const started = Date.now();
/** No new restart round begins after this; the idle wait and the report still fit in the limit. */
const ROUNDS_DEADLINE = started + 130_000;

interface Started {
  app: PlatformApp;
  child: ChildProcess;
  output: string[];
  spawnToReadyMs: number;
  readyInMs: number | null;
  exited: Promise<void>;
}

/** The `readyInMs` a service logs when it is ready (service-kit bootstrap, gateway main), wherever it sits in the line. */
function loggedReadyInMs(lines: readonly string[]): number | null {
  for (const line of lines) {
    const match = /"readyInMs"\s*:\s*(\d+(?:\.\d+)?)/.exec(line);
    if (match) return Number(match[1]);
  }
  return null;
}

function readyUrl(platform: TestPlatform, app: PlatformApp): string {
  return app === 'gateway' ? `${platform.gatewayUrl}/api/v1/version` : `http://127.0.0.1:${platform.healthPorts.get(app)}/health/ready`;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** Spawns the built app as startPlatform would and times it from spawn to its readiness answering 200. */
async function startTimed(platform: TestPlatform, app: PlatformApp): Promise<Started> {
  const url = readyUrl(platform, app);
  const t0 = performance.now();
  const child = spawn(process.execPath, [builtMain(app)], {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...platform.envOf(app) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${app} did not become ready:\n${output.slice(-30).join('\n')}`);
    }
    await sleep(READY_POLL_MS);
  }
  const spawnToReadyMs = performance.now() - t0;
  await sleep(50); // the ready log line follows the listen
  return { app, child, output, spawnToReadyMs, readyInMs: loggedReadyInMs(output), exited };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await withTimeout(exited, 15_000, 'stop').catch(async () => {
    child.kill('SIGKILL');
    await exited;
  });
}

runBench('services', 175_000, async (cleanup: Cleanup) => {
  console.log(`services bench — ${machineLine()}`);
  const loadAtStart = machine().loadAverage;
  await waitForBuilds(APPS);
  const stale = checkBuilds(APPS);
  if (stale) console.log(`  note: ${stale}`);
  await prepareInfra(cleanup);

  console.log('  cold start: the platform as startPlatform() starts it (four services in parallel, then the gateway)…');
  const coldT0 = performance.now();
  const platform = await startPlatform();
  const coldWallMs = performance.now() - coldT0;
  cleanup.add('platform', () => platform.stop());
  const cold = new Map(APPS.map((app) => [app, loggedReadyInMs(platform.services.get(app)?.output ?? [])]));

  // Restart each service alone, one at a time, round after round.
  const current = new Map<PlatformApp, { child: ChildProcess; exited: Promise<unknown> }>();
  for (const app of APPS) {
    const running = platform.services.get(app);
    if (running) current.set(app, { child: running.child, exited: running.exited });
  }
  cleanup.add('restarted services', () => Promise.all([...current.values()].map(({ child, exited }) => stopChild(child, exited))));
  const restarts = new Map<PlatformApp, Started[]>(APPS.map((app) => [app, []]));
  let rounds = 0;
  while (rounds < ROUNDS && (rounds === 0 || Date.now() < ROUNDS_DEADLINE)) {
    rounds += 1;
    console.log(`  restart round ${rounds} of ${ROUNDS}: ${APPS.join(', ')}, each alone…`);
    for (const app of APPS) {
      const previous = current.get(app);
      if (previous) await stopChild(previous.child, previous.exited);
      await sleep(300); // let the stopped one's port and connections go
      const timed = await startTimed(platform, app);
      current.set(app, { child: timed.child, exited: timed.exited });
      restarts.get(app)?.push(timed);
      // Keep only what the services print while idle; the start-up lines were read above.
      timed.child.stdout?.removeAllListeners('data');
      timed.child.stderr?.removeAllListeners('data');
      timed.child.stdout?.resume();
      timed.child.stderr?.resume();
    }
  }

  console.log(`  idle ${IDLE_MS / 1000} s, then memory…`);
  await sleep(IDLE_MS);
  const memory = new Map<PlatformApp, MemoryStatus | null>(APPS.map((app) => [app, memoryOf(current.get(app)?.child.pid ?? -1)]));
  const loadAtEnd = machine().loadAverage;

  const rows = APPS.map((app) => {
    const runs = restarts.get(app) ?? [];
    const spawnToReady = runs.map((r) => r.spawnToReadyMs);
    const selfReported = runs.map((r) => r.readyInMs).filter((v): v is number => v !== null);
    return {
      app,
      coldReadyInMs: cold.get(app) ?? null,
      spawnToReadyMs: median(spawnToReady),
      spawnToReadyMin: Math.min(...spawnToReady),
      spawnToReadyMax: Math.max(...spawnToReady),
      readyInMs: selfReported.length > 0 ? median(selfReported) : null,
      memory: memory.get(app) ?? null,
      runs: runs.length,
    };
  });
  printTable(
    `services — start-up and memory (restart alone: median of ${rounds} round(s), min–max; memory after ≥ ${IDLE_MS / 1000} s idle)`,
    ['service', 'cold readyInMs (parallel, migrations)', 'restart: spawn → ready', 'min–max', 'restart: readyInMs (self)', 'node + module load', 'VmRSS idle', 'VmHWM peak'],
    rows.map((r) => [
      r.app,
      ms(r.coldReadyInMs, 0),
      ms(r.spawnToReadyMs, 0),
      `${Math.round(r.spawnToReadyMin)}–${Math.round(r.spawnToReadyMax)} ms`,
      ms(r.readyInMs, 0),
      ms(r.readyInMs === null ? null : r.spawnToReadyMs - r.readyInMs, 0),
      mib(r.memory?.rssKib),
      mib(r.memory?.peakKib),
    ]),
  );
  console.log(
    `  ready = ${'/health/ready'} 200 (services) or /api/v1/version 200 (gateway), polled every ${READY_POLL_MS} ms from spawn;\n` +
      '  readyInMs is what the service logs itself, from the start of its bootstrap (after Node started and loaded its modules);\n' +
      `  "node + module load" = spawn → ready − readyInMs. Cold: the whole platform came up in ${ms(coldWallMs, 0)} (startPlatform, polled every 150 ms).`,
  );
  const total = rows.reduce((sum, r) => sum + (r.memory?.rssKib ?? 0), 0);
  console.log(`  all five together: ${mib(total)} resident; load average at start ${loadAtStart.join(' / ')}, at end ${loadAtEnd.join(' / ')}; ran ${Math.round((Date.now() - started) / 1000)} s`);

  printSummary('services', {
    rounds,
    idleSeconds: IDLE_MS / 1000,
    loadAverageAtStart: loadAtStart,
    coldPlatformMs: Math.round(coldWallMs),
    totalRssMiB: Math.round(total / 102.4) / 10,
    services: rows.map((r) => ({
      service: r.app,
      coldReadyInMs: r.coldReadyInMs,
      spawnToReadyMs: Math.round(r.spawnToReadyMs),
      spawnToReadyRangeMs: [Math.round(r.spawnToReadyMin), Math.round(r.spawnToReadyMax)],
      readyInMs: r.readyInMs,
      rssMiB: r.memory ? Math.round(r.memory.rssKib / 102.4) / 10 : null,
      peakRssMiB: r.memory ? Math.round(r.memory.peakKib / 102.4) / 10 : null,
    })),
  });
  return true; // no goals: figures to watch
});
