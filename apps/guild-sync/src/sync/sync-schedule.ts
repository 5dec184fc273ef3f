import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

export const SCHEDULED_SYNC_JOB = 'guild-sync:scheduled-roster-sync';

/** Cron expressions are read in UTC, whatever the host's time zone: the schedule means the same everywhere. */
export const SCHEDULE_TIME_ZONE = 'UTC';

const MAX_SAME_TICK_MS = 5 * 60_000;

/** When the scheduled sync fires next, for the status endpoint. */
@Injectable()
export class SyncSchedule {
  constructor(private readonly registry: SchedulerRegistry) {}

  nextRunAt(): Date | null {
    if (!this.registry.doesExist('cron', SCHEDULED_SYNC_JOB)) return null;
    return this.registry.getCronJob(SCHEDULED_SYNC_JOB).nextDate().toJSDate();
  }

  /**
   * How recent a scheduled run must be to count as this tick's (see startScheduled): half the
   * time to the next tick, at most five minutes, so a frequent schedule never swallows its ticks.
   */
  sameTickWindowMs(now = Date.now()): number {
    const next = this.nextRunAt();
    return next ? Math.min(MAX_SAME_TICK_MS, Math.max(0, (next.getTime() - now) / 2)) : 0;
  }
}
