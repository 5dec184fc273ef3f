import { Logger } from '@nestjs/common';
import { ErrorCode } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
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
function newTestService(options: { configured?: boolean; lockFree?: boolean } = {}) {
  const lockHolders: Array<() => Promise<void>> = [];
  let finishRun: () => void = () => undefined;
  const runs = {
    failUnfinished: jest.fn().mockResolvedValue([]),
    create: jest.fn().mockImplementation(async (source, trigger) => run({ source, trigger })),
    active: jest.fn().mockResolvedValue(run({ id: 'a1b2c3d4-0000-4000-8000-000000000001', status: 'running' })),
    createdSince: jest.fn().mockResolvedValue(false),
  };
  const lock = {
    tryHold: jest.fn().mockImplementation(async (work: () => Promise<void>) => {
      if (options.lockFree === false) return false;
      lockHolders.push(work);
      await work();
      return true;
    }),
  };
  const rosterSync = {
    execute: jest.fn().mockImplementation(
      (_id: string, signal: AbortSignal) =>
        new Promise((resolve) => {
          finishRun = () => resolve('succeeded');
          signal.addEventListener('abort', () => resolve('failed'));
        }),
    ),
  };
  const blizzard = {
    configured: options.configured ?? true,
    missing: options.configured === false ? ['BLIZZARD_CLIENT_ID', 'GUILD_REALM_SLUG'] : [],
    configuredGuild: jest.fn().mockImplementation(() => {
      if (options.configured === false) throw new ServiceException(ErrorCode.ServiceUnavailable, 'Roster sync is not configured: set BLIZZARD_CLIENT_ID');
      return {};
    }),
  };
  const service = new SyncRunsService(
    runs as unknown as SyncRunsRepository,
    lock as unknown as SyncLock,
    rosterSync as unknown as RosterSync,
    blizzard as unknown as BlizzardAccess,
    { nextRunAt: () => null } as unknown as SyncSchedule,
  );
  return { service, runs, lock, rosterSync, finishRun: () => finishRun() };
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
});
