import type { AccountDisabledCause } from '../events/payloads';
import { RankLevel, RankRef } from './ranks';

/** The signed-in account, as `me`, login and registration answer it. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  personId: string | null;
  rank: RankRef;
  /**
   * Whether a password opens the account. False for an account made by signing in with Discord
   * until its member sets one from their profile (`POST /auth/password` with `{password}`).
   */
  hasPassword: boolean;
}

export interface Session {
  user: User;
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token is valid for. */
  expiresIn: number;
}

/** Where the browser goes next to sign in with (or link) a provider's account. */
export interface OAuthStart {
  authorizeUrl: string;
}

/**
 * Why a sign-in with Discord ended on the login page (`/login?error=<code>`), each with the
 * sentence the page shows (docs/api.md, "Signing in with Discord").
 */
export const DISCORD_SIGN_IN_REFUSALS = {
  NOT_A_MEMBER:
    'This Discord account belongs to no member of the guild. Ask an officer to link your Discord account to your characters, then sign in with Discord again.',
  ACCOUNT_DISABLED: 'This account is disabled. Ask an officer to enable it again.',
  OAUTH_STATE_INVALID: 'This sign-in was not started in this browser, or was already used. Start again with "Sign in with Discord".',
  OAUTH_STATE_EXPIRED: 'This sign-in took more than 10 minutes. Start again with "Sign in with Discord".',
  DISCORD_DENIED: 'Discord did not let the platform read your account (the authorization was cancelled or refused). Try again, and choose "Authorize".',
  DISCORD_FAILED: 'Discord could not confirm who you are just now. Try again in a moment.',
  UNAVAILABLE: 'Signing in with Discord is not available right now. Try again in a moment, or sign in with your password.',
} as const;
export type DiscordSignInRefusal = keyof typeof DISCORD_SIGN_IN_REFUSALS;

/** The end of a sign-in with Discord: a session, or why not (the login page's code and the sentence). */
export type DiscordSignInOutcome = { session: Session } | { refused: DiscordSignInRefusal; message: string };

export interface ApiKeySummary {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /**
   * Who made it: the key acts for them, and stops while they are below Officer or disabled.
   * Null for a key whose maker's account no longer exists (it does not work).
   */
  createdBy: { userId: string; username: string } | null;
}

/** A member's account: whether it works, and if not since when and why. */
export interface MemberAccount {
  status: 'active' | 'disabled';
  disabledAt: string | null;
  /** A sentence: the officer's reason, or that the member left the guild. */
  disabledReason: string | null;
  disabledCause: AccountDisabledCause | null;
}

/** How long a sign-in lasts at most, whatever the refreshes: then the member signs in again. */
export const LOGIN_MAX_DAYS = 90;

/** The one answer that shows a key; it is stored only as a hash. */
export interface CreatedApiKey {
  id: string;
  name: string;
  key: string;
  createdAt: string;
}

export interface CreatedInvite {
  code: string;
  expiresAt: string;
}

/**
 * Where an invite's DM stands: `pending` (the bot has not taken the code yet), `sending` (it took
 * it; the DM is on its way), `sent`, `refused` (Discord would not deliver it: DMs closed, left the
 * server), `failed` (the bot gave up, or could not send at all), `not_sent` (used, revoked or
 * expired before the bot took it).
 */
export type InviteDelivery = 'pending' | 'sending' | 'sent' | 'refused' | 'failed' | 'not_sent';
export const INVITE_DELIVERIES: readonly InviteDelivery[] = ['pending', 'sending', 'sent', 'refused', 'failed', 'not_sent'];

/** An invite as officers see it (`GET /members/{id}/invites`): never its code. */
export interface InviteSummary {
  id: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  delivery: InviteDelivery;
  /** Why the DM was refused or failed; null otherwise. */
  deliveryReason: string | null;
  /** The officer who made it; null when their account no longer exists. */
  createdBy: { userId: string; username: string } | null;
}

/**
 * What auth answers the Discord bot's one claim of an invite's code: the code to DM (erased at auth
 * as it is answered), or why there is none to send any more.
 */
export type InviteForDelivery =
  | { status: 'deliver'; inviteId: string; code: string; discordUserId: string; expiresAt: string }
  | { status: 'gone'; inviteId: string; reason: 'claimed' | 'used' | 'revoked' | 'expired' | 'unknown' };

/** Access tokens: HS256, 15 minutes, issued by auth and checked by the gateway. */
export const ACCESS_TOKEN = {
  algorithm: 'HS256',
  issuer: 'patt-auth',
  audience: 'patt-api',
  lifetimeSeconds: 15 * 60,
} as const;

/** What an access token carries: enough to authorise a request without asking auth. */
export interface AccessTokenClaims {
  sub: string;
  usr: string;
  pid: string | null;
  rnk: RankLevel;
  /**
   * The login it was issued in (its refresh tokens' family): when auth ends that login (sign-out,
   * a password changed or reset, a refresh token used twice) the gateway refuses the token at
   * once (`logins-ended`). Tokens issued before the claim existed have none.
   */
  sid?: string;
}

/** Passwords are 8 to 72 bytes of UTF-8: bcrypt reads no further than 72, so longer is refused. */
/** How long a password-reset link works (it works once). */
export const PASSWORD_RESET_MINUTES = 30;

/**
 * The web app's page for a password-reset token. The token travels in the fragment: browsers do
 * not send it to the server, so no access log, proxy or Referer ever carries it.
 */
export function passwordResetLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/reset-password#token=${encodeURIComponent(token)}`;
}

export const PASSWORD_MIN_BYTES = 8;
export const PASSWORD_MAX_BYTES = 72;
