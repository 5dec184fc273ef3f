import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from 'discord.js';

/** How a failed Discord call should be treated by whoever made it. */
export type DiscordFailure =
  /** Discord will keep saying no (a missing permission, an unknown member): retrying is pointless. */
  | { kind: 'refused'; discordCode: number | null; httpStatus: number | null; message: string }
  /** It may work later (5xx, network, timeout, a rate limit not waited out). */
  | { kind: 'transient'; discordCode: number | null; httpStatus: number | null; message: string };

/** Why a DM did not reach a member, when it is the member's side (not ours) that refuses. */
export type DmRefusal = 'dms_closed' | 'not_on_server' | 'unknown_user';

/**
 * Classifies an error from discord.js without carrying its request along: a DiscordAPIError keeps
 * the request body, and a DM's body holds an invite code that must never reach a log.
 */
export function describeDiscordFailure(error: unknown): DiscordFailure {
  if (error instanceof DiscordAPIError) {
    const discordCode = typeof error.code === 'number' ? error.code : null;
    const base = { discordCode, httpStatus: error.status, message: error.message.slice(0, 300) };
    return error.status >= 500 || error.status === 429 ? { kind: 'transient', ...base } : { kind: 'refused', ...base };
  }
  if (error instanceof HTTPError) return { kind: 'transient', discordCode: null, httpStatus: error.status, message: error.message };
  if (error instanceof RateLimitError) return { kind: 'transient', discordCode: null, httpStatus: 429, message: 'rate limited' };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'transient', discordCode: null, httpStatus: null, message: message.slice(0, 300) };
}

/** The member's side refusing a DM: closed DMs, not sharing the server, or no such user. */
export function dmRefusalOf(failure: DiscordFailure): DmRefusal | null {
  switch (failure.discordCode) {
    case RESTJSONErrorCodes.CannotSendMessagesToThisUser:
      return 'dms_closed';
    case RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds:
      return 'not_on_server';
    case RESTJSONErrorCodes.UnknownUser:
      return 'unknown_user';
    default:
      return null;
  }
}

/**
 * The channel itself refusing a post: it is gone, the bot may not see it or not write in it, or it
 * takes no messages. Another channel may still take the same post.
 */
export function isChannelRefusal(failure: DiscordFailure): boolean {
  switch (failure.discordCode) {
    case RESTJSONErrorCodes.UnknownChannel:
    case RESTJSONErrorCodes.MissingAccess:
    case RESTJSONErrorCodes.MissingPermissions:
    case RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel:
      return failure.kind === 'refused';
    default:
      return false;
  }
}

/** One line for logs and the database: what Discord said, never what we sent. */
export function failureText(failure: DiscordFailure): string {
  const code = failure.discordCode === null ? '' : ` (Discord code ${failure.discordCode})`;
  const status = failure.httpStatus === null ? '' : `HTTP ${failure.httpStatus}: `;
  return `${status}${failure.message}${code}`.slice(0, 500);
}
