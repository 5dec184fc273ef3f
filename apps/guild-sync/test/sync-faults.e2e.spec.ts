import { GuildSyncStatus, Page, SyncRun } from '@patt/contracts';
import { eventually, parsePrometheusText, startProcess, type StandInCharacter } from '@patt/testing';
import {
  call,
  characterByBlizzardId,
  characterRows,
  dataOf,
  getRun,
  Harness,
  rosterEventsOfRun,
  sleep,
  startHarness,
  startRun,
  syncToEnd,
  waitForRun,
} from './support/harness';

jest.setTimeout(90_000);

const GUILD_SIZE = 80;
const RATE = 50;

describe('Blizzard roster sync when things go wrong', () => {
  let h: Harness;
  let members: StandInCharacter[];

  beforeAll(async () => {
    h = await startHarness({ guildSize: GUILD_SIZE, seed: 23, ratePerSecond: RATE });
    members = h.blizzard.guild.members();
  });

  afterAll(async () => {
    await h?.close();
  });

  afterEach(() => {
    h.blizzard.faults.reset();
  });

  /** guild-sync's Blizzard and sync run families, from its GET /metrics: one value per name (and label). */
  async function blizzardMetrics() {
    const text = await (await fetch(`http://127.0.0.1:${h.platform.healthPorts.get('guild-sync')}/metrics`)).text();
    const families = parsePrometheusText(text);
    const value = (name: string, labels: Record<string, string> = {}, family = name) =>
      families.get(family)?.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value ?? NaN;
    const byStatus = (name: string, family: string) => ({
      succeeded: value(name, { status: 'succeeded' }, family),
      partial: value(name, { status: 'partial' }, family),
      failed: value(name, { status: 'failed' }, family),
    });
    return {
      requests: value('blizzard_api_requests_total'),
      retries: value('blizzard_api_retries_total'),
      rateLimited: value('blizzard_api_failures_total', { reason: 'rate_limited' }),
      serverErrors: value('blizzard_api_failures_total', { reason: 'server_error' }),
      waiting: value('blizzard_limiter_waiting_requests'),
      runs: byStatus('patt_sync_runs_total', 'patt_sync_runs_total'),
      timed: byStatus('patt_sync_run_duration_seconds_count', 'patt_sync_run_duration_seconds'),
      seconds: byStatus('patt_sync_run_duration_seconds_sum', 'patt_sync_run_duration_seconds'),
    };
  }

  type Counted = Awaited<ReturnType<typeof blizzardMetrics>>;
  /**
   * The sync runs counted since `before`, once as many as `expected` says have been: a run's end is
   * counted just after the commit that records it, which the test may read a moment earlier.
   */
  async function runsCountedSince(before: Counted, expected: Record<'succeeded' | 'partial' | 'failed', number>) {
    const total = (c: Counted['runs']) => c.succeeded + c.partial + c.failed;
    const after = await eventually(
      'the sync runs counted',
      async () => {
        const now = await blizzardMetrics();
        return total(now.runs) - total(before.runs) >= total(expected) ? now : undefined;
      },
      10_000,
      50,
    );
    const delta = (key: 'runs' | 'timed') => ({
      succeeded: after[key].succeeded - before[key].succeeded,
      partial: after[key].partial - before[key].partial,
      failed: after[key].failed - before[key].failed,
    });
    return { runs: delta('runs'), timed: delta('timed'), after };
  }

  it('stores every profile through 10 % server errors and bursts of 429', async () => {
    h.blizzard.faults.set({ serverErrorRate: 0.1, seed: 5, rateLimitBursts: { every: 40, length: 3, retryAfterSeconds: 1 } });
    const counted = await blizzardMetrics();
    const seen = h.blizzard.stats();
    const startedAt = Date.now();
    const run = await syncToEnd(h);
    const tookSeconds = (Date.now() - startedAt) / 1000;
    expect(run).toMatchObject({
      status: 'succeeded',
      counts: { found: GUILD_SIZE, added: GUILD_SIZE, profileErrors: 0 },
      progress: { done: GUILD_SIZE, total: GUILD_SIZE },
    });
    const rows = await characterRows(h);
    expect(rows).toHaveLength(GUILD_SIZE);
    expect(rows.every((r) => r.profile_last_modified !== null && r.spec_name !== undefined)).toBe(true);
    const stats = h.blizzard.stats();
    expect(stats.profile.serverErrors).toBeGreaterThan(0);
    expect(stats.rateLimited).toBeGreaterThan(0);
    // Every 429 was a burst the stand-in injected: none because the client went over the rate.
    expect(stats.overLimit).toBe(0);
    // guild-sync's metrics counted what the stand-in saw: requests, 429s, 5xx, and retried each.
    const after = await blizzardMetrics();
    const apiRequests = (st: typeof stats) => st.roster.requests + st.profile.requests;
    const serverErrors = (st: typeof stats) => st.roster.serverErrors + st.profile.serverErrors;
    expect({
      requests: after.requests - counted.requests,
      rateLimited: after.rateLimited - counted.rateLimited,
      serverErrors: after.serverErrors - counted.serverErrors,
      retries: after.retries - counted.retries,
      waiting: after.waiting,
    }).toEqual({
      requests: apiRequests(stats) - apiRequests(seen),
      rateLimited: stats.rateLimited - seen.rateLimited,
      serverErrors: serverErrors(stats) - serverErrors(seen),
      retries: stats.rateLimited - seen.rateLimited + serverErrors(stats) - serverErrors(seen),
      waiting: 0,
    });
    // The run, counted as it ended and timed within what the test saw it take.
    const ended = await runsCountedSince(counted, { succeeded: 1, partial: 0, failed: 0 });
    expect({ runs: ended.runs, timed: ended.timed }).toEqual({
      runs: { succeeded: 1, partial: 0, failed: 0 },
      timed: { succeeded: 1, partial: 0, failed: 0 },
    });
    const seconds = ended.after.seconds.succeeded - counted.seconds.succeeded;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(tookSeconds);
  });

  it('marks a 404 profile missing and counts unreadable ones, and the run goes on (partial)', async () => {
    const [missing, malformed, incomplete] = members.slice(0, 3) as [StandInCharacter, StandInCharacter, StandInCharacter];
    // Changed since the last run, so their profiles are answered in full (and broken) rather than 304.
    h.blizzard.guild.touch(malformed.id);
    h.blizzard.guild.touch(incomplete.id);
    h.blizzard.guild.update(members[3]?.id as number, { level: 71 });
    h.blizzard.faults.set({ missingCharacters: [missing.id], malformedCharacters: [malformed.id], incompleteCharacters: [incomplete.id] });
    const before = await characterByBlizzardId(h, malformed.id);
    const counted = await blizzardMetrics();

    const run = await syncToEnd(h);
    expect(run).toMatchObject({
      status: 'partial',
      counts: { found: GUILD_SIZE, profileErrors: 2, notModified: GUILD_SIZE - 4 },
      error: expect.stringContaining('2 profiles could not be read'),
    });
    expect(run.error).toContain(`${malformed.name}-${malformed.realm.slug}`);
    expect(run.error).toContain(`${incomplete.name}-${incomplete.realm.slug}`);
    expect(await characterByBlizzardId(h, missing.id)).toMatchObject({ profile_missing: true, in_guild: true });
    // An unreadable profile keeps what was stored of it.
    expect(await characterByBlizzardId(h, malformed.id)).toMatchObject({ profile_last_modified: before.profile_last_modified, spec_name: before.spec_name });
    // The rest of the run was stored.
    expect(await characterByBlizzardId(h, members[3]?.id as number)).toMatchObject({ level: 71 });

    h.blizzard.faults.reset();
    const healed = await syncToEnd(h);
    expect(healed).toMatchObject({ status: 'succeeded', counts: { profileErrors: 0 }, error: null });
    expect(await characterByBlizzardId(h, missing.id)).toMatchObject({ profile_missing: false });
    const { runs, timed } = await runsCountedSince(counted, { succeeded: 1, partial: 1, failed: 0 });
    expect({ runs, timed }).toEqual({ runs: { succeeded: 1, partial: 1, failed: 0 }, timed: { succeeded: 1, partial: 1, failed: 0 } });
  });

  it('ends a run failed, saying Blizzard is down, when every call fails mid-run, and leaves the roster as it was', async () => {
    const renamed = members[20] as StandInCharacter;
    h.blizzard.guild.update(renamed.id, { name: 'Neverstored' });
    h.blizzard.guild.touch(members[21]?.id as number);
    const before = await characterRows(h);
    const eventsBefore = await h.db.query<{ n: string }>('SELECT count(*) AS n FROM guild_sync.roster_events');
    const counted = await blizzardMetrics();

    // Blizzard goes down after the roster and 20 profiles: nothing but 5xx from there on, decided
    // by the stand-in as requests arrive, not by when this test reads the run's progress.
    h.blizzard.faults.set({ outageAfterRequests: 21 });
    const doomed = await startRun(h);

    const run = await waitForRun(h, doomed.id, 60_000);
    expect(run).toMatchObject({ status: 'failed', finishedAt: expect.any(String) });
    expect(run.error).toMatch(/^Blizzard failed 5 profile calls in a row \(the last: Blizzard answered HTTP 50\d for .+\), so the run stopped after \d+ of 80 profiles; the roster was left as it was before the run\. Try again once Blizzard answers\.$/);
    expect(run.progress.done).toBeLessThan(GUILD_SIZE);
    expect(await characterRows(h)).toEqual(before);
    expect((await h.db.query<{ n: string }>('SELECT count(*) AS n FROM guild_sync.roster_events')).rows).toEqual(eventsBefore.rows);
    // Counted failed once marked so, timed to that moment (the failing calls' retries back off 500 ms at least).
    const failed = await runsCountedSince(counted, { succeeded: 0, partial: 0, failed: 1 });
    expect({ runs: failed.runs, timed: failed.timed }).toEqual({ runs: { succeeded: 0, partial: 0, failed: 1 }, timed: { succeeded: 0, partial: 0, failed: 1 } });
    expect(failed.after.seconds.failed - counted.seconds.failed).toBeGreaterThan(0.4);

    h.blizzard.faults.reset();
    const next = await syncToEnd(h);
    expect(next).toMatchObject({ status: 'succeeded', counts: { profileErrors: 0 } });
    expect(await characterByBlizzardId(h, renamed.id)).toMatchObject({ name: 'Neverstored' });
  });

  it('answers 409 SYNC_IN_PROGRESS with the running run id while a run is going on', async () => {
    h.blizzard.faults.set({ delayMs: 150 });
    const running = await startRun(h);
    const second = await call(h, '/api/v1/guild-sync/runs', { method: 'POST', token: h.officer, body: '{}' });
    expect(second).toEqual({
      status: 409,
      body: { ok: false, code: 'SYNC_IN_PROGRESS', error: expect.stringContaining('already running'), details: [{ runId: running.id }] },
    });
    const during = await getRun(h, running.id);
    expect(['queued', 'running']).toContain(during.status);
    expect(await waitForRun(h, running.id)).toMatchObject({ status: 'succeeded' });
  });

  it('leaves the previous roster intact when the process is killed mid-run, and the next run completes', async () => {
    const [leaver, renamed] = members.slice(10, 12) as [StandInCharacter, StandInCharacter];
    h.blizzard.guild.remove(leaver.id);
    h.blizzard.guild.update(renamed.id, { name: 'Afterthekill' });
    const before = await characterRows(h);
    const eventsBefore = await h.db.query<{ n: string }>('SELECT count(*) AS n FROM guild_sync.roster_events');
    const outboxBefore = await h.db.query<{ n: string }>('SELECT count(*) AS n FROM guild_sync.outbox');

    h.blizzard.faults.set({ delayMs: 400 });
    const doomed = await startRun(h);
    for (let seen = await getRun(h, doomed.id); seen.progress.done < 10; seen = await getRun(h, doomed.id)) {
      expect(seen.status).not.toMatch(/succeeded|partial|failed/);
      await sleep(50);
    }
    await h.platform.services.get('guild-sync')?.kill();

    expect(await characterRows(h)).toEqual(before);
    expect((await h.db.query<{ n: string }>('SELECT count(*) AS n FROM guild_sync.roster_events')).rows).toEqual(eventsBefore.rows);
    expect((await h.db.query<{ n: string }>('SELECT count(*) AS n FROM guild_sync.outbox')).rows).toEqual(outboxBefore.rows);

    h.blizzard.faults.reset();
    await h.platform.start('guild-sync');
    expect(await getRun(h, doomed.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('interrupted'), finishedAt: expect.any(String) });

    const next = await syncToEnd(h);
    expect(next).toMatchObject({ status: 'succeeded', counts: { removed: 1, found: GUILD_SIZE - 1 } });
    const events = await rosterEventsOfRun(h, next.id);
    expect(events.map((e) => [e.type, e.characterName]).sort()).toEqual([
      ['left', leaver.name],
      ['renamed', 'Afterthekill'],
    ]);
  });

  it('starts without Blizzard settings, keeps serving its history, and says what to configure', async () => {
    const running = h.platform.services.get('guild-sync');
    await running?.stop();
    const env = { ...h.platform.envOf('guild-sync') };
    for (const name of ['BLIZZARD_CLIENT_ID', 'BLIZZARD_CLIENT_SECRET', 'GUILD_NAME_SLUG']) delete env[name];
    const unconfigured = await startProcess('guild-sync', { app: 'guild-sync', env, readyUrl: running?.healthUrl });
    h.platform.services.set('guild-sync', unconfigured);

    const refused = await call(h, '/api/v1/guild-sync/runs', { method: 'POST', token: h.officer, body: '{}' });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ ok: false, code: 'SERVICE_UNAVAILABLE' });
    if (!refused.body.ok) {
      for (const name of ['BLIZZARD_CLIENT_ID', 'BLIZZARD_CLIENT_SECRET', 'GUILD_NAME_SLUG']) expect(refused.body.error).toContain(name);
      expect(refused.body.error).not.toContain('GUILD_REALM_SLUG');
    }
    const runs = dataOf(await call<Page<SyncRun>>(h, '/api/v1/guild-sync/runs', { token: h.officer }));
    expect(runs.total).toBeGreaterThan(0);
    const status = dataOf(await call<GuildSyncStatus>(h, '/api/v1/guild-sync/status', { token: h.officer }));
    expect(status.nextScheduledAt).toBeNull();
    expect(unconfigured.output.some((line) => line.includes('roster sync is off'))).toBe(true);
  });
});

