import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ErrorCode, GuildSyncStatus, Page, SyncRun, SyncTrigger } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { GuildSyncConfig } from '../app/guild-sync.config';
import { CharactersRepository } from '../roster/characters.repository';
import { BlizzardAccess } from './blizzard-access';
import { RosterSync } from './roster-sync';
import { SyncLock } from './sync-lock';
import { SyncRunEntity } from './sync-run.entity';
import { SyncRunsRepository } from './sync-runs.repository';
import { SyncSchedule } from './sync-schedule';

/**
 * A run created this recently, of any trigger, belongs to this start of the platform: replicas
 * starting together (or one restarting at once) do not sync an empty roster a second time after a
 * first attempt failed. A start later than this tries again.
 */
export const FIRST_SYNC_WINDOW_MS = 2 * 60_000;

const INTERRUPTED =
  'The run was interrupted before it finished (its guild-sync process stopped); the roster was left as it was before the run.';

/**
 * Sync runs: starting them (one at a time across replicas), reading them, and closing the ones
 * a dead process left open. The run itself is RosterSync's.
 */
@Injectable()
export class SyncRunsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SyncRunsService.name);
  private current: { stop: AbortController; finished: Promise<void> } | null = null;
  private firstSync: Promise<void> = Promise.resolve();

  constructor(
    private readonly runs: SyncRunsRepository,
    private readonly lock: SyncLock,
    private readonly rosterSync: RosterSync,
    private readonly blizzard: BlizzardAccess,
    private readonly schedule: SyncSchedule,
    private readonly characters: CharactersRepository,
    private readonly config: GuildSyncConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.blizzard.configured) {
      this.logger.warn({ missing: this.blizzard.missing }, `roster sync is off until ${this.blizzard.missing.join(', ')} are set`);
    }
    // A run whose process was killed still says "running"; when no replica holds the lock, it is over.
    try {
      await this.lock.tryHold(async () => {
        const closed = await this.runs.failUnfinished('blizzard', INTERRUPTED);
        if (closed.length > 0) this.logger.warn({ runIds: closed }, 'closed sync runs that a stopped process left unfinished');
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'could not look for unfinished sync runs');
    }
    // In the background: the service is ready (and its probes answer) while the first sync runs.
    if (this.blizzard.configured && this.config.SYNC_ON_EMPTY_ROSTER) this.firstSync = this.syncIfRosterEmpty();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.firstSync;
    const current = this.current;
    if (!current) return;
    current.stop.abort();
    await current.finished;
  }

  /** An officer's run: it goes on in the background; the answer is the queued run. */
  startManual(): Promise<SyncRun> {
    return this.start('manual');
  }

  /**
   * The cron's run. Replicas all fire the same tick; the first takes the lock and the others find
   * it taken. A replica whose clock lags could arrive after that run finished, so a scheduled run
   * created within `sameTickMs` counts as this tick's and this one is skipped, not failed.
   */
  async startScheduled(sameTickMs: number): Promise<void> {
    try {
      if (sameTickMs > 0 && (await this.runs.createdSince('schedule', new Date(Date.now() - sameTickMs)))) {
        this.logger.log('scheduled roster sync skipped: this tick already has its run');
        return;
      }
      const run = await this.start('schedule');
      this.logger.log({ runId: run.id }, 'scheduled roster sync started');
    } catch (error) {
      if (error instanceof ServiceException && error.code === ErrorCode.SyncInProgress) {
        this.logger.log('scheduled roster sync skipped: a run is in progress');
        return;
      }
      this.logger.error({ err: error }, 'scheduled roster sync could not start');
    }
  }

  /**
   * A start whose roster has no character in the guild (the guild's first start, or one after every
   * sync so far failed) runs a sync at once, with the trigger `schedule`: the platform's own doing.
   * Decided holding the sync lock, so of replicas starting together one syncs and the others find
   * the lock taken, the roster filled, or this start's run already made.
   */
  private async syncIfRosterEmpty(): Promise<void> {
    try {
      let found = 0;
      const run = await this.start('schedule', async () => {
        found = await this.characters.inGuildCount();
        if (found > 0) return false;
        return !(await this.runs.anyCreatedSince('blizzard', new Date(Date.now() - FIRST_SYNC_WINDOW_MS)));
      });
      if (run) this.logger.log({ runId: run.id }, 'first sync: the roster is empty, a sync started');
      else if (found > 0) this.logger.log({ inGuild: found }, 'first sync: the roster has characters, no sync needed');
      else this.logger.log('first sync: the roster is empty but a sync ran moments ago (another replica, or the last start); not again');
    } catch (error) {
      if (error instanceof ServiceException && error.code === ErrorCode.SyncInProgress) {
        this.logger.log('first sync: a sync is already running (another replica)');
        return;
      }
      this.logger.error({ err: error }, 'first sync could not start');
    }
  }

  async list(limit: number, offset: number): Promise<Page<SyncRun>> {
    const [runs, total] = await this.runs.page(limit, offset);
    return { items: runs.map((run) => run.toSyncRun()), total };
  }

  async get(id: string): Promise<SyncRun> {
    const run = await this.runs.find(id);
    if (!run) throw ServiceException.notFound(`Sync run ${id}`);
    return run.toSyncRun();
  }

  async status(): Promise<GuildSyncStatus> {
    const [blizzard, addon] = await Promise.all([this.runs.latest('blizzard'), this.runs.latest('addon')]);
    return {
      lastRuns: { blizzard: blizzard?.toSyncRun() ?? null, addon: addon?.toSyncRun() ?? null },
      nextScheduledAt: this.schedule.nextRunAt()?.toISOString() ?? null,
    };
  }

  /**
   * Takes the sync lock and, holding it, creates the run and runs it in the background. Answers
   * as soon as the run exists; a second request while the lock is held anywhere is a 409 that
   * names the running run. With `wanted`, asked holding the lock, a false answer starts nothing
   * (the answer is then null).
   */
  private start(trigger: SyncTrigger): Promise<SyncRun>;
  private start(trigger: SyncTrigger, wanted: () => Promise<boolean>): Promise<SyncRun | null>;
  private async start(trigger: SyncTrigger, wanted?: () => Promise<boolean>): Promise<SyncRun | null> {
    this.blizzard.configuredGuild(); // an unconfigured service says what to set, and takes no lock

    const stop = new AbortController();
    let accept: (run: SyncRunEntity | null) => void = () => undefined;
    const accepted = new Promise<SyncRunEntity | null>((resolve) => (accept = resolve));
    const held = this.lock.tryHold(async () => {
      await this.runs.failUnfinished('blizzard', INTERRUPTED);
      if (wanted && !(await wanted())) {
        accept(null);
        return;
      }
      const run = await this.runs.create('blizzard', trigger);
      accept(run);
      await this.rosterSync.execute(run.id, stop.signal);
    });
    const first = await Promise.race([accepted.then((run) => ({ accepted: true as const, run })), held.then(() => ({ accepted: false as const, run: null }))]);
    if (first.accepted && !first.run) return null;
    if (first.run) {
      const finished = held.then(
        () => undefined,
        (error: unknown) => this.logger.error({ err: error, runId: first.run?.id }, 'sync run ended with an error'),
      );
      this.current = { stop, finished };
      void finished.finally(() => {
        if (this.current?.stop === stop) this.current = null;
      });
      return first.run.toSyncRun();
    }
    const active = await this.runs.active('blizzard');
    throw new ServiceException(
      ErrorCode.SyncInProgress,
      `A roster sync is already running${active ? ` (run ${active.id})` : ''}; wait for it to finish, then try again.`,
      [{ runId: active?.id ?? null }],
    );
  }
}
