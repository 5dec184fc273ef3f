// The votes endpoints' DTOs. Each class serves both doors: the gateway validates the body, query
// or path with it, and the campaigns service validates the same request again as it arrives over
// NATS. Rules that depend on the campaign (exactly `picksPerVoter` picks, entries of this
// campaign, a start not in the past) are the service's.
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  BallotInput,
  BallotPick,
  CAMPAIGN_LIMITS,
  CAMPAIGN_STATUSES,
  CampaignAnnouncements,
  CampaignChange,
  CampaignInput,
  CampaignsFilter,
  CampaignStatus,
  CHATTINESS_LEVELS,
  Chattiness,
  EntryChange,
  EntryInput,
  VOTING_METHODS,
  VotingMethod,
} from '../api/campaigns';
import { RANK_LEVELS, RankLevel } from '../api/ranks';
import type { CampaignRequest, CastBallotRequest, CreateEntryRequest, EntryRequest, UpdateCampaignRequest, UpdateEntryRequest } from '../requests/campaigns';
import { PageQueryDto } from './auth.dto';
import { Trimmed } from './validators';

const L = CAMPAIGN_LIMITS;

/** A field that may be left out (PATCH) but, when sent, may not be null. */
const presentOrAbsent = () => ValidateIf((_: unknown, value: unknown) => value !== undefined);

/** A field that may be left out or null (null clears it); when neither, the rules after this apply. */
const nullable = () => applyDecorators(IsOptional(), ValidateIf((_: unknown, value: unknown) => value !== null));

/** ISO-8601 with a time zone (`Z` or `±hh:mm`): a time without one means different moments to different officers. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A Discord channel id: a snowflake, 15 to 21 digits. */
const SNOWFLAKE = /^\d{15,21}$/;

// --- one rule set per field, shared by the create and change classes -------------------------

const Title = () =>
  applyDecorators(
    Trimmed(),
    IsString({ message: 'title must be text' }),
    MinLength(1, { message: 'title must not be empty' }),
    MaxLength(L.titleMaxLength, { message: `title must be at most ${L.titleMaxLength} characters` }),
  );

const Description = (max: number) =>
  applyDecorators(
    nullable(),
    Trimmed(),
    IsString({ message: 'description must be text or null' }),
    MaxLength(max, { message: `description must be at most ${max} characters` }),
  );

const Method = () => IsIn(VOTING_METHODS, { message: `method must be one of ${VOTING_METHODS.join(', ')}` });

const PicksPerVoter = () =>
  applyDecorators(
    IsInt({ message: 'picksPerVoter must be a whole number' }),
    Min(L.picksPerVoterMin, { message: `picksPerVoter must be ${L.picksPerVoterMin} to ${L.picksPerVoterMax}` }),
    Max(L.picksPerVoterMax, { message: `picksPerVoter must be ${L.picksPerVoterMin} to ${L.picksPerVoterMax}` }),
  );

const MinRankToVote = () => IsIn(RANK_LEVELS, { message: 'minRankToVote must be a rank level from 1 (Initiate) to 5 (Guild Leader)' });

/** Required in a new campaign (null is a public one), so that nobody makes a campaign public by leaving it out. */
const MinRankToView = () =>
  applyDecorators(
    ValidateIf((_: unknown, value: unknown) => value !== null),
    IsIn(RANK_LEVELS, { message: 'minRankToView must be a rank level from 1 to 5, or null for a campaign anyone may view' }),
  );

const StartsAt = () =>
  applyDecorators(
    IsString({ message: 'startsAt must be an ISO-8601 time such as 2026-12-01T20:00:00Z' }),
    Matches(ISO_WITH_ZONE, { message: 'startsAt must be an ISO-8601 time with its time zone, such as 2026-12-01T20:00:00Z' }),
  );

const DurationHours = () =>
  applyDecorators(
    IsInt({ message: 'durationHours must be a whole number of hours' }),
    Min(L.durationHoursMin, { message: `durationHours must be ${L.durationHoursMin} to ${L.durationHoursMax}` }),
    Max(L.durationHoursMax, { message: `durationHours must be ${L.durationHoursMin} to ${L.durationHoursMax}` }),
  );

const EarlyClose = () => IsBoolean({ message: 'earlyCloseWhenAllVoted must be true or false' });

const DiscordChannelId = () =>
  applyDecorators(
    nullable(),
    IsString({ message: 'discordChannelId must be a Discord channel id (a string of digits) or null' }),
    Matches(SNOWFLAKE, { message: 'discordChannelId must be a Discord channel id (a string of 15 to 21 digits) or null' }),
  );

const Announcements = () =>
  applyDecorators(
    IsObject({ message: 'announcements must be an object: {enabled?, chattiness?}' }),
    ValidateNested(),
    Type(() => AnnouncementsBody),
  );

