import { Injectable } from '@nestjs/common';
import { Routes, type APIChannel, type APIMessage, type APIRole, type GuildMember, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { DiscordConnection, DiscordNotConnected } from './discord-connection';

/** A member as Discord has them, reduced to what the mirror keeps. */
export interface GuildMemberSnapshot {
  userId: string;
  username: string;
  globalName: string | null;
  nick: string | null;
  roleIds: string[];
  bot: boolean;
  joinedAt: string | null;
}

export interface GuildRoleSnapshot {
  roleId: string;
  name: string;
  position: number;
  color: number;
  managed: boolean;
}

/** A message the bot posts: content and/or embeds, as Discord's REST API takes it. */
export type OutgoingMessage = RESTPostAPIChannelMessageJSONBody;

/**
 * What the bot asks of the Discord server it serves. Services depend on this, not on discord.js,
 * so their rules are tested without a Discord; the one implementation is below.
 */
export abstract class DiscordGuild {
  /** One page of members by user id ascending, after `after` (exclusive); at most `limit` (≤ 1000). */
  abstract listMembers(after: string, limit: number): Promise<GuildMemberSnapshot[]>;
  abstract listRoles(): Promise<GuildRoleSnapshot[]>;
  abstract addRole(userId: string, roleId: string, reason: string): Promise<void>;
  abstract removeRole(userId: string, roleId: string, reason: string): Promise<void>;
  abstract sendDirectMessage(userId: string, message: OutgoingMessage): Promise<void>;
  /** The DM channel with a user (Discord opens it, or answers the one there is): where a queued DM is posted. */
  abstract openDirectChannel(userId: string): Promise<string>;
  /**
   * Posts to a server channel; the new message's id. With a nonce, Discord is asked to enforce it:
   * the same nonce again within a few minutes answers with the message already posted.
   */
  abstract postMessage(channelId: string, message: OutgoingMessage, nonce?: string): Promise<string>;
}

export function snapshotOf(member: GuildMember): GuildMemberSnapshot {
  return {
    userId: member.id,
    username: member.user.username,
    globalName: member.user.globalName,
    nick: member.nickname,
    // discord.js lists @everyone (id = guild id) among a member's roles; Discord does not.
    roleIds: member.roles.cache.filter((role) => role.id !== member.guild.id).map((role) => role.id),
    bot: member.user.bot,
    joinedAt: member.joinedAt?.toISOString() ?? null,
  };
}

/**
 * DiscordGuild over the discord.js client. Member pages go through `guild.members.list`, which
 * also fills discord.js's member cache: later updates of those members then arrive as
 * guildMemberUpdate (not guildMemberAvailable), and their departures as guildMemberRemove (an
 * uncached member's departure would emit nothing). Everything else is a plain REST call; the REST
 * client queues per route bucket and waits out 429s by their retry_after. Each change (a role
 * call, a DM, a post) first asks that this replica still holds the gateway session in the latest
 * term (fencing): a replica paused while another took over acts no more when it wakes.
 */
@Injectable()
export class DiscordJsGuild extends DiscordGuild {
  constructor(private readonly connection: DiscordConnection) {
    super();
  }

  async listMembers(after: string, limit: number): Promise<GuildMemberSnapshot[]> {
    const guild = this.connection.current().guilds.cache.get(this.connection.guildId);
    if (!guild) throw new DiscordNotConnected(`the bot is not (yet) in guild ${this.connection.guildId}`);
    const page = await guild.members.list({ after, limit, cache: true });
    return [...page.values()].map(snapshotOf);
  }

  async listRoles(): Promise<GuildRoleSnapshot[]> {
    const roles = (await this.connection.current().rest.get(Routes.guildRoles(this.connection.guildId))) as APIRole[];
    return roles
      .filter((role) => role.id !== this.connection.guildId)
      .map((role) => ({ roleId: role.id, name: role.name, position: role.position, color: role.colors?.primary_color ?? 0, managed: role.managed }));
  }

  async addRole(userId: string, roleId: string, reason: string): Promise<void> {
    await this.connection.assertHolder();
    await this.connection.current().rest.put(Routes.guildMemberRole(this.connection.guildId, userId, roleId), { reason });
  }

  async removeRole(userId: string, roleId: string, reason: string): Promise<void> {
    await this.connection.assertHolder();
    await this.connection.current().rest.delete(Routes.guildMemberRole(this.connection.guildId, userId, roleId), { reason });
  }

  async sendDirectMessage(userId: string, message: OutgoingMessage): Promise<void> {
    await this.connection.assertHolder();
    const rest = this.connection.current().rest;
    const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
    await rest.post(Routes.channelMessages(channel.id), { body: message });
  }

  async openDirectChannel(userId: string): Promise<string> {
    await this.connection.assertHolder();
    const channel = (await this.connection.current().rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
    return channel.id;
  }

  async postMessage(channelId: string, message: OutgoingMessage, nonce?: string): Promise<string> {
    await this.connection.assertHolder();
    const body: OutgoingMessage = nonce === undefined ? message : { ...message, nonce, enforce_nonce: true };
    const posted = (await this.connection.current().rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
    return posted.id;
  }
}
