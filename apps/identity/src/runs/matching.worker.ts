import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { CommitSignals, PassOutcome, SignalledLoop } from '@patt/persistence';
import { IdentityRuns } from './identity-runs.service';
import { MATCHING_REQUESTED, MatchingRequestsRepository } from '../common/matching-requests.repository';

/** How often the worker looks for requests when no commit woke it (a missed signal costs this much). */
const POLL_MS = 5_000;
/**
 * A request younger than this waits a little: events come in bursts (a sync's parts, a Discord
 * sync's changes), and one run after the burst does what a run per event would.
 */
const SETTLE_MS = 300;
/** With no request at all, a run still happens this often: "not seen for 30 days" needs no event to become true. */
const SCHEDULED_EVERY_MS = 60 * 60 * 1000;

/**
 * Runs matching and the integrity checks when something asked for it (an applied event, an
 * officer's edit: rows in matching_requests, written in their transactions, whose commit wakes
 * the worker) and once an hour regardless. Requests live in the database, so one committed just
 * before a crash is served after the restart; with several replicas, the membership lock lets one
 * run at a time and the others find the requests served.
 */
@Injectable()
export class MatchingWorker implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop = new SignalledLoop(async (): Promise<PassOutcome> => ((await this.pass()) ? 'more' : 'idle'), {
    name: MatchingWorker.name,
    pollMs: POLL_MS,
  });

  constructor(
    private readonly runs: IdentityRuns,
    private readonly requests: MatchingRequestsRepository,
    private readonly signals: CommitSignals,
  ) {}

  onModuleInit(): void {
    this.signals.on(MATCHING_REQUESTED, () => this.loop.wake());
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** One look: serves waiting requests, or the hourly run when it is due. True when it ran. */
  async pass(): Promise<boolean> {
    let waiting = await this.requests.newestWaiting();
    if (waiting && Date.now() - waiting.requestedAt.getTime() < SETTLE_MS) {
      await this.loop.pause(SETTLE_MS);
      waiting = (await this.requests.newestWaiting()) ?? waiting;
    }
    if (waiting) return (await this.runs.serveRequests(waiting.id)) !== null;
    const last = await this.runs.lastRunAt();
    if (last && Date.now() - last.getTime() < SCHEDULED_EVERY_MS) return false;
    await this.runs.matchAndCheck('schedule');
    return true;
  }
}
