// Linking Battle.net: the DTOs of both doors (the gateway's query and body, and the requests as
// guild-sync and identity receive them over NATS).
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { BattlenetAccount, BattlenetCharacter, BattlenetCoverageQuery, BattlenetReminderBody } from '../api/battlenet';
import type { BattlenetClaimRequest, BattlenetLinkFinishRequest, BattlenetLinkStartRequest } from '../requests/battlenet';
import { PageQueryDto } from './auth.dto';
import { ToBoolean } from './validators';

/** At most this many characters are read from one Battle.net account (Blizzard allows 50 per WoW account, a few accounts). */
export const BATTLENET_MAX_CHARACTERS = 500;
/** At most this many members per reminder request. */
export const BATTLENET_MAX_REMINDERS = 500;

export class BattlenetLinkStartDto implements BattlenetLinkStartRequest {
  @IsString({ message: 'redirectUri must be text' })
  @Matches(/^https?:\/\/\S+$/, { message: 'redirectUri must be an http(s) address' })
  @MaxLength(500)
  redirectUri!: string;

  @Matches(/^[0-9a-f]{64}$/, { message: 'browserHash must be a SHA-256 in hex' })
  browserHash!: string;
}

export class BattlenetLinkFinishDto implements BattlenetLinkFinishRequest {
  @IsString({ message: 'state must be text' })
  @MinLength(1, { message: 'state is required' })
  @MaxLength(200)
  state!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  code?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  error?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  browserSecret?: string;

  @IsString({ message: 'redirectUri must be text' })
  @Matches(/^https?:\/\/\S+$/, { message: 'redirectUri must be an http(s) address' })
  @MaxLength(500)
  redirectUri!: string;
}

export class BattlenetAccountDto implements BattlenetAccount {
  @IsInt({ message: 'account.id must be a whole number' })
  @Min(1)
  id!: number;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  battletag!: string | null;
}

export class BattlenetCharacterDto implements BattlenetCharacter {
  @IsInt({ message: 'blizzardId must be a whole number' })
  @Min(1)
  blizzardId!: number;

  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name!: string;

  @IsString()
  @Matches(/^[\p{Ll}\p{N}-]{1,64}$/u, { message: 'realmSlug must be a realm slug' })
  realmSlug!: string;

  @IsString()
  @MaxLength(100)
  realmName!: string;

  @IsOptional()
  @IsInt()
  level!: number | null;

  @IsInt()
  @Min(0)
  wowAccountId!: number;
}

export class BattlenetClaimDto implements BattlenetClaimRequest {
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId!: string;

  @IsUUID('all', { message: 'userId must be a UUID' })
  userId!: string;

  @ValidateNested()
  @Type(() => BattlenetAccountDto)
  account!: BattlenetAccountDto;

  @IsArray()
  @ArrayMaxSize(BATTLENET_MAX_CHARACTERS)
  @ValidateNested({ each: true })
  @Type(() => BattlenetCharacterDto)
  characters!: BattlenetCharacterDto[];
}

export class BattlenetCoverageQueryDto extends PageQueryDto implements BattlenetCoverageQuery {
  @ApiPropertyOptional({ description: 'Only members with (true) or without (false) a Battle.net link' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'linked must be true or false' })
  linked?: boolean;
}

export class BattlenetReminderDto implements BattlenetReminderBody {
  @ApiPropertyOptional({ type: [String], description: 'Only these members; every member without a link when absent', maxItems: BATTLENET_MAX_REMINDERS })
  @IsOptional()
  @IsArray({ message: 'personIds must be a list of member ids' })
  @ArrayMaxSize(BATTLENET_MAX_REMINDERS, { message: `personIds may name at most ${BATTLENET_MAX_REMINDERS} members` })
  @IsUUID('all', { each: true, message: 'each of personIds must be a UUID' })
  personIds?: string[];
}
