import { RankLevel } from '../api/ranks';
import { Events, EventSubject } from '../events/subjects';
import { RequestPattern, Requests } from '../requests/requests';

/**
 * Who may say what on the bus: one NATS user per service, and for each request and event the
 * services that may send, serve, publish and consume it. The NATS authorization (nats-server's
 * `authorization` block) is generated from these declarations (libs/messaging,
 * busAuthorization), so what the server lets a service do and what the contracts say it does are
 * one thing. A request or event missing here does not compile.
 */
export const BUS_SERVICES = ['gateway', 'auth', 'identity', 'guild-sync', 'discord-bot', 'campaigns'] as const;
export type BusService = (typeof BUS_SERVICES)[number];

/**
 * The user that creates and widens the JetStream stream (a setup step, never a service): services
 * may read the stream's state and manage only their own durable consumers.
 */
export const BUS_SETUP_USER = 'bus-setup';

export interface RequestAccess {
  /** The services whose NATS users may send this request. */
  senders: readonly BusService[];
  /**
   * A privileged request: the least rank the actor in the request must hold. The serving service
   * checks it on every request (the actor is the caller the gateway authenticated), whatever the
   * sender; a request without an actor is refused.
   */
  minRank?: RankLevel;
}

const GATEWAY: readonly BusService[] = ['gateway'];
/**
 * The gateway, and the Discord bot answering a slash command for the member who invoked it: the
 * bot's actor is that member (personId, and the rank of its own projection of identity's events;
 * no account id), and the serving service judges by the lower of that rank and its own record.
 */
const GATEWAY_OR_BOT: readonly BusService[] = ['gateway', 'discord-bot'];
const ANY_MEMBER = RankLevel.Initiate;
const OFFICER = RankLevel.Officer;
const GUILD_LEADER = RankLevel.GuildLeader;

