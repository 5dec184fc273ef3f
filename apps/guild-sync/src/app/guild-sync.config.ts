import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateBy } from 'class-validator';
import { emptyAsUndefined, ServiceConfig } from '@patt/service-kit';
import { cronProblem } from './cron-expression';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class GuildSyncConfig extends ServiceConfig {
  override HEALTH_PORT = 3103;

  @emptyAsUndefined()
  @IsOptional()
  @IsString({ message: 'BLIZZARD_CLIENT_ID must be text' })
  BLIZZARD_CLIENT_ID?: string;

  @emptyAsUndefined()
  @IsOptional()
  @IsString({ message: 'BLIZZARD_CLIENT_SECRET must be text' })
  BLIZZARD_CLIENT_SECRET?: string;

  @emptyAsUndefined()
  @IsUrl(URL_OPTIONS, { message: 'BLIZZARD_API_URL must be an http(s) URL' })
  BLIZZARD_API_URL = 'https://us.api.blizzard.com';

  @emptyAsUndefined()
  @IsUrl(URL_OPTIONS, { message: 'BLIZZARD_OAUTH_URL must be an http(s) URL' })
  BLIZZARD_OAUTH_URL = 'https://oauth.battle.net/token';

  /** Where a member's browser goes to let the platform read their WoW characters (Link Battle.net). */
  @emptyAsUndefined()
  @IsUrl(URL_OPTIONS, { message: 'BLIZZARD_AUTHORIZE_URL must be an http(s) URL' })
  BLIZZARD_AUTHORIZE_URL = 'https://oauth.battle.net/authorize';

  @emptyAsUndefined()
  @IsIn(['us', 'eu', 'kr', 'tw'], { message: 'BLIZZARD_REGION must be one of us, eu, kr, tw' })
  BLIZZARD_REGION = 'us';

  @emptyAsUndefined()
  @Matches(/^[a-z]{2}_[A-Z]{2}$/, { message: 'BLIZZARD_LOCALE must look like en_US' })
  BLIZZARD_LOCALE = 'en_US';

  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'BLIZZARD_RATE_PER_SECOND must be a whole number' })
  @Min(1)
  @Max(1000)
  BLIZZARD_RATE_PER_SECOND = 100;

  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'BLIZZARD_RATE_PER_HOUR must be a whole number' })
  @Min(1)
  BLIZZARD_RATE_PER_HOUR = 36_000;

  @emptyAsUndefined()
  @IsOptional()
  @Matches(/^[a-z0-9-]+$/, { message: "GUILD_REALM_SLUG must be a realm slug like sen-jin or area-52" })
  GUILD_REALM_SLUG?: string;

  @emptyAsUndefined()
  @IsOptional()
  @Matches(/^[\p{Ll}\p{N}-]+$/u, { message: 'GUILD_NAME_SLUG must be a guild slug like pull-all-the-things' })
  GUILD_NAME_SLUG?: string;

  /**
   * Profile calls in a row that may end with no usable answer (5xx, 429 or no answer, each after
   * the client's retries) before a run stops as `failed`: Blizzard is down, and grinding through
   * every other profile would only fail the same way, slowly. An answer of any kind starts the
   * count again.
   */
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'BLIZZARD_MAX_CONSECUTIVE_FAILURES must be a whole number' })
  @Min(1, { message: 'BLIZZARD_MAX_CONSECUTIVE_FAILURES must be at least 1' })
  @Max(1000, { message: 'BLIZZARD_MAX_CONSECUTIVE_FAILURES must be at most 1000' })
  BLIZZARD_MAX_CONSECUTIVE_FAILURES = 5;

  /** Read in UTC; refused at start, with the reason, unless the scheduler takes it and it ever fires. */
  @emptyAsUndefined()
  @ValidateBy({
    name: 'isSyncCron',
    validator: {
      validate: (value: unknown) => cronProblem(value) === null,
      defaultMessage: (args) => `SYNC_CRON ${cronProblem(args?.value) ?? 'is not a cron expression'}`,
    },
  })
  SYNC_CRON = '0 1,7,13,19 * * *';

  /**
   * A start that finds no character in the guild syncs at once, rather than at the next SYNC_CRON
   * tick: a guild's first start shows its roster in seconds. Tests that start their own syncs turn
   * it off.
   */
  @emptyAsUndefined()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'SYNC_ON_EMPTY_ROSTER must be true or false' })
  SYNC_ON_EMPTY_ROSTER = true;
}

/** What a Blizzard sync needs that `config` lacks; empty when a sync can run. */
export function missingSyncSettings(config: GuildSyncConfig): string[] {
  const required = ['BLIZZARD_CLIENT_ID', 'BLIZZARD_CLIENT_SECRET', 'GUILD_REALM_SLUG', 'GUILD_NAME_SLUG'] as const;
  return required.filter((name) => !config[name]);
}
