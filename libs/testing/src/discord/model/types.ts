import type {
  APIGuildCategoryChannel,
  APIGuildMember,
  APIGuildVoiceChannel,
  APIRole,
  APITextChannel,
  APIUser,
} from 'discord-api-types/v10';
import type { RankLevel } from '@patt/contracts';

/** The guild-rank roles, one per rank level (docs/api.md, "Conventions"), highest first. */
export const RANK_ROLE_NAMES = ['Guild Leader', 'Officer', 'Veteran', 'Member', 'Initiate'] as const;
export type RankRoleName = (typeof RANK_ROLE_NAMES)[number];
/** The guild-rank role of each rank level (5 Guild Leader … 1 Initiate). */
export const RANK_ROLE_OF_LEVEL: Readonly<Record<RankLevel, RankRoleName>> = { 5: 'Guild Leader', 4: 'Officer', 3: 'Veteran', 2: 'Member', 1: 'Initiate' };

export type DiscordGuildChannel = APITextChannel | APIGuildVoiceChannel | APIGuildCategoryChannel;

/**
 * Everything the stand-in needs to model one guild, as Discord's own payloads. Plain data, so a
 * test can build one by hand, tweak a generated one, or print it.
 */
export interface DiscordGuildFixture {
  id: string;
  name: string;
  ownerId: string;
  /** The bot's user; the bot is also one of `members`. */
  botUser: APIUser;
  /** The bot's application id (Discord gives bots an application with the same id as the user). */
  applicationId: string;
  /** Roles including @everyone (whose id is the guild id) and the bot's managed role. */
  roles: APIRole[];
  channels: DiscordGuildChannel[];
  /** The text channel the bot posts integrity reports and sync summaries to. */
  auditChannelId: string;
  members: APIGuildMember[];
  /** Users whose DMs are closed: a DM to them answers 403 / 50007. */
  dmsClosed: string[];
  /** Role ids of the guild-rank roles by name. */
  rankRoleIds: Record<RankRoleName, string>;
}
