import { Logger } from '@nestjs/common';
import { ErrorCode } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { strictMock } from '@patt/testing';
import { GuildSyncConfig } from '../app/guild-sync.config';
import { CharactersRepository } from '../roster/characters.repository';
import { BlizzardAccess } from './blizzard-access';
import { RosterSync } from './roster-sync';
import { SyncLock } from './sync-lock';
import { NO_COUNTS, SyncRunEntity } from './sync-run.entity';
import { SyncRunsRepository } from './sync-runs.repository';
import { SyncRunsService } from './sync-runs.service';
import { SyncSchedule } from './sync-schedule';

function run(spec: Partial<SyncRunEntity> = {}): SyncRunEntity {
  return Object.assign(new SyncRunEntity(), {
    id: '3f0c5a52-8d0e-4a8f-9d6b-1f2a3b4c5d6e',
    source: 'blizzard',
    trigger: 'manual',
    status: 'queued',
    progressDone: 0,
    progressTotal: 0,
    counts: { ...NO_COUNTS },
    error: null,
    createdAt: new Date('2025-02-01T12:00:00Z'),
    startedAt: null,
    finishedAt: null,
    ...spec,
  });
}

/** The service with every collaborator a strict mock: a test sets only what it uses. */
function newTestService(options: { configured?: boolean; lockFree?: boolean; inGuild?: number; syncOnEmptyRoster?: boolean } = {}) {
  const lockHolders: Array<() => Promise<void>> = [];
  let finishRun: () => void = () => undefined;
  const runs = strictMock<SyncRunsRepository>('runs', {
    failUnfinished: async () => [],
    create: async (source, trigger) => run({ source, trigger }),
    active: async () => run({ id: 'a1b2c3d4-0000-4000-8000-000000000001', status: 'running' }),
    createdSince: async () => false,
    anyCreatedSince: async () => false,
  });
  const characters = strictMock<CharactersRepository>('characters', { inGuildCount: async () => options.inGuild ?? 0 });
  const lock = strictMock<SyncLock>('lock', {
    tryHold: async (work: () => Promise<void>) => {
      if (options.lockFree === false) return false;
      lockHolders.push(work);
      await work();
      return true;
    },
  });
  const rosterSync = strictMock<RosterSync>('rosterSync', {
    execute: (_id: string, signal: AbortSignal) =>
      new Promise((resolve) => {
        finishRun = () => resolve('succeeded');
        signal.addEventListener('abort', () => resolve('failed'));
      }),
  });
  const blizzard = strictMock<BlizzardAccess>('blizzard', {
    configured: options.configured ?? true,
    missing: options.configured === false ? ['BLIZZARD_CLIENT_ID', 'GUILD_REALM_SLUG'] : [],
    configuredGuild: () => {
      if (options.configured === false) throw new ServiceException(ErrorCode.ServiceUnavailable, 'Roster sync is not configured: set BLIZZARD_CLIENT_ID');
      return {} as ReturnType<BlizzardAccess['configuredGuild']>;
    },
  });
  const schedule = strictMock<SyncSchedule>('schedule', { nextRunAt: () => null });
  const config = strictMock<GuildSyncConfig>('config', { SYNC_ON_EMPTY_ROSTER: options.syncOnEmptyRoster ?? false });
  const service = new SyncRunsService(runs, lock, rosterSync, blizzard, schedule, characters, config);
  return { service, runs, lock, rosterSync, characters, finishRun: () => finishRun() };
}

