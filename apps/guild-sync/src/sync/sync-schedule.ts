import { Injectable, Type } from '@nestjs/common';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { runInContext } from '@patt/service-kit';
import { SyncRunsService } from './sync-runs.service';

export const SCHEDULED_SYNC_JOB = 'guild-sync:scheduled-roster-sync';

/** Cron expressions are read in UTC, whatever the host's time zone: the schedule means the same everywhere. */
export const SCHEDULE_TIME_ZONE = 'UTC';

/**
 * The provider that starts a Blizzard sync on SYNC_CRON. Made per config (like the health request
 * controller of service-kit) because @Cron takes its expression when the class is declared; the
 * module registers it only when a sync can run.
 */
export function scheduledRosterSync(cron: string): Type<unknown> {
  @Injectable()
  class ScheduledRosterSync {
    constructor(private readonly runs: SyncRunsService) {}

    @Cron(cron, { name: SCHEDULED_SYNC_JOB, timeZone: SCHEDULE_TIME_ZONE })
    async tick(): Promise<void> {
      await runInContext({ correlationId: `schedule-${randomUUID()}`, actor: null }, () => this.runs.startScheduled());
    }
  }
  return ScheduledRosterSync;
}

/** When the scheduled sync fires next, for the status endpoint. */
@Injectable()
export class SyncSchedule {
  constructor(private readonly registry: SchedulerRegistry) {}

  nextRunAt(): Date | null {
    if (!this.registry.doesExist('cron', SCHEDULED_SYNC_JOB)) return null;
    return this.registry.getCronJob(SCHEDULED_SYNC_JOB).nextDate().toJSDate();
  }
}
