import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { emptyAsUndefined, ServiceConfig } from '@patt/service-kit';

export class IdentityConfig extends ServiceConfig {
  override HEALTH_PORT = 3102;

  /** Days without a login after which an in-guild character is reported stale. */
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'STALE_AFTER_DAYS must be a whole number of days' })
  @Min(1)
  @Max(3650)
  STALE_AFTER_DAYS = 30;
}
