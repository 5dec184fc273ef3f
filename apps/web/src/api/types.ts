// The shapes the app reads and sends, as the API states them (docs/api.md). Types the contracts library already
// holds are imported from it as types only (erased at build: nothing of it reaches the bundle);
// the identity shapes are written here from docs/api.md.
export type {
  ApiKeySummary,
  BattlenetClaims,
  BattlenetCoverage,
  BattlenetLinkError,
  BattlenetRemindersQueued,
  ClaimedCharacter,
  Ballot,
  BallotPick,
  Campaign,
  CampaignAnnouncements,
  CampaignChange,
  CampaignInput,
  CampaignResults,
  CampaignStats,
  CampaignStatus,
  Chattiness,
  CloseReason,
  Entry,
  EntryChange,
  EntryInput,
  ResultEntry,
  RunoffRound,
  VotingMethod,
  CreatedApiKey,
  CreatedInvite,
  DeadLetter,
  DeadLetterReplay,
  DeadLetterService,
  DiscordMember,
  DiscordRole,
  DiscordSyncAccepted,
  Failure,
  GuildSyncStatus,
  InviteDelivery,
  InviteSummary,
  MemberAccount,
  Page,
  Rank,
  RankRef,
  RosterEvent,
  Session,
  SyncRun,
  SyncRunCounts,
  SyncRunStatus,
  User,
} from '@patt/contracts';

import type { MemberAccount, RankRef, RosterEvent } from '@patt/contracts';

export type RosterEventType = RosterEvent['type'];

/** One entry of a validation failure's `details`: the field and what is wrong with it. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

export type Role = 'tank' | 'healer' | 'melee' | 'ranged';

/** docs/api.md "Ranks, members, characters": `guildNote` and `officerNote` are null for callers below Officer. */
export interface Character {
  id: string;
  blizzardId: number | null;
  name: string;
  realmSlug: string;
  realmName: string;
  className: string | null;
  specName: string | null;
  role: Role | null;
  level: number | null;
  itemLevel: number | null;
  guildRankIndex: number | null;
  guildRankName: string | null;
  lastLoginAt: string | null;
  inGuild: boolean;
  joinedAt: string | null;
  leftAt: string | null;
  personId: string | null;
  guildNote: string | null;
  officerNote: string | null;
}

/** The member a character of the roster belongs to (the characters list's `member`). */
export interface CharacterMember {
  id: string;
  displayName: string;
  rank: RankRef;
  discordUsername: string | null;
}

/** A character as the characters list gives it: with its member (null: no member yet) and whether it is the main. */
export interface CharacterListItem extends Character {
  isMain: boolean;
  member: CharacterMember | null;
}

/** The columns `GET /characters` sorts by. */
export type CharacterSort = 'name' | 'realm' | 'member' | 'className' | 'specName' | 'role' | 'level' | 'itemLevel' | 'rank' | 'lastLoginAt' | 'joinedAt';

/** docs/api.md "Ranks, members, characters": one person, their Discord user and the characters they play. */
export interface Member {
  id: string;
  displayName: string;
  rank: RankRef;
  discord: { userId: string; username: string; displayName: string } | null;
  characters: Character[];
  mainCharacterId: string | null;
  registered: boolean;
  /** The account: working, or disabled since when and why; null when the member has none. */
  account: MemberAccount | null;
}

/** A link identity proposes between a character and a Discord user, for an officer to decide. */
export interface Suggestion {
  id: string;
  characterId: string;
  discordUserId: string;
  score: number;
  reason: string;
  /** Beyond docs/api.md: names the identity service may add, shown until the page has looked them up. */
  characterName?: string;
  discordUsername?: string;
}

export type IssueSeverity = 'info' | 'warning' | 'critical';

export interface IntegrityIssue {
  id: string;
  type: string;
  severity: IssueSeverity;
  summary: string;
  characterId: string | null;
  discordUserId: string | null;
  personId: string | null;
  firstDetectedAt: string;
  lastDetectedAt: string;
  resolvedAt: string | null;
}

/** Evidence the last matching run saw and did not act on, with the characters and Discord users it names. */
export interface MatchingConflict {
  id: string;
  kind: string;
  summary: string;
  characterIds: string[];
  discordUserIds: string[];
  personIds: string[];
  characters: Array<{ id: string; name: string; realmSlug: string; personId: string | null }>;
  discordUsers: Array<{ userId: string; username: string; personId: string | null }>;
  firstDetectedAt: string;
  lastDetectedAt: string;
}

export interface IdentityLink {
  id: string;
  personId: string;
  characterId: string | null;
  discordUserId: string | null;
  method: string;
}
