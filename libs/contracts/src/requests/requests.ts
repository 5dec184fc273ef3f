import { Rank, RankLevel } from '../api/ranks';
import { ServiceHealth } from '../api/health';

/**
 * Request-reply patterns the gateway sends to services over NATS (Nest's Transport.NATS).
 * A pattern is `<service>.<resource>.<verb>`; each has one request and one response type.
 */
export const Requests = {
  AuthHealth: 'auth.health',
  IdentityHealth: 'identity.health',
  GuildSyncHealth: 'guild-sync.health',
  DiscordBotHealth: 'discord-bot.health',
  RanksList: 'identity.ranks.list',
  RanksUpdate: 'identity.ranks.update',
} as const;

export interface UpdateRankRequest {
  level: RankLevel;
  name?: string;
  discordRoleId?: string | null;
  gameRankIndexes?: number[];
}

export interface RequestMap {
  [Requests.AuthHealth]: { request: Record<string, never>; response: ServiceHealth };
  [Requests.IdentityHealth]: { request: Record<string, never>; response: ServiceHealth };
  [Requests.GuildSyncHealth]: { request: Record<string, never>; response: ServiceHealth };
  [Requests.DiscordBotHealth]: { request: Record<string, never>; response: ServiceHealth };
  [Requests.RanksList]: { request: Record<string, never>; response: Rank[] };
  [Requests.RanksUpdate]: { request: UpdateRankRequest; response: Rank };
}

export type RequestPattern = keyof RequestMap;
export type RequestOf<P extends RequestPattern> = RequestMap[P]['request'];
export type ResponseOf<P extends RequestPattern> = RequestMap[P]['response'];

/** Who is asking: the gateway puts the authenticated caller into a NATS header. */
export interface Actor {
  userId: string;
  personId: string | null;
  username: string;
  rank: RankLevel;
}

/** NATS header names shared by requests and events. */
export const Headers = {
  CorrelationId: 'x-correlation-id',
  Actor: 'x-actor',
} as const;
