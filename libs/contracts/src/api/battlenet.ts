// Linking Battle.net (docs/api.md "Signing in with Discord, linking Battle.net"): what a member's
// Battle.net account proved, what officers see of the guild's coverage.

/** The Battle.net account a member linked: Blizzard's account id and BattleTag. */
export interface BattlenetAccount {
  id: number;
  battletag: string | null;
}

/** A character Blizzard's `/profile/user/wow` lists for the account. */
export interface BattlenetCharacter {
  /** Blizzard's character id. */
  blizzardId: number;
  name: string;
  realmSlug: string;
  realmName: string;
  level: number | null;
  /** The WoW account (of the Battle.net account) it is on. */
  wowAccountId: number;
}

/** How a claimed character stands. */
export type ClaimStatus =
  /** Linked to the member with method `battlenet` (or already the member's by an officer's link). */
  | 'linked'
  /** Not in the guild (or not yet seen by a roster sync): linked when it joins. */
  | 'waiting'
  /** An officer's link or rejection says otherwise: an integrity issue `claim_conflict` for officers. */
  | 'conflict';

export interface ClaimedCharacter {
  blizzardId: number;
  name: string;
  realmSlug: string;
  /** The platform's character id when the roster knows it. */
  characterId: string | null;
  status: ClaimStatus;
}

/** A member's own view: the account linked, when, and its characters. */
export interface BattlenetClaims {
  account: BattlenetAccount | null;
  linkedAt: string | null;
  refreshedAt: string | null;
  characters: ClaimedCharacter[];
}

/** What a claim did. */
export interface BattlenetClaimResult {
  /** Characters newly linked to the member (or moved from an automatic link). */
  linked: number;
  /** Already the member's. */
  unchanged: number;
  /** Not in the guild: remembered. */
  waiting: number;
  /** Contradicting an officer's link or rejection: issues for officers. */
  conflicts: number;
}

/** A member as officers see their Battle.net coverage. */
export interface BattlenetCoverage {
  personId: string;
  displayName: string;
  /** When the member linked Battle.net; null when never. */
  linkedAt: string | null;
  /** The member's characters in the guild. */
  characters: number;
  /** Of those, the ones their Battle.net account proved. */
  claimedCharacters: number;
  /** The member's Discord user, to whom a reminder goes; null when none. */
  discordUserId: string | null;
}

export interface BattlenetCoverageQuery {
  /** Only members with (true) or without (false) a Battle.net link. */
  linked?: boolean;
  limit?: number;
  offset?: number;
}

/** An officer's reminder DM to members who have not linked Battle.net. */
export interface BattlenetReminderBody {
  /** Only these members (each must be without a link); every member without a link when absent. */
  personIds?: string[];
}

export interface BattlenetRemindersQueued {
  /** Members a DM was queued for. */
  queued: number;
  /** Members skipped: linked already, or no Discord user to write to. */
  skipped: number;
}

/** Why a Battle.net callback ended without a link (the code in `/me?battlenet=<CODE>`). */
export const BATTLENET_LINK_ERRORS = [
  'STATE_UNKNOWN',
  'STATE_USED',
  'STATE_EXPIRED',
  'OTHER_BROWSER',
  'ACCESS_DENIED',
  'PROVIDER_ERROR',
  'EXCHANGE_FAILED',
  'PROFILE_FAILED',
  'NOT_A_MEMBER',
  /** The Battle.net account is another member's already. */
  'ACCOUNT_TAKEN',
  /** A service behind the gateway did not answer. */
  'UNAVAILABLE',
] as const;
export type BattlenetLinkError = (typeof BATTLENET_LINK_ERRORS)[number];
