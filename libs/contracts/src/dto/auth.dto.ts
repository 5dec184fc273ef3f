import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsIP, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, PageQuery } from '../api/envelope';
import {
  ClaimInviteRequest,
  DisableAccountRequest,
  DiscordSignInFinishRequest,
  DiscordSignInStartRequest,
  EnableAccountRequest,
  ListInvitesRequest,
  LoginRequest,
  ChangePasswordRequest,
  RedeemPasswordResetRequest,
  RefreshRequest,
  RegisterRequest,
} from '../requests/auth';
import { IsPassword } from './validators';

/** `?limit=` (default 50, at most 500) and `?offset=` of every list; extend it for filters. */
export class PageQueryDto implements PageQuery {
  @ApiPropertyOptional({ default: DEFAULT_PAGE_LIMIT, minimum: 1, maximum: MAX_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(MAX_PAGE_LIMIT, { message: `limit must be at most ${MAX_PAGE_LIMIT}` })
  limit: number = DEFAULT_PAGE_LIMIT;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0, { message: 'offset must be 0 or more' })
  offset = 0;
}

export class IdParam {
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class LoginBody {
  @ApiProperty()
  @IsString({ message: 'username must be text' })
  @MinLength(1, { message: 'username is required' })
  @MaxLength(64, { message: 'username must be at most 64 characters' })
  username!: string;

  @ApiProperty({ description: '8 to 72 bytes of UTF-8' })
  @IsString({ message: 'password must be text' })
  @MaxLength(1024, { message: 'password is far too long' })
  password!: string;
}

/** Discord usernames: 2 to 32 of lower-case letters, digits, `_` and `.` (compared case-insensitively). */
export class RegisterBody {
  @ApiProperty({ description: 'The code from the invite DM' })
  @IsString({ message: 'inviteCode must be text' })
  @MinLength(16, { message: 'inviteCode is too short to be a code' })
  @MaxLength(128, { message: 'inviteCode is too long to be a code' })
  inviteCode!: string;

  @ApiProperty({ description: 'Your Discord username' })
  @IsString({ message: 'username must be text' })
  @Matches(/^[A-Za-z0-9_.]{2,32}$/, { message: 'username must be your Discord username: 2 to 32 letters, digits, _ or .' })
  username!: string;

  @ApiProperty({ description: '8 to 72 bytes of UTF-8' })
  @IsPassword()
  password!: string;
}

/** `POST /auth/reset-password`: the token from the link, and the new password. */
export class ResetPasswordBody {
  @ApiProperty({ description: 'The token from the password-reset link' })
  @IsString({ message: 'token must be text' })
  @MinLength(16, { message: 'token is too short to be a reset token' })
  @MaxLength(128, { message: 'token is too long to be a reset token' })
  token!: string;

  @ApiProperty({ description: '8 to 72 bytes of UTF-8' })
  @IsPassword()
  password!: string;
}

/**
 * `POST /auth/password`: `{password}` sets an account's first password (one made by signing in
 * with Discord has none); `{currentPassword, password}` changes it.
 */
export class ChangePasswordBody {
  @ApiPropertyOptional({ description: 'The password the account has now; required when it has one, refused when it has none' })
  @IsOptional()
  @IsString({ message: 'currentPassword must be text' })
  @MinLength(1, { message: 'currentPassword must not be empty' })
  @MaxLength(1024, { message: 'currentPassword is far too long' })
  currentPassword?: string;

