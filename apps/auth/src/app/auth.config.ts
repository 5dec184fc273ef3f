import { availableParallelism } from 'node:os';
import { Type } from 'class-transformer';
import { IsInt, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { emptyAsUndefined, IsJwtSecret, ServiceConfig } from '@patt/service-kit';

export class AuthConfig extends ServiceConfig {
  override HEALTH_PORT = 3101;

  @emptyAsUndefined()
  @IsJwtSecret()
  JWT_SECRET!: string;

  /** The first Guild Leader account, made at first start. */
  @emptyAsUndefined()
  @IsString({ message: 'ADMIN_USERNAME is required' })
  @MinLength(2, { message: 'ADMIN_USERNAME must be at least 2 characters' })
  @MaxLength(32, { message: 'ADMIN_USERNAME must be at most 32 characters' })
  ADMIN_USERNAME!: string;

  @emptyAsUndefined()
  @IsString({ message: 'ADMIN_PASSWORD is required' })
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  @MaxLength(72, { message: 'ADMIN_PASSWORD must be at most 72 bytes' })
  ADMIN_PASSWORD!: string;

  /** bcrypt's cost; 11 was chosen by measurement (README, "Accounts"). */
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'BCRYPT_COST must be a whole number' })
  @Min(10, { message: 'BCRYPT_COST must be at least 10' })
  @Max(15, { message: 'BCRYPT_COST must be at most 15' })
  BCRYPT_COST = 11;

  /**
   * bcrypt work (a hash or a compare) at once in this process: one per core by default (at most 4,
   * libuv's pool, where more would only queue where nothing can cancel it).
   */
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'BCRYPT_MAX_CONCURRENT must be a whole number' })
  @Min(1, { message: 'BCRYPT_MAX_CONCURRENT must be at least 1' })
  @Max(16, { message: 'BCRYPT_MAX_CONCURRENT must be at most 16' })
  BCRYPT_MAX_CONCURRENT = Math.min(4, availableParallelism());

  /**
   * How long a sign-in waits for bcrypt beyond those: then 503 with Retry-After. Well under a
   * request's timeout (NATS_REQUEST_TIMEOUT_MS), so no waiting outlives the request; 0: no wait.
   */
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'BCRYPT_MAX_WAIT_MS must be a whole number of milliseconds' })
  @Min(0, { message: 'BCRYPT_MAX_WAIT_MS must be 0 (no wait) or more' })
  @Max(3000, { message: 'BCRYPT_MAX_WAIT_MS must be at most 3000, well under a request’s timeout' })
  BCRYPT_MAX_WAIT_MS = 2000;

  /** Days a member may have no character in the guild before their account is disabled; 0: at once. */
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'ACCOUNT_GRACE_DAYS must be a whole number of days' })
  @Min(0, { message: 'ACCOUNT_GRACE_DAYS must be 0 (at once) or more' })
  @Max(365, { message: 'ACCOUNT_GRACE_DAYS must be at most 365' })
  ACCOUNT_GRACE_DAYS = 14;

  // ---- signing in with Discord (README, "Signing in with Discord") ----------------------------
  // Off unless both the client id and secret are set: starting a sign-in then answers 503.

  /** The OAuth2 application's client id (Discord developer portal, OAuth2). */
  @emptyAsUndefined()
  @ValidateIf((config: AuthConfig) => config.DISCORD_CLIENT_ID !== undefined || config.DISCORD_CLIENT_SECRET !== undefined)
  @Matches(/^\d{15,21}$/, { message: 'DISCORD_CLIENT_ID must be the application’s id (15 to 21 digits); it is needed with DISCORD_CLIENT_SECRET' })
  DISCORD_CLIENT_ID?: string;

  /** The OAuth2 application's client secret: used only for the code exchange, never logged. */
  @emptyAsUndefined()
  @ValidateIf((config: AuthConfig) => config.DISCORD_CLIENT_ID !== undefined || config.DISCORD_CLIENT_SECRET !== undefined)
  @IsString({ message: 'DISCORD_CLIENT_SECRET is missing: DISCORD_CLIENT_ID needs its secret' })
  @MinLength(8, { message: 'DISCORD_CLIENT_SECRET is too short to be a client secret' })
  @MaxLength(200, { message: 'DISCORD_CLIENT_SECRET is too long to be a client secret' })
  DISCORD_CLIENT_SECRET?: string;

  /** Discord's authorize page, where the browser is sent. */
  @emptyAsUndefined()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'DISCORD_OAUTH_URL must be an http(s) URL' })
  DISCORD_OAUTH_URL = 'https://discord.com/oauth2/authorize';

  /** Discord's API (as the bot's): the code exchange (/oauth2/token) and /users/@me go there (v10). */
  @emptyAsUndefined()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'DISCORD_API_URL must be an http(s) URL' })
  DISCORD_API_URL = 'https://discord.com/api';

  /** The client of signing in with Discord, or null when it is not configured. */
  get discordSignIn(): { clientId: string; clientSecret: string } | null {
    return this.DISCORD_CLIENT_ID && this.DISCORD_CLIENT_SECRET ? { clientId: this.DISCORD_CLIENT_ID, clientSecret: this.DISCORD_CLIENT_SECRET } : null;
  }
}
