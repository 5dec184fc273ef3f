import { Actor, minRankOf, RankLevel, rankLevelName, RequestPattern, Requests } from '@patt/contracts';

/** Who invoked a command: the Discord user, and the member identity links them to (if any). */
export interface Invoker {
  discordUserId: string;
  username: string;
  member: { personId: string; rank: RankLevel } | null;
}

/** A command as the rules see it: `sync roster`, `whois`, … */
export type CommandKey = 'whois' | 'me' | 'get-account' | 'reset-password' | 'sync roster' | 'sync discord' | 'issues' | 'invite' | 'votes';

/**
 * The requests each command sends for its invoker. Who may use a command follows from them: the
 * highest least rank (REQUEST_ACCESS's minRank, the REST API's rules) among them, judged by the
 * invoker's member rank on the platform, never by their Discord roles; the serving services check
 * the same again. /sync discord is this service's own request (what POST /discord/syncs sends).
 */
export const COMMAND_REQUESTS: { readonly [K in CommandKey]: readonly RequestPattern[] } = {
  whois: [Requests.MembersGet, Requests.CharactersList],
  me: [Requests.MembersGet],
  'get-account': [Requests.InvitesRequestOwn],
  'reset-password': [Requests.PasswordResetsCreate],
  'sync roster': [Requests.SyncRunsStart, Requests.SyncRunsGet],
  'sync discord': [Requests.DiscordSyncsStart],
  issues: [Requests.IssuesList],
  invite: [Requests.InvitesCreate],
  votes: [Requests.LiveCampaignsList],
};

/** The least rank a command needs; null: anyone on the server, linked or not. */
export function minRankOfCommand(command: CommandKey): RankLevel | null {
  const ranks = COMMAND_REQUESTS[command].map((pattern) => minRankOf(pattern)).filter((rank): rank is RankLevel => rank !== null);
  return ranks.length === 0 ? null : (Math.max(...ranks) as RankLevel);
}

/** Why the invoker may not use the command, as a sentence; null when they may. */
export function commandRefusal(command: CommandKey, invoker: Invoker): string | null {
  const minimum = minRankOfCommand(command);
  if (minimum === null) return null;
  if (!invoker.member) {
    return (
      `/${command} is for members of the guild, and your Discord account is not linked to a member yet, ` +
      'so the bot cannot tell your rank. An officer can link it (or it links itself once a character of yours is named like your Discord user).'
    );
  }
  if (invoker.member.rank < minimum) {
    return `/${command} is for ${rankLevelName(minimum)}s and above; your rank in the guild is ${rankLevelName(invoker.member.rank)}.`;
  }
  return null;
}

/**
 * The actor the bot sends with a command's requests: the member who invoked it. It carries no
 * account id (the bot knows none); services judge it by the lower of its rank and their own
 * record of the person.
 */
export function actorOf(invoker: Invoker): Actor | null {
  if (!invoker.member) return null;
  return { userId: '', personId: invoker.member.personId, username: invoker.username, rank: invoker.member.rank, discordUserId: invoker.discordUserId };
}