  @ApiProperty({ description: 'The new password: 8 to 72 bytes of UTF-8' })
  @IsPassword()
  password!: string;
}

export class RefreshBody {
  @ApiProperty()
  @IsString({ message: 'refreshToken must be text' })
  @MinLength(10, { message: 'refreshToken is not a refresh token' })
  @MaxLength(200, { message: 'refreshToken is not a refresh token' })
  refreshToken!: string;
}

export class CreateApiKeyBody {
  @ApiProperty({ description: 'What the key is for, e.g. "Trog’s gaming PC"' })
  @IsString({ message: 'name must be text' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  name!: string;
}

export class CreateInviteBody {
  @ApiPropertyOptional({ minimum: 1, maximum: 168, default: 72 })
  @IsOptional()
  @IsInt({ message: 'expiresInHours must be a whole number of hours' })
  @Min(1, { message: 'expiresInHours must be 1 to 168' })
  @Max(168, { message: 'expiresInHours must be 1 to 168' })
  expiresInHours?: number;
}

// --- as the requests reach auth over NATS ------------------------------------------------

export class LoginRequestDto extends LoginBody implements LoginRequest {
  @IsIP(undefined, { message: 'clientIp must be an IP address' })
  clientIp!: string;
}

export class RegisterRequestDto extends RegisterBody implements RegisterRequest {
  @IsIP(undefined, { message: 'clientIp must be an IP address' })
  clientIp!: string;
}

export class ResetPasswordRequestDto extends ResetPasswordBody implements RedeemPasswordResetRequest {
  @IsIP(undefined, { message: 'clientIp must be an IP address' })
  clientIp!: string;
}

export class ChangePasswordRequestDto extends ChangePasswordBody implements ChangePasswordRequest {
  @IsIP(undefined, { message: 'clientIp must be an IP address' })
  clientIp!: string;

  @IsOptional()
  @IsString({ message: 'keepRefreshToken must be text' })
  @MaxLength(200, { message: 'keepRefreshToken is not a refresh token' })
  keepRefreshToken?: string;
}

export class RefreshRequestDto extends RefreshBody implements RefreshRequest {
  @IsIP(undefined, { message: 'clientIp must be an IP address' })
  clientIp!: string;
}

export class VerifyApiKeyRequestDto {
  @IsString()
  @MaxLength(200)
  key!: string;
}

export class CreateInviteRequestDto {
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId!: string;

  @IsInt()
  @Min(1)
  @Max(168)
  expiresInHours!: number;
}


// --- accounts ------------------------------------------------------------------------------

/** POST /members/{id}/account/disable: the reason is kept, shown to officers and told to the member at sign-in. */
export class DisableAccountBody {
  @ApiProperty({ description: 'Why: shown to officers, and to the member when they try to sign in', minLength: 1, maxLength: 500 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'reason must be text' })
  @MinLength(1, { message: 'reason is required: say why the account is disabled' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  reason!: string;
}

export class DisableAccountRequestDto extends DisableAccountBody implements DisableAccountRequest {
  @IsUUID('all', { message: 'personId must be a member id (a UUID)' })
  personId!: string;
}

export class EnableAccountRequestDto implements EnableAccountRequest {
  @IsUUID('all', { message: 'personId must be a member id (a UUID)' })
  personId!: string;
}

// --- invites -------------------------------------------------------------------------------

export class ListInvitesRequestDto extends PageQueryDto implements ListInvitesRequest {
  @IsUUID('all', { message: 'personId must be a member id (a UUID)' })
  personId!: string;
}

export class ClaimInviteRequestDto implements ClaimInviteRequest {
  @IsUUID('all', { message: 'inviteId must be an invite id (a UUID)' })
  inviteId!: string;
}

// --- signing in with Discord ------------------------------------------------------------------

const OAUTH_VALUE = /^[\x21-\x7e]+$/;

/**
 * GET /auth/oauth/discord/callback: what Discord sends the browser back with: `code` and `state`,
 * or `error` (and `error_description`) and `state` when the member cancelled or Discord refused.
 */
export class OAuthCallbackQuery {
  @ApiProperty({ description: 'The state the flow was started with' })
  @IsString({ message: 'state must be text' })
  @Matches(OAUTH_VALUE, { message: 'state must be the state the sign-in was started with' })
  @MaxLength(256, { message: 'state must be at most 256 characters' })
  state!: string;

  @ApiPropertyOptional({ description: 'The authorization code' })
  @IsOptional()
  @IsString({ message: 'code must be text' })
  @Matches(OAUTH_VALUE, { message: 'code must be the code Discord gave' })
  @MaxLength(512, { message: 'code must be at most 512 characters' })
  code?: string;

  @ApiPropertyOptional({ description: 'The provider’s error (e.g. access_denied)' })
  @IsOptional()
  @IsString({ message: 'error must be text' })
  @MaxLength(200, { message: 'error must be at most 200 characters' })
  error?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'error_description must be text' })
  @MaxLength(1000, { message: 'error_description must be at most 1000 characters' })
  error_description?: string;
}

const BROWSER_SECRET = /^[A-Za-z0-9_-]{43}$/;

export class DiscordSignInStartRequestDto implements DiscordSignInStartRequest {
  @IsIP(undefined, { message: 'clientIp must be an IP address' })
  clientIp!: string;

  @Matches(BROWSER_SECRET, { message: 'browserSecret must be 32 random bytes, base64url' })
  browserSecret!: string;

  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'redirectUri must be an http(s) URL' })
  @MaxLength(2000, { message: 'redirectUri must be at most 2000 characters' })
  redirectUri!: string;
}

export class DiscordSignInFinishRequestDto implements DiscordSignInFinishRequest {
  @IsIP(undefined, { message: 'clientIp must be an IP address' })
  clientIp!: string;

  @IsString({ message: 'state must be text' })
  @MaxLength(256, { message: 'state must be at most 256 characters' })
  state!: string;

  @IsOptional()
  @IsString({ message: 'code must be text' })
  @MaxLength(512, { message: 'code must be at most 512 characters' })
  code?: string;

  @IsOptional()
  @IsString({ message: 'error must be text' })
  @MaxLength(200, { message: 'error must be at most 200 characters' })
  error?: string;

  @IsOptional()
  @IsString({ message: 'browserSecret must be text' })
  @MaxLength(100, { message: 'browserSecret must be at most 100 characters' })
  browserSecret?: string;
}
