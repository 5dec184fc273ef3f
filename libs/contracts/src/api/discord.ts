import { PageQuery } from './envelope';
import { RankLevel } from './ranks';

/**
 * A guild-rank role a Discord member holds, read through the rank → Discord role mapping
 * (`PATCH /api/v1/ranks/{level}` sets it): the rank it stands for and the role's id.
 */
export interface DiscordGuildRole {
  level: RankLevel;
  name: string;
  roleId: string;
}

/** One member of the guild's Discord server, as the bot mirrors it (`GET /api/v1/discord/members`). */
export interface DiscordMember {
  userId: string;
  username: string;
  /** What the server shows: the server nickname, else the global display name, else the username. */
  displayName: string;
  roleIds: string[];
  /** The highest guild rank among the member's roles, or null when they hold no rank role. */
  highestGuildRole: DiscordGuildRole | null;
  /** False once the user has left the server; the mirror keeps them. */
  present: boolean;
  /** The person identity linked this Discord user to, or null. */
  personId: string | null;
}

/** Filters of `GET /api/v1/discord/members`, besides paging. */
export interface DiscordMembersFilter {
  /** Only members linked to a person (true) or only unlinked ones (false). */
  linked?: boolean;
  /** Only members still on the server (true) or only those who left (false). */
  present?: boolean;
  /** Part of the username or display name, case-insensitive. */
  q?: string;
}

export type DiscordMembersQuery = DiscordMembersFilter & PageQuery;

/**
 * A role of the guild's Discord server, as the bot mirrors it (`GET /api/v1/discord/roles`), for
 * the Guild Leader to map ranks to roles by name. @everyone is not listed.
 */
export interface DiscordRole {
  id: string;
  name: string;
  /** Discord's position: higher is above. */
  position: number;
  /** Managed by an integration (a bot's own role, a booster role): no one assigns it by hand. */
  managed: boolean;
  /**
   * The bot may give and take it: not managed and below the bot's highest role. False for every
   * role while the bot is not connected to Discord (it cannot tell then).
   */
  assignable: boolean;
}

/** The answer to `POST /api/v1/discord/syncs` (202): the sync that runs, new or already running. */
export interface DiscordSyncAccepted {
  syncId: string;
  /** True when a sync was already running; no second one is started. */
  alreadyRunning: boolean;
}