describe('SyncRunsService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('answers with the queued run while the run goes on in the background', async () => {
    const { service, runs, rosterSync, finishRun } = newTestService();
    const answer = await service.startManual();
    expect(answer).toMatchObject({ source: 'blizzard', trigger: 'manual', status: 'queued', progress: { done: 0, total: 0 } });
    // Runs a dead process left open are closed first, under the same lock.
    expect(runs.failUnfinished.mock.invocationCallOrder[0]).toBeLessThan(runs.create.mock.invocationCallOrder[0]!);
    expect(rosterSync.execute).toHaveBeenCalledWith(answer.id, expect.any(AbortSignal));
    finishRun();
  });

  it('refuses a second run with SYNC_IN_PROGRESS naming the running one', async () => {
    const { service, runs } = newTestService({ lockFree: false });
    const refusal = await service.startManual().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceException);
    expect((refusal as ServiceException).body).toEqual({
      code: ErrorCode.SyncInProgress,
      message: expect.stringContaining('already running'),
      details: [{ runId: 'a1b2c3d4-0000-4000-8000-000000000001' }],
    });
    expect(runs.create).not.toHaveBeenCalled();
  });

  it('says what to configure, and takes no lock, when Blizzard settings are missing', async () => {
    const { service, lock } = newTestService({ configured: false });
    await expect(service.startManual()).rejects.toMatchObject({ code: ErrorCode.ServiceUnavailable });
    expect(lock.tryHold).not.toHaveBeenCalled();
  });

  it('skips a scheduled tick that another replica already ran, and one that finds a run going on', async () => {
    const ran = newTestService();
    ran.runs.createdSince.mockResolvedValue(true);
    await ran.service.startScheduled(30_000);
    expect(ran.runs.create).not.toHaveBeenCalled();

    const busy = newTestService({ lockFree: false });
    await expect(busy.service.startScheduled(30_000)).resolves.toBeUndefined();

    const free = newTestService();
    await free.service.startScheduled(30_000);
    expect(free.runs.create).toHaveBeenCalledWith('blizzard', 'schedule');
    free.finishRun();
  });

  it('stops the run in hand at shutdown and waits for it to be recorded', async () => {
    const { service, rosterSync } = newTestService();
    await service.startManual();
    await service.beforeApplicationShutdown();
    const signal = rosterSync.execute.mock.calls[0]?.[1] as AbortSignal;
    expect(signal.aborted).toBe(true);
  });

  it('closes runs a killed process left open when it starts and no replica holds the lock', async () => {
    const { service, runs } = newTestService();
    runs.failUnfinished.mockResolvedValue(['d6f1c0de-0000-4000-8000-000000000002']);
    await service.onApplicationBootstrap();
    expect(runs.failUnfinished).toHaveBeenCalledWith('blizzard', expect.stringContaining('interrupted'));
  });
  describe('at start, with the roster empty', () => {
    it('syncs at once, deciding under the sync lock', async () => {
      const { service, runs, lock, characters, finishRun } = newTestService({ syncOnEmptyRoster: true, inGuild: 0 });
      await service.onApplicationBootstrap();
      await waitFor(() => runs.create.mock.calls.length > 0);
      expect(runs.create).toHaveBeenCalledWith('blizzard', 'schedule');
      // The count was read holding the lock (the second hold: the first closed unfinished runs).
      expect(lock.tryHold).toHaveBeenCalledTimes(2);
      expect(characters.inGuildCount.mock.invocationCallOrder[0]).toBeGreaterThan(lock.tryHold.mock.invocationCallOrder[1]!);
      expect(runs.anyCreatedSince).toHaveBeenCalledWith('blizzard', expect.any(Date));
      finishRun();
      await service.beforeApplicationShutdown();
    });

    it('does not sync a roster that has characters, nor again right after a run of this start', async () => {
      const filled = newTestService({ syncOnEmptyRoster: true, inGuild: 150 });
      await filled.service.onApplicationBootstrap();
      await filled.service.beforeApplicationShutdown();
      expect(filled.runs.create).not.toHaveBeenCalled();

      const justRan = newTestService({ syncOnEmptyRoster: true, inGuild: 0 });
      justRan.runs.anyCreatedSince.mockResolvedValue(true);
      await justRan.service.onApplicationBootstrap();
      await justRan.service.beforeApplicationShutdown();
      expect(justRan.runs.create).not.toHaveBeenCalled();
    });

    it('leaves it to the replica holding the lock, and does nothing when turned off or not configured', async () => {
      const busy = newTestService({ syncOnEmptyRoster: true, lockFree: false });
      await busy.service.onApplicationBootstrap();
      await busy.service.beforeApplicationShutdown();
      expect(busy.runs.create).not.toHaveBeenCalled();

      const off = newTestService({ syncOnEmptyRoster: false });
      await off.service.onApplicationBootstrap();
      await off.service.beforeApplicationShutdown();
      expect(off.characters.inGuildCount).not.toHaveBeenCalled();

      const unconfigured = newTestService({ syncOnEmptyRoster: true, configured: false });
      await unconfigured.service.onApplicationBootstrap();
      await unconfigured.service.beforeApplicationShutdown();
      expect(unconfigured.characters.inGuildCount).not.toHaveBeenCalled();
    });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition not met');
}
