// The identity endpoints' DTOs. Each class serves both doors: the gateway validates the query or
// body with it, and identity validates the same fields again as the request arrives over NATS
// (query strings arrive as text at the first, as JSON values at the second; the transforms take
// both).
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import type {
  CharacterSort,
  CharactersFilter,
  CharactersOrder,
  ConfirmSuggestionBody,
  ConflictKind,
  ConflictsFilter,
  IssuesFilter,
  LinkRequestBody,
  MemberChange,
  MembersFilter,
  ReportRequestBody,
  SortOrder,
} from '../api/identity';
import { CHARACTER_ROLES, CHARACTER_SORTS, CONFLICT_KINDS, ISSUE_SEVERITIES, ISSUE_TYPES, SORT_ORDERS } from '../api/identity';
import { RANK_LEVELS, RankLevel } from '../api/ranks';
import type { CharacterRole, IssueSeverity, IssueType } from '../events/payloads';
import type { ByIdRequest, ConfirmSuggestionRequest, CreateReportRequest, UpdateMemberRequest } from '../requests/identity';
import { PageQueryDto } from './auth.dto';
import { ToBoolean, Trimmed } from './validators';

/** A Discord user id: a snowflake, 15 to 21 digits. */
const DISCORD_ID = /^\d{15,21}$/;

export class MembersQueryDto extends PageQueryDto implements MembersFilter {
  @ApiPropertyOptional({ description: 'Part of the display name, the Discord name, or a character name (case-insensitive)', maxLength: 100 })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'q must be text' })
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;

  @ApiPropertyOptional({ enum: RANK_LEVELS, description: 'Only members of this rank level (1 Initiate … 5 Guild Leader)' })
  @IsOptional()
  @Type(() => Number)
  @IsIn(RANK_LEVELS, { message: 'rank must be a rank level from 1 to 5' })
  rank?: RankLevel;
}

export class CharactersQueryDto extends PageQueryDto implements CharactersFilter, CharactersOrder {
  @ApiPropertyOptional({ description: "Part of the character's name (case-insensitive)", maxLength: 100 })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'q must be text' })
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;

  @ApiPropertyOptional({ description: 'A realm slug, e.g. area-52' })
  @IsOptional()
  @IsString({ message: 'realm must be a realm slug such as area-52' })
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'realm must be a realm slug such as area-52 (lower-case letters, digits and -)' })
  realm?: string;

  @ApiPropertyOptional({ description: 'true: only characters in the guild; false: only those who left' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'inGuild must be true or false' })
  inGuild?: boolean;

  @ApiPropertyOptional({ description: 'true: only characters that belong to a member; false: only those that belong to none' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'linked must be true or false' })
  linked?: boolean;

  @ApiPropertyOptional({ enum: RANK_LEVELS, description: "Only characters whose in-game rank maps to this rank level (the rank table's gameRankIndexes; unmapped indexes are 1)" })
  @IsOptional()
  @Type(() => Number)
  @IsIn(RANK_LEVELS, { message: 'rank must be a rank level from 1 to 5' })
  rank?: RankLevel;

  @ApiPropertyOptional({ description: 'Only characters of this class, as className names it (any case), e.g. Death Knight', maxLength: 32 })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'className must be text, a class name such as Death Knight' })
  @MinLength(1, { message: 'className must not be empty' })
  @MaxLength(32, { message: 'className must be at most 32 characters' })
  className?: string;

  @ApiPropertyOptional({ enum: CHARACTER_ROLES })
  @IsOptional()
  @IsIn(CHARACTER_ROLES, { message: `role must be one of ${CHARACTER_ROLES.join(', ')}` })
  role?: CharacterRole;

  @ApiPropertyOptional({ minimum: 1, maximum: 3650, description: 'Only characters that logged in within this many days' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'activeWithinDays must be a whole number of days' })
  @Min(1, { message: 'activeWithinDays must be at least 1' })
  @Max(3650, { message: 'activeWithinDays must be at most 3650' })
  activeWithinDays?: number;

  @ApiPropertyOptional({ enum: CHARACTER_SORTS, default: 'name', description: 'The column to order by; empty values come last' })
  @IsOptional()
  @IsIn(CHARACTER_SORTS, { message: `sort must be one of ${CHARACTER_SORTS.join(', ')}` })
  sort?: CharacterSort;

  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'asc' })
  @IsOptional()
  @IsIn(SORT_ORDERS, { message: 'order must be asc or desc' })
  order?: SortOrder;

  @ApiPropertyOptional({
    enum: ['member'],
    description: "member: a member's characters together, main first, members ordered by their main (a character of no member by its own)",
  })
  @IsOptional()
  @IsIn(['member'], { message: 'group must be member (or left out)' })
  group?: 'member';
}

