// What the identity endpoints answer, as the OpenAPI document describes it (the types themselves
// are in @patt/contracts).
import { ApiProperty } from '@nestjs/swagger';
import {
  AccountDisabledCause,
  Character,
  CharacterListItem,
  CharacterMember,
  CharacterRole,
  CONFLICT_KINDS,
  ConflictCharacter,
  ConflictDiscordUser,
  ConflictKind,
  IdentityLink,
  IntegrityIssue,
  IntegrityRunResult,
  ISSUE_SEVERITIES,
  ISSUE_TYPES,
  IssueSeverity,
  IssueType,
  LinkMethod,
  LinkSuggestion,
  MatchingConflict,
  MatchingRunResult,
  Member,
  MemberAccount,
  MemberDiscord,
  RANK_LEVELS,
  RankLevel,
  RankRef,
  ReportAccepted,
} from '@patt/contracts';

const LINK_METHODS: LinkMethod[] = ['manual', 'import', 'note_key', 'note_hint', 'exact_name', 'suggestion_confirmed', 'battlenet'];

export class RankRefDto implements RankRef {
  @ApiProperty({ enum: RANK_LEVELS })
  level!: RankLevel;
  @ApiProperty()
  name!: string;
}

export class CharacterDto implements Character {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  blizzardId!: number;
  @ApiProperty()
  name!: string;
  @ApiProperty({ example: 'area-52' })
  realmSlug!: string;
  @ApiProperty({ example: 'Area 52' })
  realmName!: string;
  @ApiProperty({ type: String, nullable: true })
  className!: string | null;
  @ApiProperty({ type: String, nullable: true })
  specName!: string | null;
  @ApiProperty({ enum: ['tank', 'healer', 'melee', 'ranged'], nullable: true })
  role!: CharacterRole | null;
  @ApiProperty()
  level!: number;
  @ApiProperty({ type: Number, nullable: true })
  itemLevel!: number | null;
  @ApiProperty({ description: 'In-game rank index, 0 = guild master' })
  guildRankIndex!: number;
  @ApiProperty({ description: 'The platform rank that index maps to' })
  guildRankName!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt!: string | null;
  @ApiProperty()
  inGuild!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  joinedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  leftAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The member it belongs to' })
  personId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null for callers below Officer' })
  guildNote!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null for callers below Officer' })
  officerNote!: string | null;
}

export class MemberDiscordDto implements MemberDiscord {
  @ApiProperty({ description: 'Discord user id (snowflake)' })
  userId!: string;
  @ApiProperty()
  username!: string;
  @ApiProperty()
  displayName!: string;
}

export class MemberAccountDto implements MemberAccount {
  @ApiProperty({ enum: ['active', 'disabled'] })
  status!: 'active' | 'disabled';
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disabledAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The officer’s reason, or that the member left the guild' })
  disabledReason!: string | null;
  @ApiProperty({ type: String, enum: ['officer', 'left_guild'], nullable: true })
  disabledCause!: AccountDisabledCause | null;
}

export class MemberDto implements Member {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ description: 'Set by an officer, else the Discord display name, else the main character’s name' })
  displayName!: string;
  @ApiProperty({ type: RankRefDto, description: 'An officer’s override, else the best rank among their characters in the guild (Initiate if none)' })
  rank!: RankRefDto;
  @ApiProperty({ type: MemberDiscordDto, nullable: true })
  discord!: MemberDiscordDto | null;
  @ApiProperty({ type: [CharacterDto] })
  characters!: CharacterDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  mainCharacterId!: string | null;
  @ApiProperty({ description: 'The member has an account' })
  registered!: boolean;
  @ApiProperty({ type: MemberAccountDto, nullable: true, description: 'Whether the account works, and if not since when and why; null without an account' })
  account!: MemberAccountDto | null;
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberDto] })
  items!: MemberDto[];
  @ApiProperty()
  total!: number;
}

export class CharacterMemberDto implements CharacterMember {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ description: 'The name the member is shown by (as in the members list)' })
  displayName!: string;
  @ApiProperty({ type: RankRefDto, description: "The member's rank (not the character's)" })
  rank!: RankRefDto;
  @ApiProperty({ type: String, nullable: true, description: "The member's Discord username; null without a linked Discord user" })
  discordUsername!: string | null;
}

export class CharacterListItemDto extends CharacterDto implements CharacterListItem {
  @ApiProperty({ description: "The character is its member's main" })
  isMain!: boolean;
  @ApiProperty({ type: CharacterMemberDto, nullable: true, description: 'The member the character belongs to; null: no member yet' })
  member!: CharacterMemberDto | null;
}

