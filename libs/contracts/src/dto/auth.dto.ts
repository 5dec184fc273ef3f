import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsIP, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, PageQuery } from '../api/envelope';
import { LoginRequest, RefreshRequest, RegisterRequest } from '../requests/auth';
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

