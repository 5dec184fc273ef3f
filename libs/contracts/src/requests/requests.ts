import { AUTH_REQUESTS, AuthRequestMap } from './auth';
import { BATTLENET_REQUESTS, BattlenetRequestMap } from './battlenet';
import { CAMPAIGNS_REQUESTS, CampaignsRequestMap } from './campaigns';
import { DISCORD_REQUESTS, DiscordRequestMap } from './discord';
import { GUILD_SYNC_REQUESTS, GuildSyncRequestMap } from './guild-sync';
import { IDENTITY_REQUESTS, IdentityRequestMap } from './identity';
import { OPERATIONS_REQUESTS, OperationsRequestMap } from './operations';

/**
 * Request-reply patterns the gateway sends to services over NATS (Nest's Transport.NATS).
 * A pattern is `<service>.<resource>.<verb>`; each has one request and one response type. Each
 * service's patterns live in a file of their own, joined here.
 */
export const Requests = {
  ...AUTH_REQUESTS,
  ...IDENTITY_REQUESTS,
  ...GUILD_SYNC_REQUESTS,
  ...DISCORD_REQUESTS,
  ...CAMPAIGNS_REQUESTS,
  ...BATTLENET_REQUESTS,
  ...OPERATIONS_REQUESTS,
} as const;

type OperationsMap = OperationsRequestMap;

export interface RequestMap
  extends AuthRequestMap, IdentityRequestMap, GuildSyncRequestMap, DiscordRequestMap, CampaignsRequestMap, BattlenetRequestMap, OperationsMap {}

export type RequestPattern = keyof RequestMap;
export type RequestOf<P extends RequestPattern> = RequestMap[P]['request'];
export type ResponseOf<P extends RequestPattern> = RequestMap[P]['response'];

/** NATS header names shared by requests and events. */
export const Headers = {
  CorrelationId: 'x-correlation-id',
  Actor: 'x-actor',
} as const;
