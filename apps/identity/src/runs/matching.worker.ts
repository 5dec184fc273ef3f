import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { IdentityRuns } from './identity-runs.service';
import { MatchingRequestsRepository } from './matching-requests.repository';

/** How often the worker looks for requests. */
const POLL_MS = 500;
/**
 * A request younger than this waits a little: events come in bursts (a sync's parts, a Discord
 * sync's changes), and one run after the burst does what a run per event would.
 */
const SETTLE_MS = 300;
/** With no request at all, a run still happens this often: "not seen for 30 days" needs no event to become true. */
const SCHEDULED_EVERY_MS = 60 * 60 * 1000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Runs matching and the integrity checks when something asked for it (an applied event, an
 * officer's edit: rows in matching_requests, written in their transactions) and once an hour
 * regardless. Requests live in the database, so one committed just before a crash is served
 * after the restart; with several replicas, the membership lock lets one run at a time and the
 * others find the requests served.
 */
@Injectable()
export class MatchingWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('MatchingWorker');
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly runs: IdentityRuns,
    private readonly requests: MatchingRequestsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** One look: serves waiting requests, or the hourly run when it is due. True when it ran. */
  async pass(): Promise<boolean> {
    let waiting = await this.requests.newestWaiting();
    if (waiting && Date.now() - waiting.requestedAt.getTime() < SETTLE_MS) {
      await this.sleep(SETTLE_MS);
      waiting = (await this.requests.newestWaiting()) ?? waiting;
    }
    if (waiting) return (await this.runs.serveRequests(waiting.id)) !== null;
    const last = await this.runs.lastRunAt();
    if (last && Date.now() - last.getTime() < SCHEDULED_EVERY_MS) return false;
    await this.runs.matchAndCheck('schedule');
    return true;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.pass();
        failures = 0;
        await this.sleep(POLL_MS);
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0) this.logger.warn({ err: error, failures }, 'a matching run failed; retrying');
        await this.sleep(Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(failures, 8)));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
