import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PassOutcome, SignalledLoop, withAdvisoryLock } from '@patt/persistence';
import { CampaignsConfig } from '../app/campaigns.config';
import { CampaignLifecycle } from '../campaigns/campaign-lifecycle';
import { timeLeftMilestone } from '../campaigns/campaign-rules';
import { CampaignsRepository } from '../campaigns/campaigns.repository';

/** One replica ticks at a time: the others find the lock taken and wait for their next tick. */
export const SCHEDULE_LOCK = 'campaigns-schedule';

/** Campaigns handled per kind and tick; more wait for the next one, which comes at once. */
const BATCH = 50;

export interface TickOutcome {
  opened: string[];
  closed: string[];
  timeLeft: string[];
  /** Another replica held the lock: this one did nothing. */
  skipped: boolean;
}

/**
 * The campaigns' clock: every SCHEDULE_TICK_MS it opens the drafts whose start has come, closes the
 * live campaigns whose end has, and records "24 hours left" and "1 hour left". One replica at a
 * time (a session advisory lock, not waited for); and each campaign's change is made under its row
 * lock after checking its status again, so an officer's close racing the tick, or two replicas,
 * open and close each campaign exactly once.
 */
@Injectable()
export class CampaignSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CampaignSchedule.name);
  private readonly loop: SignalledLoop;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly lifecycle: CampaignLifecycle,
    config: CampaignsConfig,
  ) {
    this.loop = new SignalledLoop(() => this.pass(), { name: CampaignSchedule.name, pollMs: config.SCHEDULE_TICK_MS });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  private async pass(): Promise<PassOutcome> {
    const outcome = await this.tick(new Date());
    const full = outcome.opened.length >= BATCH || outcome.closed.length >= BATCH || outcome.timeLeft.length >= BATCH;
    return full ? 'more' : 'idle';
  }

  /** One tick at `now`: what it opened, closed and timed. */
  async tick(now: Date): Promise<TickOutcome> {
    const locked = await withAdvisoryLock(this.dataSource, SCHEDULE_LOCK, () => this.work(now), { wait: false });
    return locked.acquired ? locked.result : { opened: [], closed: [], timeLeft: [], skipped: true };
  }

  private async work(now: Date): Promise<TickOutcome> {
    const outcome: TickOutcome = { opened: [], closed: [], timeLeft: [], skipped: false };
    for (const id of await this.campaigns.dueToOpen(now, BATCH)) {
      const opened = await this.campaigns.transaction(async (manager) => {
        const campaign = await this.campaigns.find(id, manager, true);
        if (campaign?.status !== 'draft' || campaign.startsAt > now) return false;
        if ((await this.campaigns.countEntries(id, manager)) < campaign.picksPerVoter) return false;
        await this.lifecycle.open(manager, campaign, 'schedule', now);
        return true;
      });
      if (opened) outcome.opened.push(id);
    }
    for (const id of await this.campaigns.dueToClose(now, BATCH)) {
      const closed = await this.campaigns.transaction(async (manager) => {
        const campaign = await this.campaigns.find(id, manager, true);
        if (campaign?.status !== 'live' || campaign.endsAt > now) return false;
        await this.lifecycle.close(manager, campaign, 'ended', now);
        return true;
      });
      if (closed) outcome.closed.push(id);
    }
    for (const candidate of await this.campaigns.endingWithinADay(now)) {
      const due = timeLeftMilestone(candidate.openedAt, candidate.endsAt, now);
      if (!due || candidate.reached.has(due)) continue;
      const reached = await this.campaigns.transaction(async (manager) => {
        const campaign = await this.campaigns.findWithSums(candidate.id, manager, true);
        return campaign ? this.lifecycle.timeLeft(manager, campaign, now) : null;
      });
      if (reached) outcome.timeLeft.push(candidate.id);
      if (outcome.timeLeft.length >= BATCH) break;
    }
    if (outcome.opened.length + outcome.closed.length + outcome.timeLeft.length > 0) {
      this.logger.log({ opened: outcome.opened.length, closed: outcome.closed.length, timeLeft: outcome.timeLeft.length }, 'schedule tick');
    }
    return outcome;
  }
}