/** Every request pattern: who may send it and the rank its actor must hold. Served by the service its pattern is named after. */
export const REQUEST_ACCESS: { readonly [P in RequestPattern]: RequestAccess } = {
  // auth
  [Requests.AuthHealth]: { senders: GATEWAY },
  [Requests.Login]: { senders: GATEWAY },
  [Requests.Register]: { senders: GATEWAY },
  [Requests.Refresh]: { senders: GATEWAY },
  [Requests.Logout]: { senders: GATEWAY, minRank: ANY_MEMBER },
  [Requests.Me]: { senders: GATEWAY, minRank: ANY_MEMBER },
  [Requests.ApiKeysCreate]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.ApiKeysList]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.ApiKeysRevoke]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.ApiKeysVerify]: { senders: GATEWAY },
  [Requests.InvitesCreate]: { senders: GATEWAY_OR_BOT, minRank: OFFICER },
  [Requests.AccountsDisable]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.AccountsEnable]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.InvitesList]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.InvitesRevoke]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.InvitesClaimForDelivery]: { senders: ['discord-bot'] },
  // A member asks for their own invite by slash command (/get-account): the bot, for that member.
  [Requests.InvitesRequestOwn]: { senders: ['discord-bot'], minRank: ANY_MEMBER },
  // /reset-password, for the member who invoked it: the answer carries the link's token.
  [Requests.PasswordResetsCreate]: { senders: ['discord-bot'], minRank: ANY_MEMBER },
  [Requests.PasswordResetsRedeem]: { senders: GATEWAY },
  // A member's own password, from their profile: the actor's account and no other.
  [Requests.PasswordChange]: { senders: GATEWAY, minRank: ANY_MEMBER },
  // Signing in with Discord: public, as a login is (there is no actor yet).
  [Requests.DiscordSignInStart]: { senders: GATEWAY },
  [Requests.DiscordSignInFinish]: { senders: GATEWAY },
  // identity
  [Requests.IdentityHealth]: { senders: GATEWAY },
  [Requests.RanksList]: { senders: GATEWAY, minRank: ANY_MEMBER },
  [Requests.RanksUpdate]: { senders: GATEWAY, minRank: RankLevel.GuildLeader },
  [Requests.MembersList]: { senders: GATEWAY, minRank: ANY_MEMBER },
  [Requests.MembersGet]: { senders: GATEWAY_OR_BOT, minRank: ANY_MEMBER },
  [Requests.MembersUpdate]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.CharactersList]: { senders: GATEWAY_OR_BOT, minRank: ANY_MEMBER },
  [Requests.CharactersGet]: { senders: GATEWAY, minRank: ANY_MEMBER },
  [Requests.LinksCreate]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.LinksDelete]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.SuggestionsList]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.SuggestionsConfirm]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.SuggestionsReject]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.MatchingRunsStart]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.IssuesList]: { senders: GATEWAY_OR_BOT, minRank: OFFICER },
  [Requests.ConflictsList]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.IntegrityRunsStart]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.ReportsCreate]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.ImportsApply]: { senders: GATEWAY, minRank: OFFICER },
  // The callback is public: guild-sync's state proved whose flow it was, and the gateway passes that member on.
  [Requests.BattlenetClaim]: { senders: GATEWAY },
  [Requests.BattlenetClaimsMine]: { senders: GATEWAY, minRank: ANY_MEMBER },
  [Requests.BattlenetCoverageList]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.BattlenetRemindersSend]: { senders: GATEWAY, minRank: OFFICER },
  // guild-sync
  [Requests.GuildSyncHealth]: { senders: GATEWAY },
  [Requests.SyncRunsStart]: { senders: GATEWAY_OR_BOT, minRank: OFFICER },
  [Requests.SyncRunsList]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.SyncRunsGet]: { senders: GATEWAY_OR_BOT, minRank: OFFICER },
  [Requests.GuildSyncStatus]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.RosterEventsList]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.CharacterHistory]: { senders: GATEWAY, minRank: ANY_MEMBER },
  // An officer's upload, or the companion's with an officer's API key.
  [Requests.AddonUploadApply]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.BattlenetLinkStart]: { senders: GATEWAY, minRank: ANY_MEMBER },
  // The provider's callback carries no token: the flow's state and browser binding decide.
  [Requests.BattlenetLinkFinish]: { senders: GATEWAY },
  // discord-bot
  [Requests.DiscordBotHealth]: { senders: GATEWAY },
  [Requests.DiscordMembersList]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.DiscordRolesList]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.DiscordSyncsStart]: { senders: GATEWAY, minRank: OFFICER },
  // campaigns: who may view a campaign (public ones without an actor) the service decides.
  [Requests.CampaignsHealth]: { senders: GATEWAY },
  [Requests.CampaignsList]: { senders: GATEWAY },
  [Requests.CampaignsCreate]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.CampaignsGet]: { senders: GATEWAY },
  [Requests.CampaignsUpdate]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.CampaignsDelete]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.CampaignsOpen]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.CampaignsClose]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.CampaignEntriesCreate]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.CampaignEntriesUpdate]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.CampaignEntriesDelete]: { senders: GATEWAY, minRank: OFFICER },
  [Requests.BallotsCast]: { senders: GATEWAY, minRank: ANY_MEMBER },
  [Requests.BallotsMine]: { senders: GATEWAY, minRank: ANY_MEMBER },
  [Requests.CampaignResultsGet]: { senders: GATEWAY },
  [Requests.LiveCampaignsList]: { senders: ['discord-bot'] },
  // Operations: each consuming service's dead letters, seen and repaired by the Guild Leader alone.
  [Requests.AuthDeadLettersList]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.AuthDeadLettersReplay]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.AuthDeadLettersDiscard]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.IdentityDeadLettersList]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.IdentityDeadLettersReplay]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.IdentityDeadLettersDiscard]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.GuildSyncDeadLettersList]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.GuildSyncDeadLettersReplay]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.GuildSyncDeadLettersDiscard]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.DiscordBotDeadLettersList]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.DiscordBotDeadLettersReplay]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.DiscordBotDeadLettersDiscard]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.CampaignsDeadLettersList]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.CampaignsDeadLettersReplay]: { senders: GATEWAY, minRank: GUILD_LEADER },
  [Requests.CampaignsDeadLettersDiscard]: { senders: GATEWAY, minRank: GUILD_LEADER },
};

/** The service that answers a request: the one its pattern is named after (`auth.login` → auth). */
export function servedBy(pattern: RequestPattern): BusService {
  const service = pattern.split('.')[0] as BusService;
  if (!(BUS_SERVICES as readonly string[]).includes(service)) throw new Error(`the request ${pattern} names no service of the bus`);
  return service;
}

export interface EventAccess {
  /** The one service that publishes it (from its outbox). */
  publisher: BusService;
  /** The services with a durable consumer of it. */
  consumers: readonly BusService[];
  /**
   * The services that follow it live, without a durable consumer (core NATS, every replica, none
   * of them acknowledging): caches dropping what it makes stale. A watcher that misses one (its
   * connection down) relies on its cache's own bound.
   */
  watchers?: readonly BusService[];
}

