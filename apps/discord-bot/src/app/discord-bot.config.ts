import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { emptyAsUndefined, ServiceConfig } from '@patt/service-kit';

const SNOWFLAKE = /^\d{15,21}$/;

export class DiscordBotConfig extends ServiceConfig {
  override HEALTH_PORT = 3104;

  @emptyAsUndefined()
  @IsOptional()
  @IsString({ message: 'DISCORD_TOKEN must be text' })
  DISCORD_TOKEN?: string;

  @emptyAsUndefined()
  @IsOptional()
  @Matches(SNOWFLAKE, { message: 'DISCORD_GUILD_ID must be a Discord id (15 to 21 digits)' })
  DISCORD_GUILD_ID?: string;

  @emptyAsUndefined()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'DISCORD_API_URL must be an http(s) URL' })
  DISCORD_API_URL = 'https://discord.com/api';

  @emptyAsUndefined()
  @IsOptional()
  @Matches(SNOWFLAKE, { message: 'DISCORD_AUDIT_CHANNEL_ID must be a Discord id (15 to 21 digits)' })
  DISCORD_AUDIT_CHANNEL_ID?: string;

  @emptyAsUndefined()
  @IsIn(['report', 'enforce'], { message: 'ROLE_SYNC_MODE must be report or enforce' })
  ROLE_SYNC_MODE: 'report' | 'enforce' = 'report';

  @emptyAsUndefined()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL = 'http://localhost:3000';

  /**
   * How long a slash command may work before its reply is deferred ("thinking…", then edited with
   * the answer): Discord drops an interaction not acknowledged within 3 seconds.
   */
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'COMMAND_DEFER_AFTER_MS must be a whole number of milliseconds' })
  @Min(0, { message: 'COMMAND_DEFER_AFTER_MS must be 0 or more' })
  @Max(2500, { message: 'COMMAND_DEFER_AFTER_MS must be at most 2500 (Discord waits 3 seconds for the acknowledgement)' })
  COMMAND_DEFER_AFTER_MS = 1500;
}
