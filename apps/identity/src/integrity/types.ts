// Inputs and outputs of the integrity rules: plain data, so the wiring loads rows, calls
// checkIntegrity, reconciles with the open issues it stores, and reports what opened and resolved.

export type IssueType =
  'orphan_character' | 'orphan_discord' | 'role_mismatch' | 'no_guild_role' | 'stale_character' | 'rank_changed' | 'claim_conflict';

export type IssueSeverity = 'info' | 'warning' | 'critical';

export interface IntegrityCharacter {
  id: string;
  name: string;
  realmSlug: string;
  inGuild: boolean;
  /** ISO-8601; null when the game never said. */
  lastLoginAt: string | null;
  guildRankIndex: number | null;
  /** The member the character belongs to, if any. */
  personId: string | null;
}

export interface IntegrityDiscordMember {
  userId: string;
  username: string;
  displayName?: string | null;
  roleIds: readonly string[];
  /** False once the user has left the server. */
  present: boolean;
  isBot?: boolean;
}

export interface IntegrityMember {
  personId: string;
  /** The member's rank level (1..5) as identity computed it; null when no character is in the guild. */
  rankLevel: number | null;
  /** An officer set the rank by hand. */
  rankOverridden: boolean;
  discordUserId: string | null;
  characterIds: readonly string[];
}

/** A rank level with the Discord role that goes with it (null: the guild has not mapped one). */
export interface RankRole {
  level: number;
  name?: string;
  discordRoleId: string | null;
}

export interface IntegrityInput {
  characters: readonly IntegrityCharacter[];
  discordMembers: readonly IntegrityDiscordMember[];
  members: readonly IntegrityMember[];
  ranks: readonly RankRole[];
  /** The rank level recorded for each member at the previous run; absent = never recorded. */
  previousRanks: ReadonlyMap<string, number | null> | Readonly<Record<string, number | null>>;
  now: Date;
  /** Default 30 (STALE_AFTER_DAYS). */
  staleAfterDays?: number;
  /** Battle.net claims an officer's link or rejection contradicts (battlenet/claim-rules.ts decides). */
  claimConflicts?: readonly IntegrityClaimConflict[];
}

/** A character a member's Battle.net account proved, held elsewhere by what an officer decided. */
export interface IntegrityClaimConflict {
  characterId: string;
  /** The member whose Battle.net account lists the character. */
  personId: string;
  battletag: string | null;
  /** An officer linked it to another member, another member's account claims it, or an officer rejected it for this member's Discord user. */
  reason: 'officer_link' | 'other_claim' | 'rejected';
  /** The member it belongs to now, if any. */
  holderPersonId: string | null;
}

/** One thing that does not add up, now. Identified by `hash` (type + subjects), never by its text. */
export interface IntegrityFinding {
  type: IssueType;
  severity: IssueSeverity;
  /** A sentence an officer can act on. */
  summary: string;
  characterId?: string;
  discordUserId?: string;
  personId?: string;
  hash: string;
}

/** What the wiring needs of a stored open issue: its hash (and whatever else it keeps). */
export interface OpenIssueRef {
  hash: string;
}

export interface Reconciliation<I extends OpenIssueRef> {
  /** Findings with no open issue: open them and report them, once. */
  opened: IntegrityFinding[];
  /** Open issues whose cause is gone: resolve them (and report the resolution). */
  resolved: I[];
  /** Open issues still found: keep them, refresh lastDetectedAt (and summary/severity), report nothing. */
  stillOpen: Array<{ issue: I; finding: IntegrityFinding }>;
}