export class AnnouncementsBody implements Partial<CampaignAnnouncements> {
  @ApiPropertyOptional({ default: true, description: 'false: the Discord bot posts nothing about the campaign' })
  @IsOptional()
  @IsBoolean({ message: 'announcements.enabled must be true or false' })
  enabled?: boolean;

  @ApiPropertyOptional({ enum: CHATTINESS_LEVELS, default: 'normal', description: 'quiet: opening and results; normal: also first ballot, 50 %, all voted, 24 h and 1 h left; hype: everything' })
  @IsOptional()
  @IsIn(CHATTINESS_LEVELS, { message: `announcements.chattiness must be one of ${CHATTINESS_LEVELS.join(', ')}` })
  chattiness?: Chattiness;
}

/** POST /campaigns: `campaignInput`; a new campaign is a draft. */
export class CampaignInputBody implements CampaignInput {
  @ApiProperty({ maxLength: L.titleMaxLength, example: 'The new guild tabard' })
  @Title()
  title!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.descriptionMaxLength })
  @Description(L.descriptionMaxLength)
  description?: string | null;

  @ApiPropertyOptional({ enum: VOTING_METHODS, default: 'points' })
  @IsOptional()
  @Method()
  method?: VotingMethod;

  @ApiPropertyOptional({ minimum: L.picksPerVoterMin, maximum: L.picksPerVoterMax, default: L.picksPerVoterDefault })
  @IsOptional()
  @PicksPerVoter()
  picksPerVoter?: number;

  @ApiProperty({ enum: RANK_LEVELS, description: 'Members of this rank level or above may vote' })
  @MinRankToVote()
  minRankToVote!: RankLevel;

  @ApiProperty({ enum: RANK_LEVELS, nullable: true, description: 'null: anyone may view it, signed in or not; else this rank level or above' })
  @MinRankToView()
  minRankToView!: RankLevel | null;

  @ApiProperty({ format: 'date-time', description: 'When the schedule opens it (not in the past)' })
  @StartsAt()
  startsAt!: string;

  @ApiProperty({ minimum: L.durationHoursMin, maximum: L.durationHoursMax, description: 'It ends this many hours after it opens' })
  @DurationHours()
  durationHours!: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @EarlyClose()
  earlyCloseWhenAllVoted?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Where the Discord bot announces it; null: the audit channel' })
  @DiscordChannelId()
  discordChannelId?: string | null;

  @ApiPropertyOptional({ type: AnnouncementsBody })
  @IsOptional()
  @Announcements()
  announcements?: AnnouncementsBody;
}

/** PATCH /campaigns/{id}: any fields of `campaignInput` (drafts only); null clears description and channel, or makes the campaign public. */
export class CampaignChangeBody implements CampaignChange {
  @ApiPropertyOptional({ maxLength: L.titleMaxLength })
  @presentOrAbsent()
  @Title()
  title?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.descriptionMaxLength })
  @Description(L.descriptionMaxLength)
  description?: string | null;

  @ApiPropertyOptional({ enum: VOTING_METHODS })
  @presentOrAbsent()
  @Method()
  method?: VotingMethod;

  @ApiPropertyOptional({ minimum: L.picksPerVoterMin, maximum: L.picksPerVoterMax })
  @presentOrAbsent()
  @PicksPerVoter()
  picksPerVoter?: number;

  @ApiPropertyOptional({ enum: RANK_LEVELS })
  @presentOrAbsent()
  @MinRankToVote()
  minRankToVote?: RankLevel;

  @ApiPropertyOptional({ enum: RANK_LEVELS, nullable: true, description: 'null: anyone may view it' })
  @IsOptional()
  @MinRankToView()
  minRankToView?: RankLevel | null;

  @ApiPropertyOptional({ format: 'date-time' })
  @presentOrAbsent()
  @StartsAt()
  startsAt?: string;

  @ApiPropertyOptional({ minimum: L.durationHoursMin, maximum: L.durationHoursMax })
  @presentOrAbsent()
  @DurationHours()
  durationHours?: number;

  @ApiPropertyOptional()
  @presentOrAbsent()
  @EarlyClose()
  earlyCloseWhenAllVoted?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true })
  @DiscordChannelId()
  discordChannelId?: string | null;

  @ApiPropertyOptional({ type: AnnouncementsBody, description: 'The fields given replace those; the others stay' })
  @presentOrAbsent()
  @Announcements()
  announcements?: AnnouncementsBody;
}

const EntryName = () =>
  applyDecorators(
    Trimmed(),
    IsString({ message: 'name must be text' }),
    MinLength(1, { message: 'name must not be empty' }),
    MaxLength(L.entryNameMaxLength, { message: `name must be at most ${L.entryNameMaxLength} characters` }),
  );

