import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { emptyAsUndefined, ServiceConfig } from '@patt/service-kit';

export class CampaignsConfig extends ServiceConfig {
  override HEALTH_PORT = 3105;

  /**
   * How often the schedule looks for campaigns to open (at `startsAt`), to close (at `endsAt`) and
   * whose last day or hour began (ms). A campaign opens and closes at most this late.
   */
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'SCHEDULE_TICK_MS must be a whole number of milliseconds' })
  @Min(250, { message: 'SCHEDULE_TICK_MS must be at least 250' })
  @Max(60_000, { message: 'SCHEDULE_TICK_MS must be at most 60000 (a minute)' })
  SCHEDULE_TICK_MS = 5000;
}
