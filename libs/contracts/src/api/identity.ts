// Shared API types of the identity endpoints (API.md "Members", "Characters", "Identity").
import type { CharacterRole, IssueSeverity, IssueType, LinkMethod } from '../events/payloads';
import type { PageQuery } from './envelope';
import type { RankLevel, RankRef } from './ranks';

/** A WoW character as identity knows it (API.md `character`). */
export interface Character {
  id: string;
  blizzardId: number;
  name: string;
  realmSlug: string;
  realmName: string;
  className: string | null;
  specName: string | null;
  role: CharacterRole | null;
  level: number;
  itemLevel: number | null;
  /** The in-game rank index (0 = guild master); after leaving, the last one held. */
  guildRankIndex: number;
  /** The name of the platform rank that index maps to (the rank table's `gameRankIndexes`). */
  guildRankName: string;
  lastLoginAt: string | null;
  inGuild: boolean;
  joinedAt: string | null;
  leftAt: string | null;
  /** The member the character belongs to, or null. */
  personId: string | null;
  /** Null for callers below Officer. */
  guildNote: string | null;
  /** Null for callers below Officer. */
  officerNote: string | null;
}

export interface MemberDiscord {
  userId: string;
  username: string;
  displayName: string;
}

/** A member: one person, with their Discord user and the characters they play (API.md `member`). */
export interface Member {
  id: string;
  displayName: string;
  /** The officer's override if set, else the best rank among their characters in the guild (Initiate if none). */
  rank: RankRef;
  discord: MemberDiscord | null;
  characters: Character[];
  mainCharacterId: string | null;
  /** The member has an account (registered with an invite code). */
  registered: boolean;
}

export interface MembersFilter {
  /** Part of the display name, the Discord username or display name, or a character's name. */
  q?: string;
  /** Only members of this rank level. */
  rank?: RankLevel;
}

export type MembersQuery = MembersFilter & PageQuery;

/** PATCH /members/{id}: each field optional; null clears an override (display name, main, rank). */
export interface MemberChange {
  displayName?: string | null;
  mainCharacterId?: string | null;
  rankLevel?: RankLevel | null;
}

export interface CharactersFilter {
  /** Part of the character's name. */
  q?: string;
  /** The realm slug, e.g. `area-52`. */
  realm?: string;
  inGuild?: boolean;
  /** Only characters that belong to a member (true) or to none (false). */
  linked?: boolean;
}

export type CharactersQuery = CharactersFilter & PageQuery;

/** What POST /identity/links takes: the member (or none: a new one) and what to link to them. */
export interface LinkRequestBody {
  personId?: string;
  characterId?: string;
  discordUserId?: string;
}

/** A link of a character and/or Discord user to a member. */
export interface IdentityLink {
  id: string;
  personId: string;
  characterId: string | null;
  discordUserId: string | null;
  method: LinkMethod;
}

/** "This character may be that Discord user", for an officer to confirm or reject. */
export interface LinkSuggestion {
  id: string;
  characterId: string;
  discordUserId: string;
  /** 0..1. */
  score: number;
  /** A sentence saying what the evidence is. */
  reason: string;
  /** The pass that found it: `note_key`, `note_hint`, `exact_name` or `fuzzy`. */
  source: string;
  characterName: string;
  realmSlug: string;
  discordUsername: string;
  createdAt: string;
}

/** A row of an imported sheet that was not applied, and why (the rest of the sheet was). */
export interface SkippedImportRow {
  /** The line of the file, as a spreadsheet numbers it (1 is the header). */
  line: number;
  reason: string;
}

/** The answer of POST /identity/imports. */
export interface ImportResult {
  /** Rows that made a confirmed link (method `import`). */
  linked: number;
  /** Rows not applied: already linked so by an officer, or naming a character or Discord user the platform does not know. */
  skipped: number;
  skippedRows: SkippedImportRow[];
}

/** The answer of POST /identity/matching-runs. */
export interface MatchingRunResult {
  /** Links the run made. */
  linked: number;
  /** Suggestions open after the run. */
  suggested: number;
  /** Characters and Discord users that were linked already and stayed so. */
  unchanged: number;
}

/** Something that does not add up (API.md `issue`). */
export interface IntegrityIssue {
  id: string;
  type: IssueType;
  severity: IssueSeverity;
  summary: string;
  characterId: string | null;
  discordUserId: string | null;
  personId: string | null;
  firstDetectedAt: string;
  lastDetectedAt: string;
  resolvedAt: string | null;
}

export interface IssuesFilter {
  type?: IssueType;
  severity?: IssueSeverity;
  /** false (or absent): open issues; true: resolved ones. */
  resolved?: boolean;
}

export type IssuesQuery = IssuesFilter & PageQuery;

/** The answer of POST /identity/integrity-runs. */
export interface IntegrityRunResult {
  /** Issues open after the run. */
  open: number;
  /** Issues the run opened (and reported). */
  opened: number;
  /** Issues the run found fixed. */
  resolved: number;
}

export interface ReportRequestBody {
  /** true: every open issue; false (default): what opened and resolved since the last report. */
  full?: boolean;
}

/** The answer of POST /identity/reports (202): what the audit channel is about to be told. */
export interface ReportAccepted {
  reportId: string;
  full: boolean;
  /** Issues listed as open (full) or as new since `since`. */
  opened: number;
  /** Issues listed as resolved since `since` (none in a full report). */
  resolved: number;
  openCount: number;
  /** The previous report's time, from which a partial report counts; null for a full one or the first. */
  since: string | null;
}

export const ISSUE_TYPES: readonly IssueType[] = [
  'orphan_character',
  'orphan_discord',
  'role_mismatch',
  'no_guild_role',
  'stale_character',
  'rank_changed',
];
export const ISSUE_SEVERITIES: readonly IssueSeverity[] = ['info', 'warning', 'critical'];