const ImageUrl = () =>
  applyDecorators(
    nullable(),
    Trimmed(),
    IsString({ message: 'imageUrl must be an http(s) address or null' }),
    MaxLength(L.imageUrlMaxLength, { message: `imageUrl must be at most ${L.imageUrlMaxLength} characters` }),
    IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'imageUrl must be an http(s) address of an image, or null' }),
  );

const SortOrder = () =>
  applyDecorators(
    IsInt({ message: 'sortOrder must be a whole number' }),
    Min(0, { message: `sortOrder must be 0 to ${L.sortOrderMax}` }),
    Max(L.sortOrderMax, { message: `sortOrder must be 0 to ${L.sortOrderMax}` }),
  );

const PersonId = () => applyDecorators(nullable(), IsUUID('all', { message: 'personId must be a member id (a UUID) or null' }));

/** POST /campaigns/{id}/entries. */
export class EntryInputBody implements EntryInput {
  @ApiProperty({ maxLength: L.entryNameMaxLength, example: 'Black dragon on crimson' })
  @EntryName()
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.entryDescriptionMaxLength })
  @Description(L.entryDescriptionMaxLength)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'An http(s) address of an image' })
  @ImageUrl()
  imageUrl?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: L.sortOrderMax, description: 'Default: after the last entry' })
  @IsOptional()
  @SortOrder()
  sortOrder?: number;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The member the entry is about' })
  @PersonId()
  personId?: string | null;
}

/** PATCH /campaigns/{id}/entries/{entryId}: any fields of the entry; null clears the optional ones. */
export class EntryChangeBody implements EntryChange {
  @ApiPropertyOptional({ maxLength: L.entryNameMaxLength })
  @presentOrAbsent()
  @EntryName()
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.entryDescriptionMaxLength })
  @Description(L.entryDescriptionMaxLength)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ImageUrl()
  imageUrl?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: L.sortOrderMax })
  @presentOrAbsent()
  @SortOrder()
  sortOrder?: number;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @PersonId()
  personId?: string | null;
}

export class BallotPickBody implements BallotPick {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'entryId must be an entry id (a UUID)' })
  entryId!: string;

  @ApiProperty({ minimum: 1, maximum: L.picksPerVoterMax, description: '1 is your favourite' })
  @IsInt({ message: 'rank must be a whole number' })
  @Min(1, { message: `rank must be 1 to ${L.picksPerVoterMax}` })
  @Max(L.picksPerVoterMax, { message: `rank must be 1 to ${L.picksPerVoterMax}` })
  rank!: number;
}

/** POST /campaigns/{id}/ballots. */
export class BallotBody implements BallotInput {
  @ApiProperty({ type: [BallotPickBody], description: 'Exactly picksPerVoter different entries, ranked 1..picksPerVoter' })
  @IsArray({ message: 'picks must be a list of {entryId, rank}' })
  @ArrayMinSize(1, { message: 'picks must rank at least one entry' })
  @ArrayMaxSize(L.picksPerVoterMax, { message: `picks can rank at most ${L.picksPerVoterMax} entries` })
  @ValidateNested({ each: true })
  @Type(() => BallotPickBody)
  picks!: BallotPickBody[];
}

export class CampaignsQueryDto extends PageQueryDto implements CampaignsFilter {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES, description: 'Only campaigns of this status (drafts: officers only)' })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES, { message: `status must be one of ${CAMPAIGN_STATUSES.join(', ')}` })
  status?: CampaignStatus;
}

/** /campaigns/{id}/entries/{entryId}. */
export class EntryParams {
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;

  @IsUUID('all', { message: 'entryId must be a UUID' })
  entryId!: string;
}

// --- as the requests reach the campaigns service over NATS ---------------------------------

export class CampaignRequestDto implements CampaignRequest {
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class UpdateCampaignRequestDto extends CampaignChangeBody implements UpdateCampaignRequest {
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class EntryRequestDto implements EntryRequest {
  @IsUUID('all', { message: 'campaignId must be a UUID' })
  campaignId!: string;

  @IsUUID('all', { message: 'entryId must be a UUID' })
  entryId!: string;
}

export class CreateEntryRequestDto extends EntryInputBody implements CreateEntryRequest {
  @IsUUID('all', { message: 'campaignId must be a UUID' })
  campaignId!: string;
}

export class UpdateEntryRequestDto extends EntryChangeBody implements UpdateEntryRequest {
  @IsUUID('all', { message: 'campaignId must be a UUID' })
  campaignId!: string;

  @IsUUID('all', { message: 'entryId must be a UUID' })
  entryId!: string;
}

export class CastBallotRequestDto extends BallotBody implements CastBallotRequest {
  @IsUUID('all', { message: 'campaignId must be a UUID' })
  campaignId!: string;
}