/** PATCH /members/{id}: what an officer may change; null puts a field back to what is derived. */
export class UpdateMemberBody implements MemberChange {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, description: 'null: the Discord display name, else the main character’s name' })
  @IsOptional()
  @Trimmed()
  @ValidateIf((_, value) => value !== null)
  @IsString({ message: 'displayName must be text or null' })
  @MinLength(1, { message: 'displayName must not be empty (send null to use the derived name)' })
  @MaxLength(64, { message: 'displayName must be at most 64 characters' })
  displayName?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'One of the member’s characters' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID('all', { message: 'mainCharacterId must be a character id (a UUID) or null' })
  mainCharacterId?: string | null;

  @ApiPropertyOptional({ enum: RANK_LEVELS, nullable: true, description: 'A rank set by hand; null: back to the characters’ rank' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsIn(RANK_LEVELS, { message: 'rankLevel must be a rank level from 1 to 5, or null' })
  rankLevel?: RankLevel | null;
}

export class CreateLinkBody implements LinkRequestBody {
  @ApiPropertyOptional({ format: 'uuid', description: 'The member to link to; without it, the member of the character or Discord user, else a new one' })
  @IsOptional()
  @IsUUID('all', { message: 'personId must be a member id (a UUID)' })
  personId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf((body: CreateLinkBody) => body.characterId !== undefined || body.discordUserId === undefined)
  @IsUUID('all', { message: 'characterId must be a character id (a UUID); a link needs a characterId, a discordUserId, or both' })
  characterId?: string;

  @ApiPropertyOptional({ description: 'Discord user id (snowflake)' })
  @IsOptional()
  @IsString({ message: 'discordUserId must be a Discord user id (a string of digits)' })
  @Matches(DISCORD_ID, { message: 'discordUserId must be a Discord user id (a string of 15 to 21 digits)' })
  discordUserId?: string;
}

export class IssuesQueryDto extends PageQueryDto implements IssuesFilter {
  @ApiPropertyOptional({ enum: ISSUE_TYPES })
  @IsOptional()
  @IsIn(ISSUE_TYPES, { message: `type must be one of ${ISSUE_TYPES.join(', ')}` })
  type?: IssueType;

  @ApiPropertyOptional({ enum: ISSUE_SEVERITIES })
  @IsOptional()
  @IsIn(ISSUE_SEVERITIES, { message: `severity must be one of ${ISSUE_SEVERITIES.join(', ')}` })
  severity?: IssueSeverity;

  @ApiPropertyOptional({ description: 'false (default): open issues; true: resolved ones' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'resolved must be true or false' })
  resolved?: boolean;

  @ApiPropertyOptional({ description: 'only the issues of this member (their id)' })
  @IsOptional()
  @IsUUID('all', { message: 'personId must be a member id (a UUID)' })
  personId?: string;
}

export class ConflictsQueryDto extends PageQueryDto implements ConflictsFilter {
  @ApiPropertyOptional({ enum: CONFLICT_KINDS })
  @IsOptional()
  @IsIn(CONFLICT_KINDS, { message: `kind must be one of ${CONFLICT_KINDS.join(', ')}` })
  kind?: ConflictKind;
}

export class ConfirmSuggestionBodyDto implements ConfirmSuggestionBody {
  @ApiPropertyOptional({
    default: false,
    description: 'true: the other characters of the same name suggested for that Discord user join the member too; false: they stay suggested to it',
  })
  @IsOptional()
  @IsBoolean({ message: 'all must be true or false' })
  all?: boolean;
}

export class ReportBody implements ReportRequestBody {
  @ApiPropertyOptional({ default: false, description: 'true: every open issue; false: what opened and resolved since the last report' })
  @IsOptional()
  @IsBoolean({ message: 'full must be true or false' })
  full?: boolean;
}

// --- as the requests reach identity over NATS ----------------------------------------------

export class ByIdRequestDto implements ByIdRequest {
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class ConfirmSuggestionRequestDto implements ConfirmSuggestionRequest {
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;

  @IsBoolean({ message: 'all must be true or false' })
  all!: boolean;
}

export class UpdateMemberRequestDto extends UpdateMemberBody implements UpdateMemberRequest {
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class CreateReportRequestDto implements CreateReportRequest {
  @IsBoolean({ message: 'full must be true or false' })
  full!: boolean;
}
