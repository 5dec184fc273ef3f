import { GuildSyncStatus, Page, SyncRun } from '@patt/contracts';
import { startProcess, type StandInCharacter } from '@patt/testing';
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

  it('stores every profile through 10 % server errors and bursts of 429', async () => {
    h.blizzard.faults.set({ serverErrorRate: 0.1, seed: 5, rateLimitBursts: { every: 40, length: 3, retryAfterSeconds: 1 } });
    const run = await syncToEnd(h);
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
  });

  it('marks a 404 profile missing and counts unreadable ones, and the run goes on (partial)', async () => {
    const [missing, malformed, incomplete] = members.slice(0, 3) as [StandInCharacter, StandInCharacter, StandInCharacter];
    // Changed since the last run, so their profiles are answered in full (and broken) rather than 304.
    h.blizzard.guild.touch(malformed.id);
    h.blizzard.guild.touch(incomplete.id);
    h.blizzard.guild.update(members[3]?.id as number, { level: 71 });
    h.blizzard.faults.set({ missingCharacters: [missing.id], malformedCharacters: [malformed.id], incompleteCharacters: [incomplete.id] });
    const before = await characterByBlizzardId(h, malformed.id);

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

