// Shared API types of the identity endpoints (docs/api.md, "Ranks, members, characters" and "Identity").
import type { CharacterRole, IssueSeverity, IssueType, LinkMethod } from '../events/payloads';
import type { MemberAccount } from './auth';
import type { PageQuery } from './envelope';
import type { RankLevel, RankRef } from './ranks';

/** A WoW character as identity knows it (docs/api.md `character`). */
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

/** A member: one person, with their Discord user and the characters they play (docs/api.md `member`). */
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
  /** The account, whether it works and why not; null when the member has none. */
  account: MemberAccount | null;
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

export const CHARACTER_ROLES: readonly CharacterRole[] = ['tank', 'healer', 'melee', 'ranged'];

/** The columns the characters list sorts by (`?sort=`). */
export const CHARACTER_SORTS = [
  'name',
  'realm',
  'member',
  'className',
  'specName',
  'role',
  'level',
  'itemLevel',
  'rank',
  'lastLoginAt',
  'joinedAt',
] as const;
export type CharacterSort = (typeof CHARACTER_SORTS)[number];

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export interface CharactersFilter {
  /** Part of the character's name. */
  q?: string;
  /** The realm slug, e.g. `area-52`. */
  realm?: string;
  inGuild?: boolean;
  /** Only characters that belong to a member (true) or to none (false). */
  linked?: boolean;
  /** Only characters whose in-game rank maps to this rank level (through the rank table). */
  rank?: RankLevel;
  /** Only characters of this class, by its name as `className` gives it (any case). */
  className?: string;
  role?: CharacterRole;
  /** Only characters that logged in within this many days. */
  activeWithinDays?: number;
}

/**
 * How the characters list is ordered. `sort` (default `name`) and `order` (default `asc`); empty
 * values (no spec, no item level, never logged in) come last either way. `group: 'member'` keeps a
 * member's characters together, main first: members are ordered by their main's value (a
 * character of no member stands alone, by its own), and within a member the alts by the same column.
 */
export interface CharactersOrder {
  sort?: CharacterSort;
  order?: SortOrder;
  group?: 'member';
}

export type CharactersQuery = CharactersFilter & CharactersOrder & PageQuery;

/** The member a character of the list belongs to, as the roster shows it beside the character. */
export interface CharacterMember {
  id: string;
  displayName: string;
  rank: RankRef;
  /** The member's Discord username, or null when no Discord user is linked. */
  discordUsername: string | null;
}

/** A character of the characters list: the `character`, and its member (null: no member yet). */
export interface CharacterListItem extends Character {
  /** The character is its member's main. */
  isMain: boolean;
  member: CharacterMember | null;
}

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

/** POST /identity/suggestions/{id}/confirm: with `all`, the other characters of the same name suggested for that Discord user join the member too. */
export interface ConfirmSuggestionBody {
  /** false (default): only the suggested character; the others of its name stay suggested to the member. */
  all?: boolean;
}

/** Why the matching left something for officers: the kinds of its conflicts. */
export type ConflictKind =
  | 'inconsistent_input'
  | 'contradictory_notes'
  | 'ambiguous_main'
  | 'note_contradicts_link'
  | 'members_collide'
  | 'rejected_pair'
  | 'hint_not_found'
  | 'ambiguous_hint'
  | 'hint_contradicts_link'
  | 'discord_users_disagree'
  | 'ambiguous_name'
  | 'name_too_common'
  | 'discord_user_claimed'
  | 'discord_user_taken'
  | 'name_would_raise_rank';

export const CONFLICT_KINDS: readonly ConflictKind[] = [
  'inconsistent_input',
  'contradictory_notes',
  'ambiguous_main',
  'note_contradicts_link',
  'members_collide',
  'rejected_pair',
  'hint_not_found',
  'ambiguous_hint',
  'hint_contradicts_link',
  'discord_users_disagree',
  'ambiguous_name',
  'name_too_common',
  'discord_user_claimed',
  'discord_user_taken',
  'name_would_raise_rank',
];

/** A character a conflict names, with what an officer reads it by. */
export interface ConflictCharacter {
  id: string;
  name: string;
  realmSlug: string;
  /** Its member, or null while it has none. */
  personId: string | null;
}

/** A Discord user a conflict names. */
export interface ConflictDiscordUser {
  userId: string;
  username: string;
  personId: string | null;
}

/**
 * Evidence the last matching run saw and did not act on (docs/api.md `conflict`): it stays listed
 * while runs keep finding it, and goes when the cause is gone.
 */
export interface MatchingConflict {
  id: string;
  kind: ConflictKind;
  summary: string;
  characterIds: string[];
  discordUserIds: string[];
  personIds: string[];
  characters: ConflictCharacter[];
  discordUsers: ConflictDiscordUser[];
  firstDetectedAt: string;
  lastDetectedAt: string;
}

export interface ConflictsFilter {
  kind?: ConflictKind;
}

export type ConflictsQuery = ConflictsFilter & PageQuery;

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

/** Something that does not add up (docs/api.md `issue`). */
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
  /** Only the issues of this member. */
  personId?: string;
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
  'claim_conflict',
];
export const ISSUE_SEVERITIES: readonly IssueSeverity[] = ['info', 'warning', 'critical'];
