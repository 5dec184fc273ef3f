// SYNC_CRON with two guild-sync replicas, through real processes: both fire the tick, one runs the
// sync (the roster sync's advisory lock) and the other skips it, so the tick makes one run.
// (A first start with two replicas syncing once is first-start.e2e.spec.ts.)
import type { Page, SyncRun } from '@patt/contracts';
import { eventually, freePort, RunningService, startProcess } from '@patt/testing';
import { call, dataOf, Harness, startHarness, waitForRun } from './support/harness';

jest.setTimeout(180_000);

const TICKED = ['scheduled roster sync started', 'scheduled roster sync skipped'];

describe('SYNC_CRON with two replicas: one run per tick', () => {
  let h: Harness;
  let second: RunningService;

  beforeAll(async () => {
    // Every minute: the suite waits for one tick (at most a minute).
    h = await startHarness({ guildSize: 30, seed: 61, ratePerSecond: 100, env: { SYNC_CRON: '* * * * *' } });
    const port = await freePort();
    second = await startProcess('guild-sync-2', {
      app: 'guild-sync',
      env: { ...h.platform.envOf('guild-sync'), HEALTH_PORT: String(port) },
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
      timeoutMs: 120_000,
    });
  });

  afterAll(async () => {
    await second?.stop();
    await h?.close();
  });

  it('both replicas fire the tick; one starts the run, the other skips it, and the tick has one run', async () => {
    const replicas = [h.platform.services.get('guild-sync') as RunningService, second];
    const from = replicas.map((replica) => replica.output.length);
    const tickLines = (i: number) => (replicas[i] as RunningService).output.slice(from[i]).filter((line) => TICKED.some((text) => line.includes(text)));
    await eventually('both replicas to fire a tick', () => tickLines(0).length > 0 && tickLines(1).length > 0, 90_000);

    const first = [tickLines(0)[0] as string, tickLines(1)[0] as string];
    expect(first.filter((line) => line.includes('scheduled roster sync started'))).toHaveLength(1);
    expect(first.filter((line) => line.includes('scheduled roster sync skipped'))).toHaveLength(1);

    // One run per tick. The first replica may have had a tick of its own while the second was
    // starting, so runs are counted per minute, the cron's period, not in all.
    const runs = dataOf(await call<Page<SyncRun>>(h, '/api/v1/guild-sync/runs?limit=50', { token: h.officer })).items;
    const scheduled = runs.filter((run) => run.trigger === 'schedule');
    const perTick = new Map<string, SyncRun[]>();
    for (const run of scheduled) {
      const tick = run.startedAt?.slice(0, 16) ?? 'queued';
      perTick.set(tick, [...(perTick.get(tick) ?? []), run]);
    }
    expect(perTick.size).toBeGreaterThanOrEqual(1);
    for (const [tick, ofTick] of perTick) expect({ tick, runs: ofTick.length }).toEqual({ tick, runs: 1 });
    const latest = scheduled.reduce((a, b) => ((a.startedAt ?? '') > (b.startedAt ?? '') ? a : b));
    expect((await waitForRun(h, latest.id)).status).toBe('succeeded');
  });
});
