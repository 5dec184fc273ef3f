import {
  ApiKeySummary,
  CreatedApiKey,
  CreatedInvite,
  DiscordSignInOutcome,
  InviteForDelivery,
  InviteSummary,
  MemberAccount,
  OAuthStart,
  Session,
  User,
} from '../api/auth';
import { Page, PageQuery } from '../api/envelope';
import { ServiceHealth } from '../api/health';
import { NoBody } from './actor';

export const AUTH_REQUESTS = {
  AuthHealth: 'auth.health',
  Login: 'auth.login',
  Register: 'auth.register',
  Refresh: 'auth.refresh',
  Logout: 'auth.logout',
  Me: 'auth.me',
  ApiKeysCreate: 'auth.api-keys.create',
  ApiKeysList: 'auth.api-keys.list',
  ApiKeysRevoke: 'auth.api-keys.revoke',
  ApiKeysVerify: 'auth.api-keys.verify',
  InvitesCreate: 'auth.invites.create',
  /** An officer disables a member's account, with a reason (the rank rules apply). */
  AccountsDisable: 'auth.accounts.disable',
  AccountsEnable: 'auth.accounts.enable',
  /** A member's invites, without their codes (officers, within the rank rules). */
  InvitesList: 'auth.invites.list',
  /** An invite's code stops working (officers, within the rank rules). */
  InvitesRevoke: 'auth.invites.revoke',
  /**
   * The Discord bot, and only it, takes an invite's code to DM it: once; auth erases it as it
   * answers. Never behind a gateway route.
   */
  InvitesClaimForDelivery: 'auth.invites.claim-for-delivery',
  /**
   * A member without an account asks for an invite themselves (the bot's /get-account, for the
   * member who invoked it): the officers' invite, DMed the same way, throttled per member.
   */
  InvitesRequestOwn: 'auth.invites.request-own',
  /**
   * The Discord bot, and only it, asks for a one-time password-reset link for the member who
   * invoked /reset-password (the actor: their person and Discord user). The token is answered
   * here and nowhere else: never in an event, a log or a table (it rests only hashed).
   */
  PasswordResetsCreate: 'auth.password-resets.create',
  /** Someone with a reset token sets a new password (the gateway's public route). */
  PasswordResetsRedeem: 'auth.password-resets.redeem',
  /**
   * A signed-in member sets their account's first password (an account made by signing in with
   * Discord has none) or changes it, giving the current one. Answers the account as `me` does.
   */
  PasswordChange: 'auth.password.change',
  /** A browser starts signing in with Discord: auth keeps the state and PKCE verifier, answers the authorize address. */
  DiscordSignInStart: 'auth.discord-sign-in.start',
  /** Discord sent the browser back: auth spends the state, exchanges the code, reads the user and signs the member in. */
  DiscordSignInFinish: 'auth.discord-sign-in.finish',
} as const;

/**
 * A password-reset link's token and when it stops working. The bot makes the link with
 * `passwordResetLink(PUBLIC_URL, token)` and DMs it; it is answered once, here.
 */
export interface PasswordResetIssued {
  token: string;
  expiresAt: string;
}

export interface RedeemPasswordResetRequest extends FromClient {
  token: string;
  password: string;
}

/**
 * A member's own password: `currentPassword` when the account has one (refused without it, and
 * refused with it when the account has none). `keepRefreshToken` is the caller's own sign-in (the
 * browser's refresh cookie, as the gateway read it): a change ends every other sign-in of the account.
 */
export interface ChangePasswordRequest extends FromClient {
  currentPassword?: string;
  password: string;
  keepRefreshToken?: string;
}

/** What a member's own invite request answers: never the code, which goes by DM only. */
export interface RequestedInvite {
  inviteId: string;
  expiresAt: string;
}

/**
 * A flow starts: `browserSecret` is the random value the gateway put in the browser's httpOnly
 * binding cookie (auth keeps only its hash), `redirectUri` the callback Discord must send the
 * browser back to (and that the code exchange repeats).
 */
export interface DiscordSignInStartRequest extends FromClient {
  browserSecret: string;
  redirectUri: string;
}

/** What Discord sent back (`code`, or `error`), with the binding cookie the browser brought, if any. */
export interface DiscordSignInFinishRequest extends FromClient {
  state: string;
  code?: string;
  error?: string;
  browserSecret?: string;
}

export interface ListInvitesRequest extends PageQuery {
  personId: string;
}

export interface ClaimInviteRequest {
  inviteId: string;
}

export interface DisableAccountRequest {
  personId: string;
  reason: string;
}

export interface EnableAccountRequest {
  personId: string;
}

/** Where the request came from, as the gateway saw it: the throttles count per address. */
export interface FromClient {
  clientIp: string;
}

export interface LoginRequest extends FromClient {
  username: string;
  password: string;
}

export interface RegisterRequest extends FromClient {
  inviteCode: string;
  username: string;
  password: string;
}

export interface RefreshRequest extends FromClient {
  refreshToken: string;
}

export interface VerifiedApiKey {
  id: string;
  name: string;
}

export interface AuthRequestMap {
  [AUTH_REQUESTS.AuthHealth]: { request: NoBody; response: ServiceHealth };
  [AUTH_REQUESTS.Login]: { request: LoginRequest; response: Session };
  [AUTH_REQUESTS.Register]: { request: RegisterRequest; response: Session };
  [AUTH_REQUESTS.Refresh]: { request: RefreshRequest; response: Session };
  [AUTH_REQUESTS.Logout]: { request: { refreshToken: string }; response: null };
  [AUTH_REQUESTS.Me]: { request: NoBody; response: User };
  [AUTH_REQUESTS.ApiKeysCreate]: { request: { name: string }; response: CreatedApiKey };
  [AUTH_REQUESTS.ApiKeysList]: { request: PageQuery; response: Page<ApiKeySummary> };
  [AUTH_REQUESTS.ApiKeysRevoke]: { request: { id: string }; response: null };
  [AUTH_REQUESTS.ApiKeysVerify]: { request: { key: string }; response: VerifiedApiKey };
  [AUTH_REQUESTS.InvitesCreate]: { request: { personId: string; expiresInHours: number }; response: CreatedInvite };
  [AUTH_REQUESTS.AccountsDisable]: { request: DisableAccountRequest; response: MemberAccount };
  [AUTH_REQUESTS.AccountsEnable]: { request: EnableAccountRequest; response: MemberAccount };
  [AUTH_REQUESTS.InvitesList]: { request: ListInvitesRequest; response: Page<InviteSummary> };
  [AUTH_REQUESTS.InvitesRevoke]: { request: { id: string }; response: null };
  [AUTH_REQUESTS.InvitesClaimForDelivery]: { request: ClaimInviteRequest; response: InviteForDelivery };
  [AUTH_REQUESTS.InvitesRequestOwn]: { request: NoBody; response: RequestedInvite };
  [AUTH_REQUESTS.PasswordResetsCreate]: { request: NoBody; response: PasswordResetIssued };
  [AUTH_REQUESTS.PasswordResetsRedeem]: { request: RedeemPasswordResetRequest; response: null };
  [AUTH_REQUESTS.PasswordChange]: { request: ChangePasswordRequest; response: User };
  [AUTH_REQUESTS.DiscordSignInStart]: { request: DiscordSignInStartRequest; response: OAuthStart };
  [AUTH_REQUESTS.DiscordSignInFinish]: { request: DiscordSignInFinishRequest; response: DiscordSignInOutcome };
}
