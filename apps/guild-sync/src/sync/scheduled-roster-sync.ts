import { Injectable, Type } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { runInContext } from '@patt/service-kit';
import { SyncRunsService } from './sync-runs.service';
import { SCHEDULE_TIME_ZONE, SCHEDULED_SYNC_JOB, SyncSchedule } from './sync-schedule';

/**
 * The provider that starts a Blizzard sync on SYNC_CRON. Made per config (like the health request
 * controller of service-kit) because @Cron takes its expression when the class is declared; the
 * module registers it only when a sync can run.
 */
export function scheduledRosterSync(cron: string): Type<unknown> {
  @Injectable()
  class ScheduledRosterSync {
    constructor(
      private readonly runs: SyncRunsService,
      private readonly schedule: SyncSchedule,
    ) {}

    @Cron(cron, { name: SCHEDULED_SYNC_JOB, timeZone: SCHEDULE_TIME_ZONE })
    async tick(): Promise<void> {
      await runInContext({ correlationId: `schedule-${randomUUID()}`, actor: null }, () =>
        this.runs.startScheduled(this.schedule.sameTickWindowMs()),
      );
    }
  }
  return ScheduledRosterSync;
}
