import { Page } from '../api/envelope';
import { DeadLetter, DeadLetterReplay, DeadLetterService } from '../api/operations';

/**
 * Each event-consuming service answers for its own dead letters (its schema's dead_letters table):
 * the gateway asks every one and merges the lists. Patterns are named after the serving service.
 */
export const OPERATIONS_REQUESTS = {
  AuthDeadLettersList: 'auth.dead-letters.list',
  AuthDeadLettersReplay: 'auth.dead-letters.replay',
  AuthDeadLettersDiscard: 'auth.dead-letters.discard',
  IdentityDeadLettersList: 'identity.dead-letters.list',
  IdentityDeadLettersReplay: 'identity.dead-letters.replay',
  IdentityDeadLettersDiscard: 'identity.dead-letters.discard',
  GuildSyncDeadLettersList: 'guild-sync.dead-letters.list',
  GuildSyncDeadLettersReplay: 'guild-sync.dead-letters.replay',
  GuildSyncDeadLettersDiscard: 'guild-sync.dead-letters.discard',
  DiscordBotDeadLettersList: 'discord-bot.dead-letters.list',
  DiscordBotDeadLettersReplay: 'discord-bot.dead-letters.replay',
  DiscordBotDeadLettersDiscard: 'discord-bot.dead-letters.discard',
  CampaignsDeadLettersList: 'campaigns.dead-letters.list',
  CampaignsDeadLettersReplay: 'campaigns.dead-letters.replay',
  CampaignsDeadLettersDiscard: 'campaigns.dead-letters.discard',
} as const;

/** The three dead-letter patterns of a service. */
export function deadLetterPatterns(service: DeadLetterService): { list: string; replay: string; discard: string } {
  return { list: `${service}.dead-letters.list`, replay: `${service}.dead-letters.replay`, discard: `${service}.dead-letters.discard` };
}

/** A service's open dead letters, newest first: `limit` from `offset` (the gateway pages the merge). */
export interface ListDeadLettersRequest {
  limit: number;
  offset: number;
}

/** One of the service's dead letters, by its row number (the part of the id after the service). */
export interface DeadLetterRequest {
  row: string;
}

type DeadLetterMap<L extends string, R extends string, D extends string> = {
  [K in L]: { request: ListDeadLettersRequest; response: Page<DeadLetter> };
} & { [K in R]: { request: DeadLetterRequest; response: DeadLetterReplay } } & { [K in D]: { request: DeadLetterRequest; response: null } };

export type OperationsRequestMap = DeadLetterMap<'auth.dead-letters.list', 'auth.dead-letters.replay', 'auth.dead-letters.discard'> &
  DeadLetterMap<'identity.dead-letters.list', 'identity.dead-letters.replay', 'identity.dead-letters.discard'> &
  DeadLetterMap<'guild-sync.dead-letters.list', 'guild-sync.dead-letters.replay', 'guild-sync.dead-letters.discard'> &
  DeadLetterMap<'discord-bot.dead-letters.list', 'discord-bot.dead-letters.replay', 'discord-bot.dead-letters.discard'> &
  DeadLetterMap<'campaigns.dead-letters.list', 'campaigns.dead-letters.replay', 'campaigns.dead-letters.discard'>;

export type { DeadLetterService };
