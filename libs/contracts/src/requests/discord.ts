import { DiscordMember, DiscordMembersQuery, DiscordRole, DiscordSyncAccepted } from '../api/discord';
import { Page, PageQuery } from '../api/envelope';
import { ServiceHealth } from '../api/health';
import { NoBody } from './actor';

export const DISCORD_REQUESTS = {
  DiscordBotHealth: 'discord-bot.health',
  /** The mirror of the Discord server's members, filtered and paged. */
  DiscordMembersList: 'discord-bot.members.list',
  /** The mirror of the Discord server's roles, highest first, paged. */
  DiscordRolesList: 'discord-bot.roles.list',
  /** Starts a full member sync now (or tells which one is running). */
  DiscordSyncsStart: 'discord-bot.syncs.start',
} as const;

export type ListDiscordMembersRequest = DiscordMembersQuery;

export interface DiscordRequestMap {
  [DISCORD_REQUESTS.DiscordBotHealth]: { request: NoBody; response: ServiceHealth };
  [DISCORD_REQUESTS.DiscordMembersList]: { request: ListDiscordMembersRequest; response: Page<DiscordMember> };
  [DISCORD_REQUESTS.DiscordRolesList]: { request: PageQuery; response: Page<DiscordRole> };
  [DISCORD_REQUESTS.DiscordSyncsStart]: { request: NoBody; response: DiscordSyncAccepted };
}