/** Every event: who publishes it and who consumes it (DESIGN's table of events). */
export const EVENT_ACCESS: { readonly [S in EventSubject]: EventAccess } = {
  [Events.RosterSynced]: { publisher: 'guild-sync', consumers: ['identity', 'discord-bot'] },
  [Events.CharacterChanged]: { publisher: 'guild-sync', consumers: ['identity'] },
  [Events.DiscordMembersSynced]: { publisher: 'discord-bot', consumers: ['identity'] },
  [Events.DiscordMemberChanged]: { publisher: 'discord-bot', consumers: ['identity'] },
  [Events.InviteDeliverySettled]: { publisher: 'discord-bot', consumers: ['auth'] },
  [Events.MemberMatched]: { publisher: 'identity', consumers: ['auth', 'discord-bot', 'campaigns'] },
  [Events.MemberRankChanged]: { publisher: 'identity', consumers: ['auth', 'discord-bot', 'campaigns'], watchers: ['gateway'] },
  [Events.MemberInGuildChanged]: { publisher: 'identity', consumers: ['auth'] },
  [Events.IntegrityReported]: { publisher: 'identity', consumers: ['discord-bot'] },
  [Events.RanksChanged]: { publisher: 'identity', consumers: ['auth', 'discord-bot'], watchers: ['gateway'] },
  [Events.CharactersClaimed]: { publisher: 'identity', consumers: ['discord-bot'] },
  [Events.BattlenetRemindersRequested]: { publisher: 'identity', consumers: ['discord-bot'] },
  [Events.InviteCreated]: { publisher: 'auth', consumers: ['discord-bot'] },
  [Events.UserRegistered]: { publisher: 'auth', consumers: ['identity', 'campaigns'] },
  [Events.AccountDisabled]: { publisher: 'auth', consumers: ['identity', 'campaigns'], watchers: ['gateway'] },
  [Events.AccountEnabled]: { publisher: 'auth', consumers: ['identity', 'campaigns'], watchers: ['gateway'] },
  // Only the gateway's token check cares, live: a login ended long ago has no token left to refuse.
  [Events.LoginsEnded]: { publisher: 'auth', consumers: [], watchers: ['gateway'] },
  // Only the gateway's copy of the account (`/auth/me`) cares, live, as for logins-ended.
  [Events.PasswordSet]: { publisher: 'auth', consumers: [], watchers: ['gateway'] },
  [Events.CampaignOpened]: { publisher: 'campaigns', consumers: ['discord-bot'] },
  [Events.CampaignMilestone]: { publisher: 'campaigns', consumers: ['discord-bot'] },
  [Events.CampaignClosed]: { publisher: 'campaigns', consumers: ['discord-bot'] },
};

/** The requests a service may send. */
export function requestsSentBy(service: BusService): RequestPattern[] {
  return (Object.keys(REQUEST_ACCESS) as RequestPattern[]).filter((p) => REQUEST_ACCESS[p].senders.includes(service));
}

/** The requests a service answers. */
export function requestsServedBy(service: BusService): RequestPattern[] {
  return (Object.keys(REQUEST_ACCESS) as RequestPattern[]).filter((p) => servedBy(p) === service);
}

/** The events a service publishes. */
export function eventsPublishedBy(service: BusService): EventSubject[] {
  return (Object.keys(EVENT_ACCESS) as EventSubject[]).filter((s) => EVENT_ACCESS[s].publisher === service);
}

/** The events a service consumes. */
export function eventsConsumedBy(service: BusService): EventSubject[] {
  return (Object.keys(EVENT_ACCESS) as EventSubject[]).filter((s) => EVENT_ACCESS[s].consumers.includes(service));
}

/** The events a service follows live (core NATS), for its caches. */
export function eventsWatchedBy(service: BusService): EventSubject[] {
  return (Object.keys(EVENT_ACCESS) as EventSubject[]).filter((s) => EVENT_ACCESS[s].watchers?.includes(service) ?? false);
}

/** The rank a request's actor must hold, or null when the request is not privileged. */
export function minRankOf(pattern: string): RankLevel | null {
  return (REQUEST_ACCESS as Record<string, RequestAccess | undefined>)[pattern]?.minRank ?? null;
}

/** A durable consumer's name: one per consuming service and subject ("identity--guild-sync_roster-synced"). */
export function consumerName(service: string, subject: EventSubject): string {
  return `${service}--${subject.split('.').slice(1).join('_')}`;
}

/** A bus user's private reply inbox: its connections set nats' `inboxPrefix` to it, and only it may subscribe there. */
export function inboxPrefixOf(user: string): string {
  return `_INBOX.${user}`;
}
