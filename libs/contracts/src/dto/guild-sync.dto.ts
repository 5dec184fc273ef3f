// The guild-sync endpoints' DTOs. Each class serves both doors: the gateway validates the query or
// path with it, and guild-sync validates the same request again as it arrives over NATS (query
// strings arrive as text at the first, as JSON values at the second; the transforms take both).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { ADDON_UPLOAD_LIMITS, AddonUpload, AddonUploadMember, ROSTER_EVENT_TYPES } from '../api/guild-sync';
import type { RosterEventType } from '../events/payloads';
import type { CharacterHistoryRequest, RosterEventsRequest, SyncRunRequest } from '../requests/guild-sync';
import { PageQueryDto } from './auth.dto';

/** `GET /guild-sync/roster-events`: the guild's roster events, filtered. */
export class RosterEventsQueryDto extends PageQueryDto implements RosterEventsRequest {
  @ApiPropertyOptional({ format: 'date-time', description: 'Only events at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO-8601 time, e.g. 2025-01-31T18:00:00Z' })
  since?: string;

  @ApiPropertyOptional({ enum: ROSTER_EVENT_TYPES })
  @IsOptional()
  @IsIn(ROSTER_EVENT_TYPES, { message: `type must be one of ${ROSTER_EVENT_TYPES.join(', ')}` })
  type?: RosterEventType;
}

/** `GET /guild-sync/runs/{id}`: the path at the gateway, the whole request at guild-sync. */
export class SyncRunIdParam implements SyncRunRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a sync run id (a UUID)' })
  id!: string;
}

/** The path of `GET /characters/{id}/history`. */
export class CharacterIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a character id (a UUID)' })
  id!: string;
}

/** A character's history as guild-sync is asked for it: the path's id and the page. */
export class CharacterHistoryRequestDto extends PageQueryDto implements CharacterHistoryRequest {
  @IsUUID('all', { message: 'characterId must be a character id (a UUID)' })
  characterId!: string;
}

const { members, shortText, note, zone } = ADDON_UPLOAD_LIMITS;

/** Null is allowed (and means "not in the export"); anything else must pass the checks after it. */
const NullOr = () => ValidateIf((_object: unknown, value: unknown) => value !== null);

/** Postgres text cannot hold U+0000. */
const NoNul = () =>
  ValidateBy({
    name: 'noNul',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !value.includes('\u0000'),
      defaultMessage: () => '$property must not contain NUL characters',
    },
  });

/**
 * One member of an addon export as guild-sync is asked to apply it. The gateway has checked the
 * file already (with @patt/savedvariables, which reads both of its forms); guild-sync checks the
 * shape again at its own door.
 */
export class AddonUploadMemberDto implements AddonUploadMember {
  @IsString()
  @NoNul()
  @MinLength(1)
  @MaxLength(shortText)
  name!: string;

  @IsString()
  @NoNul()
  @MinLength(1)
  @MaxLength(shortText)
  realm!: string;

  @NullOr()
  @IsString()
  @NoNul()
  @MaxLength(note)
  note!: string | null;

  @NullOr()
  @IsString()
  @NoNul()
  @MaxLength(note)
  officerNote!: string | null;

  @NullOr()
  @IsBoolean()
  isOnline!: boolean | null;

  @NullOr()
  @IsString()
  @NoNul()
  @MaxLength(shortText)
  lastOnline!: string | null;

  @NullOr()
  @IsString()
  @NoNul()
  @MaxLength(zone)
  zone!: string | null;
}

/** A checked addon export, applied as one `addon` run. */
export class AddonUploadDto implements AddonUpload {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  exportTime!: number;

  @IsString()
  @NoNul()
  @MaxLength(shortText)
  addonVersion!: string;

  @IsString()
  @NoNul()
  @MinLength(1)
  @MaxLength(shortText)
  guildName!: string;

  @IsArray()
  @ArrayMaxSize(members)
  @ValidateNested({ each: true })
  @Type(() => AddonUploadMemberDto)
  characters!: AddonUploadMemberDto[];
}
