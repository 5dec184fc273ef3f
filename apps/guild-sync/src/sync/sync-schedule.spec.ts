import { SchedulerRegistry } from '@nestjs/schedule';
import { SCHEDULED_SYNC_JOB, SyncSchedule } from './sync-schedule';

function scheduleWithNextTickAt(next: Date | null): SyncSchedule {
  const registry = {
    doesExist: (type: string, name: string) => next !== null && type === 'cron' && name === SCHEDULED_SYNC_JOB,
    getCronJob: () => ({ nextDate: () => ({ toJSDate: () => next }) }),
  };
  return new SyncSchedule(registry as unknown as SchedulerRegistry);
}

describe('SyncSchedule', () => {
  const now = Date.parse('2025-02-01T12:00:00.000Z');

  it('has no next run when no sync is scheduled (not configured)', () => {
    const schedule = scheduleWithNextTickAt(null);
    expect(schedule.nextRunAt()).toBeNull();
    expect(schedule.sameTickWindowMs(now)).toBe(0);
  });

  it('counts a run as this tick’s within half the time to the next tick, five minutes at most', () => {
    expect(scheduleWithNextTickAt(new Date(now + 60_000)).sameTickWindowMs(now)).toBe(30_000);
    expect(scheduleWithNextTickAt(new Date(now + 6 * 3_600_000)).sameTickWindowMs(now)).toBe(5 * 60_000);
  });
});
