import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { emptyAsUndefined, ServiceConfig } from '@patt/service-kit';

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

  @emptyAsUndefined()
  @Matches(/^(\S+\s+){4}\S+$/, { message: 'SYNC_CRON must be a five-field cron expression' })
  SYNC_CRON = '0 1,7,13,19 * * *';
}

/** What a Blizzard sync needs that `config` lacks; empty when a sync can run. */
export function missingSyncSettings(config: GuildSyncConfig): string[] {
  const required = ['BLIZZARD_CLIENT_ID', 'BLIZZARD_CLIENT_SECRET', 'GUILD_REALM_SLUG', 'GUILD_NAME_SLUG'] as const;
  return required.filter((name) => !config[name]);
}
