import { Rank, RankLevel, RankRef } from '../api/ranks';

/** What a roster event is about; the history of a character is a list of these. */
export type RosterEventType = 'joined' | 'left' | 'rejoined' | 'rank_changed' | 'renamed' | 'level_changed' | 'note_changed';

export type CharacterRole = 'tank' | 'healer' | 'melee' | 'ranged';

/** One character as guild-sync knows it after a run. Keyed by Blizzard's id, since names change. */
export interface RosterCharacter {
  /** The platform's id of the character (a UUID guild-sync assigns once); every service uses it. */
  characterId: string;
  blizzardId: number;
  name: string;
  realmSlug: string;
  realmName: string;
  className: string | null;
  specName: string | null;
  role: CharacterRole | null;
  level: number;
  itemLevel: number | null;
  guildRankIndex: number;
  lastLoginAt: string | null;
  guildNote: string | null;
  officerNote: string | null;
}

export interface RosterChange {
  type: RosterEventType;
  characterId: string;
  blizzardId: number;
  characterName: string;
  realmSlug: string;
  from: string | null;
  to: string | null;
  at: string;
}

/**
 * Large payloads are sent in parts, so that a 5,000-member guild stays far below NATS's 1 MiB
 * max payload. Parts of one run share the run id and come in order; the last part closes it.
 */
export interface Chunked {
  /** 1-based: parts 1 … `parts`. */
  part: number;
  parts: number;
}

/** Characters per part of `roster-synced`: about 400 bytes each, so a part stays near 200 KB. */
export const ROSTER_CHARACTERS_PER_PART = 500;
/** Discord members per part of `members-synced`: about 250 bytes each. */
export const DISCORD_MEMBERS_PER_PART = 1000;
/** Issues per part of `integrity-reported`. */
export const ISSUES_PER_PART = 500;

export interface RosterSyncedPayload extends Chunked {
  runId: string;
  syncedAt: string;
  /** This part's share of the guild's full character list. */
  characters: RosterCharacter[];
  /** This part's share of what joined, left and changed in the run. */
  changes: RosterChange[];
}

export interface CharacterChangedPayload {
  character: RosterCharacter;
  /** Why it changed: an addon upload (notes) or a profile refresh. */
  source: 'addon' | 'profile';
  runId: string | null;
  changedAt: string;
}

export interface DiscordMemberState {
  userId: string;
  username: string;
  displayName: string;
  roleIds: string[];
  present: boolean;
  joinedAt: string | null;
}

export interface DiscordMembersSyncedPayload extends Chunked {
  syncId: string;
  syncedAt: string;
  members: DiscordMemberState[];
}

export interface DiscordMemberChangedPayload {
  change: 'joined' | 'left' | 'updated';
  member: DiscordMemberState;
  at: string;
}

export type LinkMethod = 'manual' | 'import' | 'note_key' | 'note_hint' | 'exact_name' | 'suggestion_confirmed';

export interface MemberMatchedPayload {
  personId: string;
  discordUserId: string | null;
  discordUsername: string | null;
  characterIds: string[];
  method: LinkMethod;
  score: number;
  rank: RankRef;
}

export interface MemberRankChangedPayload {
  personId: string;
  discordUserId: string | null;
  from: RankLevel | null;
  to: RankLevel;
}

export type IssueType = 'orphan_character' | 'orphan_discord' | 'role_mismatch' | 'no_guild_role' | 'stale_character' | 'rank_changed';
export type IssueSeverity = 'info' | 'warning' | 'critical';

export interface IssueSummary {
  id: string;
  type: IssueType;
  severity: IssueSeverity;
  summary: string;
  characterId: string | null;
  discordUserId: string | null;
  personId: string | null;
}

export interface IntegrityReportedPayload extends Chunked {
  reportId: string;
  /** A full report lists every open issue; otherwise only what opened and resolved. */
  full: boolean;
  opened: IssueSummary[];
  resolved: IssueSummary[];
  openCount: number;
}

export interface RanksChangedPayload {
  ranks: Rank[];
}

export interface InviteCreatedPayload {
  inviteId: string;
  personId: string;
  discordUserId: string;
  /** The code itself: the Discord bot is its one consumer and sends it by DM. Never logged. */
  code: string;
  expiresAt: string;
}

export interface UserRegisteredPayload {
  userId: string;
  personId: string;
  username: string;
}
