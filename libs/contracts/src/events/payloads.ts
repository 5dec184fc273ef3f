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

export type LinkMethod = 'manual' | 'import' | 'note_key' | 'note_hint' | 'exact_name' | 'suggestion_confirmed' | 'battlenet';

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

export type IssueType =
  | 'orphan_character'
  | 'orphan_discord'
  | 'role_mismatch'
  | 'no_guild_role'
  | 'stale_character'
  | 'rank_changed'
  | 'claim_conflict';
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

/**
 * An invite to DM. It carries no code: the Discord bot asks auth for it once, at the moment it
 * sends the DM (`auth.invites.claim-for-delivery`), so no outbox, stream or dead letter holds it.
 */
export interface InviteCreatedPayload {
  inviteId: string;
  personId: string;
  discordUserId: string;
  expiresAt: string;
}

/** How an invite's DM ended: sent, refused by Discord (DMs closed, left the server), or given up on. */
export type InviteDeliveryOutcome = 'sent' | 'refused' | 'failed';

/** The Discord bot is done with an invite's DM; auth shows officers how it went. */
export interface InviteDeliverySettledPayload {
  inviteId: string;
  personId: string;
  outcome: InviteDeliveryOutcome;
  /** Why it was refused or failed, for officers; null when sent. */
  reason: string | null;
  at: string;
}

export interface UserRegisteredPayload {
  userId: string;
  personId: string;
  username: string;
}

/**
 * Whether a member has a character in the guild, announced by identity whenever it changes (and
 * once for every member when identity first works it out). Auth disables the accounts of members
 * out of the guild for `ACCOUNT_GRACE_DAYS`, and enables them again when they come back.
 */
export interface MemberInGuildChangedPayload {
  personId: string;
  inGuild: boolean;
  /**
   * Since when (ISO-8601): for a member out of the guild, when their last character left (or when
   * the member was made, if none of theirs ever was in it); for one in it, when that was noticed.
   */
  since: string;
}

/**
 * Why an account stopped working: an officer disabled it (with the reason they gave), or its
 * member has had no character in the guild for `ACCOUNT_GRACE_DAYS`.
 */
export type AccountDisabledCause = 'officer' | 'left_guild';

/** Why an account works again: an officer enabled it, or its member, disabled for leaving, is back in the guild. */
export type AccountEnabledCause = 'officer' | 'back_in_guild';

/**
 * An account that can no longer sign in: its refresh tokens and API keys stopped with it. The
 * member is `personId`, as every event names members; the bootstrap Guild Leader (no member) is
 * never disabled, so it is always set.
 */
export interface AccountDisabledPayload {
  userId: string;
  personId: string;
  /** A sentence for people: the officer's reason, or that the member left the guild and when. */
  reason: string;
  cause: AccountDisabledCause;
  /** The officer's user id; null when it happened by itself. */
  by: string | null;
  /** When it was disabled (ISO-8601). */
  at: string;
}

/** An account that can sign in again (its old logins stay ended: the member signs in anew). */
export interface AccountEnabledPayload {
  userId: string;
  personId: string;
  /** A sentence for people: who enabled it, or that the member is back in the guild. */
  reason: string;
  cause: AccountEnabledCause;
  /** The officer's user id; null when it happened by itself. */
  by: string | null;
  at: string;
}

/** Why logins of an account ended while the account itself goes on working. */
export type LoginsEndedCause = 'signed_out' | 'password_changed' | 'password_reset' | 'refresh_reused';

/**
 * Logins of an account that auth ended (their refresh tokens revoked): the gateway refuses the
 * access tokens issued in them from now on, instead of letting them run out their 15 minutes. The
 * ids are the logins' refresh-token families, which the access tokens carry as `sid`; they give no
 * access by themselves. A disabled account is `account-disabled`, which ends all of them.
 */
export interface LoginsEndedPayload {
  userId: string;
  loginIds: string[];
  cause: LoginsEndedCause;
  /** When they ended (ISO-8601). */
  at: string;
}

/** How an account's password came to be set. */
export type PasswordSetHow = 'first' | 'changed' | 'reset';

/**
 * An account's password was set: its member's first (an account made by signing in with Discord
 * has none), changed from the profile, or set with a reset link. Never the password or its hash:
 * the gateway forgets its copy of the account (`/auth/me`'s `hasPassword`) on every replica.
 */
export interface PasswordSetPayload {
  userId: string;
  how: PasswordSetHow;
  /** When it was set (ISO-8601). */
  at: string;
}

/** A member's Battle.net account proved characters: those linked now, and those it waits for. */
export interface CharactersClaimedPayload {
  personId: string;
  discordUserId: string | null;
  battlenetAccountId: number;
  battletag: string | null;
  /** Characters linked to the member by this claim (new or moved from an automatic link). */
  linkedCharacterIds: string[];
  /** Characters claimed but not in the guild (Blizzard ids): linked when they join. */
  waitingBlizzardIds: number[];
  /** Characters an officer's link or rejection holds elsewhere: raised as `claim_conflict`. */
  conflictCharacterIds: string[];
  at: string;
}

/** An officer asked the bot to remind members without a Battle.net link, by DM. */
export interface BattlenetRemindersRequestedPayload {
  requestId: string;
  requestedBy: string | null;
  members: Array<{ personId: string; discordUserId: string; displayName: string }>;
  at: string;
}