export class CharacterListPageDto {
  @ApiProperty({ type: [CharacterListItemDto] })
  items!: CharacterListItemDto[];
  @ApiProperty()
  total!: number;
}

export class IdentityLinkDto implements IdentityLink {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  personId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  characterId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  discordUserId!: string | null;
  @ApiProperty({ enum: LINK_METHODS })
  method!: LinkMethod;
}

export class LinkSuggestionDto implements LinkSuggestion {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  characterId!: string;
  @ApiProperty()
  discordUserId!: string;
  @ApiProperty({ minimum: 0, maximum: 1 })
  score!: number;
  @ApiProperty({ description: 'What the evidence is, in a sentence' })
  reason!: string;
  @ApiProperty({ enum: ['note_key', 'note_hint', 'exact_name', 'fuzzy'] })
  source!: string;
  @ApiProperty()
  characterName!: string;
  @ApiProperty()
  realmSlug!: string;
  @ApiProperty()
  discordUsername!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class LinkSuggestionPageDto {
  @ApiProperty({ type: [LinkSuggestionDto] })
  items!: LinkSuggestionDto[];
  @ApiProperty()
  total!: number;
}

export class MatchingRunResultDto implements MatchingRunResult {
  @ApiProperty({ description: 'Links the run made' })
  linked!: number;
  @ApiProperty({ description: 'Suggestions open after the run' })
  suggested!: number;
  @ApiProperty({ description: 'Characters and Discord users already linked' })
  unchanged!: number;
}

export class IntegrityIssueDto implements IntegrityIssue {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: ISSUE_TYPES })
  type!: IssueType;
  @ApiProperty({ enum: ISSUE_SEVERITIES })
  severity!: IssueSeverity;
  @ApiProperty()
  summary!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  characterId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  discordUserId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  personId!: string | null;
  @ApiProperty({ format: 'date-time' })
  firstDetectedAt!: string;
  @ApiProperty({ format: 'date-time' })
  lastDetectedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolvedAt!: string | null;
}

export class IntegrityIssuePageDto {
  @ApiProperty({ type: [IntegrityIssueDto] })
  items!: IntegrityIssueDto[];
  @ApiProperty()
  total!: number;
}

export class ConflictCharacterDto implements ConflictCharacter {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty()
  realmSlug!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Its member, or null while it has none' })
  personId!: string | null;
}

export class ConflictDiscordUserDto implements ConflictDiscordUser {
  @ApiProperty()
  userId!: string;
  @ApiProperty()
  username!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  personId!: string | null;
}

export class MatchingConflictDto implements MatchingConflict {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: CONFLICT_KINDS })
  kind!: ConflictKind;
  @ApiProperty({ description: 'What the matching saw and why it did not act, in a sentence an officer can check' })
  summary!: string;
  @ApiProperty({ type: [String] })
  characterIds!: string[];
  @ApiProperty({ type: [String] })
  discordUserIds!: string[];
  @ApiProperty({ type: [String], description: 'The members involved' })
  personIds!: string[];
  @ApiProperty({ type: [ConflictCharacterDto], description: 'The characters named, with their members as they are now' })
  characters!: ConflictCharacterDto[];
  @ApiProperty({ type: [ConflictDiscordUserDto], description: 'The Discord users named, with their members as they are now' })
  discordUsers!: ConflictDiscordUserDto[];
  @ApiProperty({ format: 'date-time', description: 'The first run that found it' })
  firstDetectedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The last run that found it' })
  lastDetectedAt!: string;
}

export class MatchingConflictPageDto {
  @ApiProperty({ type: [MatchingConflictDto] })
  items!: MatchingConflictDto[];
  @ApiProperty()
  total!: number;
}

export class IntegrityRunResultDto implements IntegrityRunResult {
  @ApiProperty()
  open!: number;
  @ApiProperty()
  opened!: number;
  @ApiProperty()
  resolved!: number;
}

export class ReportAcceptedDto implements ReportAccepted {
  @ApiProperty({ format: 'uuid' })
  reportId!: string;
  @ApiProperty()
  full!: boolean;
  @ApiProperty({ description: 'Issues listed as open (full) or as new since `since`' })
  opened!: number;
  @ApiProperty({ description: 'Issues listed as resolved since `since`' })
  resolved!: number;
  @ApiProperty()
  openCount!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  since!: string | null;
}
