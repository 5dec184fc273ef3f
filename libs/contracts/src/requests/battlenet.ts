import type {
  BattlenetAccount,
  BattlenetCharacter,
  BattlenetClaimResult,
  BattlenetClaims,
  BattlenetCoverage,
  BattlenetCoverageQuery,
  BattlenetLinkError,
  BattlenetReminderBody,
  BattlenetRemindersQueued,
} from '../api/battlenet';
import type { Page } from '../api/envelope';
import type { NoBody } from './actor';

/**
 * Linking Battle.net. guild-sync runs the OAuth exchange with Blizzard (it holds the Blizzard
 * client credentials and speaks the Blizzard API); identity decides what the account's characters
 * mean (it owns links). The gateway asks one, then the other.
 */
export const BATTLENET_REQUESTS = {
  BattlenetLinkStart: 'guild-sync.battlenet.start',
  BattlenetLinkFinish: 'guild-sync.battlenet.finish',
  BattlenetClaim: 'identity.battlenet.claim',
  BattlenetClaimsMine: 'identity.battlenet.claims-mine',
  BattlenetCoverageList: 'identity.battlenet.coverage',
  BattlenetRemindersSend: 'identity.battlenet.reminders',
} as const;

/** Starts a flow for the actor's member; the browser's binding secret is kept only as its hash. */
export interface BattlenetLinkStartRequest {
  /** The callback address the provider sends the browser back to (the gateway's). */
  redirectUri: string;
  /** oauthHash of the secret the gateway put in the browser's cookie. */
  browserHash: string;
}

export interface BattlenetLinkStarted {
  authorizeUrl: string;
}

/** The provider sent the browser back: `code` (or `error`), `state`, and the browser's cookie. */
export interface BattlenetLinkFinishRequest {
  state: string;
  code?: string;
  error?: string;
  browserSecret?: string;
  redirectUri: string;
}

export type BattlenetLinkFinished =
  | { status: 'read'; personId: string; userId: string; account: BattlenetAccount; characters: BattlenetCharacter[] }
  | { status: 'refused'; code: BattlenetLinkError };

/** The account's characters, for the member whose flow it was (guild-sync proved it by the state). */
export interface BattlenetClaimRequest {
  personId: string;
  userId: string;
  account: BattlenetAccount;
  characters: BattlenetCharacter[];
}

export interface BattlenetRequestMap {
  [BATTLENET_REQUESTS.BattlenetLinkStart]: { request: BattlenetLinkStartRequest; response: BattlenetLinkStarted };
  [BATTLENET_REQUESTS.BattlenetLinkFinish]: { request: BattlenetLinkFinishRequest; response: BattlenetLinkFinished };
  [BATTLENET_REQUESTS.BattlenetClaim]: { request: BattlenetClaimRequest; response: BattlenetClaimResult };
  [BATTLENET_REQUESTS.BattlenetClaimsMine]: { request: NoBody; response: BattlenetClaims };
  [BATTLENET_REQUESTS.BattlenetCoverageList]: { request: BattlenetCoverageQuery; response: Page<BattlenetCoverage> };
  [BATTLENET_REQUESTS.BattlenetRemindersSend]: { request: BattlenetReminderBody; response: BattlenetRemindersQueued };
}
