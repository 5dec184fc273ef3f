// What the votes endpoints answer, as the OpenAPI document describes it (the types themselves are
// in @patt/contracts).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Ballot,
  BallotPick,
  Campaign,
  CAMPAIGN_STATUSES,
  CampaignAnnouncements,
  CampaignResults,
  CampaignStats,
  CampaignStatus,
  CampaignViewer,
  CHATTINESS_LEVELS,
  Chattiness,
  CloseReason,
  Entry,
  RANK_LEVELS,
  RankLevel,
  ResultEntry,
  RunoffRound,
  VOTING_METHODS,
  VotingMethod,
} from '@patt/contracts';

export class EntryDto implements Entry {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
  @ApiProperty({ type: String, nullable: true })
  imageUrl!: string | null;
  @ApiProperty()
  sortOrder!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The member the entry is about' })
  personId!: string | null;
}

class CampaignAnnouncementsDto implements CampaignAnnouncements {
  @ApiProperty()
  enabled!: boolean;
  @ApiProperty({ enum: CHATTINESS_LEVELS })
  chattiness!: Chattiness;
}

class CampaignStatsDto implements CampaignStats {
  @ApiProperty({ description: 'Members with an enabled account at or above minRankToVote (at the close, once closed)' })
  eligible!: number;
  @ApiProperty()
  voted!: number;
  @ApiProperty({ description: 'Whole percent, rounded down' })
  percentVoted!: number;
}

class CampaignViewerDto implements CampaignViewer {
  @ApiProperty()
  voted!: boolean;
  @ApiProperty()
  mayVote!: boolean;
}

export class CampaignDto implements Campaign {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
  @ApiProperty({ enum: VOTING_METHODS })
  method!: VotingMethod;
  @ApiProperty()
  picksPerVoter!: number;
  @ApiProperty({ enum: RANK_LEVELS })
  minRankToVote!: RankLevel;
  @ApiProperty({ enum: RANK_LEVELS, nullable: true })
  minRankToView!: RankLevel | null;
  @ApiProperty({ format: 'date-time' })
  startsAt!: string;
  @ApiProperty()
  durationHours!: number;
  @ApiProperty()
  earlyCloseWhenAllVoted!: boolean;
  @ApiProperty({ type: String, nullable: true })
  discordChannelId!: string | null;
  @ApiProperty({ type: CampaignAnnouncementsDto })
  announcements!: CampaignAnnouncements;
  @ApiProperty({ enum: CAMPAIGN_STATUSES })
  status!: CampaignStatus;
  @ApiProperty({ format: 'date-time' })
  endsAt!: string;
  @ApiProperty({ format: 'uuid' })
  createdBy!: string;
  @ApiProperty()
  createdByName!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  openedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: string | null;
  @ApiProperty({ enum: ['officer', 'ended', 'all_voted'], nullable: true })
  closeReason!: CloseReason | null;
  @ApiProperty({ type: CampaignStatsDto })
  stats!: CampaignStats;
  @ApiPropertyOptional({ type: [EntryDto], description: 'In the answers about one campaign; absent from lists' })
  entries?: Entry[];
  @ApiProperty({ type: CampaignViewerDto, nullable: true, description: 'null for anonymous callers' })
  viewer!: CampaignViewer | null;
}

export class CampaignPageDto {
  @ApiProperty({ type: [CampaignDto] })
  items!: CampaignDto[];
  @ApiProperty()
  total!: number;
}

class BallotPickDto implements BallotPick {
  @ApiProperty({ format: 'uuid' })
  entryId!: string;
  @ApiProperty()
  rank!: number;
}

export class BallotDto implements Ballot {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  campaignId!: string;
  @ApiProperty({ type: [BallotPickDto], description: 'In rank order' })
  picks!: BallotPick[];
  @ApiProperty({ format: 'date-time' })
  castAt!: string;
}

class ResultEntryDto implements ResultEntry {
  @ApiProperty({ format: 'uuid' })
  entryId!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ description: '1 is first; equal entries share a place' })
  place!: number;
  @ApiProperty()
  points!: number;
  @ApiProperty({ type: [Number], description: '[firsts, seconds, …]' })
  placeCounts!: number[];
}

class RunoffRoundDto implements RunoffRound {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'entryId → ballots counting for it' })
  counts!: Record<string, number>;
  @ApiProperty({ type: [String] })
  eliminated!: string[];
  @ApiProperty()
  exhausted!: number;
}

export class CampaignResultsDto implements CampaignResults {
  @ApiProperty({ format: 'uuid' })
  campaignId!: string;
  @ApiProperty({ enum: VOTING_METHODS })
  method!: VotingMethod;
  @ApiProperty({ description: 'False for the live standings' })
  final!: boolean;
  @ApiProperty()
  eligible!: number;
  @ApiProperty()
  voted!: number;
  @ApiProperty({ type: [ResultEntryDto], description: 'Every entry, in place order' })
  entries!: ResultEntry[];
  @ApiPropertyOptional({ type: [RunoffRoundDto], description: 'Instant runoff: every round' })
  rounds?: RunoffRound[];
  @ApiProperty({ type: [String] })
  winnerIds!: string[];
}
