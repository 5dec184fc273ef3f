import {
  ChannelType,
  GatewayDispatchEvents,
  MessageType,
  type APIDMChannel,
  type APIEmbed,
  type APIGuild,
  type APIGuildMember,
  type APIMessage,
  type APIRole,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type GatewayGuildMemberAddDispatchData,
  type GatewayGuildMemberRemoveDispatchData,
  type GatewayGuildMemberUpdateDispatchData,
  type GatewayGuildRoleDeleteDispatchData,
  type GatewayGuildRoleModifyDispatchData,
} from 'discord-api-types/v10';
import {
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  Locale,
} from 'discord-api-types/v10';
import { NO_FLAGS } from './flags';
import { SeededRandom } from '../../seeded-random';
import { compareSnowflakes, SnowflakeFactory } from './snowflake';
import type { DiscordGuildChannel, DiscordGuildFixture } from './types';

/** A guild change the gateway turns into a dispatch. */
export type GuildDispatch =
  | { t: GatewayDispatchEvents.GuildMemberAdd; d: GatewayGuildMemberAddDispatchData }
  | { t: GatewayDispatchEvents.GuildMemberUpdate; d: GatewayGuildMemberUpdateDispatchData }
  | { t: GatewayDispatchEvents.GuildMemberRemove; d: GatewayGuildMemberRemoveDispatchData }
  | { t: GatewayDispatchEvents.GuildRoleCreate | GatewayDispatchEvents.GuildRoleUpdate; d: GatewayGuildRoleModifyDispatchData }
  | { t: GatewayDispatchEvents.GuildRoleDelete; d: GatewayGuildRoleDeleteDispatchData };

/** A new role as a test describes it. */
export interface NewDiscordRole {
  name: string;
  /** Default 1: at the bottom, just above @everyone. */
  position?: number;
  managed?: boolean;
  permissions?: string;
}

export interface DiscordRolePatch {
  name?: string;
  position?: number;
}

/** Who made a change: the bot over REST, or the test through the stand-in's methods. */
export type DiscordChangeSource = 'bot' | 'test';

export interface DiscordRoleChange {
  at: number;
  userId: string;
  roleId: string;
  roleName: string;
  change: 'added' | 'removed';
  by: DiscordChangeSource;
  /** The bot's X-Audit-Log-Reason, if it sent one. */
  reason?: string;
}

/** A new member as a test describes it. */
export interface NewDiscordMember {
  id?: string;
  username: string;
  globalName?: string | null;
  nick?: string | null;
  /** Role ids. */
  roles?: string[];
  bot?: boolean;
  joinedAt?: Date;
}

export interface DiscordMemberPatch {
  nick?: string | null;
  /** The full new role list (ids). */
  roles?: string[];
}

export interface NewMessage {
  content: string;
  embeds: APIEmbed[];
  nonce?: string;
  /** With a nonce: the author's message with the same nonce, if one was made within the nonce window, is returned instead of a new one. */
  enforceNonce?: boolean;
}

/**
 * How long Discord remembers a nonce for `enforce_nonce` ("the past few minutes", it says; the
 * stand-in keeps it five).
 */
export const NONCE_WINDOW_MS = 5 * 60_000;

/**
 * The guild as Discord would hold it: members, roles, channels, DM channels, messages. Every change
 * that Discord would tell a connected bot about is handed to the dispatch listeners.
 */
export class DiscordGuildState {
  readonly guildId: string;
  readonly botUser: APIUser;
  readonly applicationId: string;
  readonly auditChannelId: string;
  readonly createdAt = new Date();

  private readonly fixture: DiscordGuildFixture;
  private readonly roles = new Map<string, APIRole>();
  private readonly channels = new Map<string, DiscordGuildChannel>();
  private readonly members = new Map<string, APIGuildMember>();
  private readonly users = new Map<string, APIUser>();
  private readonly closedDms = new Set<string>();
  private readonly dmChannelByUser = new Map<string, APIDMChannel>();
  private readonly dmChannels = new Map<string, APIDMChannel>();
  private readonly messagesByChannel = new Map<string, APIMessage[]>();
  private readonly messagesByNonce = new Map<string, { message: APIMessage; at: number }>();
  private readonly roleChangeLog: DiscordRoleChange[] = [];
  private readonly dispatchListeners: ((dispatch: GuildDispatch) => void)[] = [];
  private readonly ids: SnowflakeFactory;
  private sortedMemberIds: string[] | null = null;

  constructor(fixture: DiscordGuildFixture, seed = 1) {
    this.fixture = structuredClone(fixture);
    this.guildId = fixture.id;
    this.botUser = structuredClone(fixture.botUser);
    this.applicationId = fixture.applicationId;
    this.auditChannelId = fixture.auditChannelId;
    this.ids = new SnowflakeFactory(SeededRandom.spread(seed * 31 + 5));
    for (const role of fixture.roles) this.roles.set(role.id, structuredClone(role));
    for (const channel of fixture.channels) this.channels.set(channel.id, structuredClone(channel));
    for (const member of fixture.members) {
      this.members.set(member.user.id, structuredClone(member));
      this.users.set(member.user.id, structuredClone(member.user));
    }
    for (const userId of fixture.dmsClosed) this.closedDms.add(userId);
  }

  onDispatch(listener: (dispatch: GuildDispatch) => void): void {
    this.dispatchListeners.push(listener);
  }

  // ---- reading ----------------------------------------------------------------------------

  get memberCount(): number {
    return this.members.size;
  }

  getMember(userId: string): APIGuildMember | undefined {
    const member = this.members.get(userId);
    return member && structuredClone(member);
  }

  getUser(userId: string): APIUser | undefined {
    const user = this.users.get(userId);
    return user && structuredClone(user);
  }

  getRole(roleId: string): APIRole | undefined {
    const role = this.roles.get(roleId);
    return role && structuredClone(role);
  }

  roleByName(name: string): APIRole | undefined {
    for (const role of this.roles.values()) if (role.name === name) return structuredClone(role);
    return undefined;
  }

  listRoles(): APIRole[] {
    return [...this.roles.values()].map((role) => structuredClone(role));
  }

  listChannels(): DiscordGuildChannel[] {
    return [...this.channels.values()].map((channel) => structuredClone(channel));
  }

  getGuildChannel(channelId: string): DiscordGuildChannel | undefined {
    const channel = this.channels.get(channelId);
    return channel && structuredClone(channel);
  }

  getDmChannel(channelId: string): APIDMChannel | undefined {
    const channel = this.dmChannels.get(channelId);
    return channel && structuredClone(channel);
  }

  /** Members ordered by user id, as Discord pages them. */
  listMembers(after = '0', limit = Number.POSITIVE_INFINITY): APIGuildMember[] {
    const ordered = this.orderedMemberIds();
    let start = 0;
    let end = ordered.length;
    while (start < end) {
      // First id strictly greater than `after`.
      const middle = (start + end) >>> 1;
      if (compareSnowflakes(ordered[middle], after) <= 0) start = middle + 1;
      else end = middle;
    }
    const page = ordered.slice(start, Number.isFinite(limit) ? start + limit : undefined);
    return page.map((id) => structuredClone(this.members.get(id) as APIGuildMember));
  }

  /** Members whose username, display name or nickname starts with `query` (case-insensitive). */
  searchMembers(query: string, limit: number): APIGuildMember[] {
    const needle = query.toLocaleLowerCase();
    const found: APIGuildMember[] = [];
    for (const id of this.orderedMemberIds()) {
      const member = this.members.get(id) as APIGuildMember;
      const names = [member.user.username, member.user.global_name, member.nick];
      if (names.some((name) => name?.toLocaleLowerCase().startsWith(needle))) found.push(structuredClone(member));
      if (found.length >= limit) break;
    }
    return found;
  }

  /** A member's guild permissions (@everyone's and their roles', all of them for the owner or an Administrator), as a bitfield string. */
  memberPermissions(userId: string): string {
    const member = this.members.get(userId);
    if (!member) return '0';
    const all = (1n << 53n) - 1n;
    if (userId === this.fixture.ownerId) return all.toString();
    let bits = BigInt(this.roles.get(this.guildId)?.permissions ?? '0');
    for (const roleId of member.roles) bits |= BigInt(this.roles.get(roleId)?.permissions ?? '0');
    return (bits & 8n) === 8n ? all.toString() : bits.toString();
  }

  isDmClosed(userId: string): boolean {
    return this.closedDms.has(userId);
  }

  messages(channelId: string): APIMessage[] {
    return (this.messagesByChannel.get(channelId) ?? []).map((message) => structuredClone(message));
  }

  /** The DM channel with a user, if the bot ever opened one. */
  dmChannelIdOf(userId: string): string | undefined {
    return this.dmChannelByUser.get(userId)?.id;
  }

  roleChanges(userId?: string): DiscordRoleChange[] {
    return this.roleChangeLog.filter((change) => userId === undefined || change.userId === userId).map((change) => ({ ...change }));
  }

  /** The guild as GET /guilds/{id} returns it. */
  guildObject(withCounts: boolean): APIGuild & { approximate_member_count?: number; approximate_presence_count?: number } {
    const guild: APIGuild = {
      id: this.guildId,
      name: this.fixture.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: this.fixture.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: GuildVerificationLevel.Low,
      default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
      explicit_content_filter: GuildExplicitContentFilter.AllMembers,
      roles: this.listRoles(),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: GuildMFALevel.None,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: NO_FLAGS.systemChannel,
      rules_channel_id: null,
      max_members: 500_000,
      max_presences: null,
      vanity_url_code: null,
      premium_tier: GuildPremiumTier.None,
      premium_subscription_count: 0,
      preferred_locale: Locale.EnglishUS,
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: GuildNSFWLevel.Default,
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
    };
    if (!withCounts) return guild;
    return { ...guild, approximate_member_count: this.members.size, approximate_presence_count: 0 };
  }

  /**
   * The GUILD_CREATE a bot gets after READY. For a large guild Discord sends only some members
   * (the bot itself and a few others); the bot has to page REST for the rest.
   */
  guildCreatePayload(largeThreshold: number, largeGuildMemberCap: number): GatewayGuildCreateDispatchData {
    const large = this.members.size > largeThreshold;
    let members: APIGuildMember[];
    if (large) {
      const bot = this.members.get(this.botUser.id);
      const others = this.listMembers('0', largeGuildMemberCap + 1).filter((member) => member.user.id !== this.botUser.id);
      members = [...(bot ? [structuredClone(bot)] : []), ...others].slice(0, Math.max(1, largeGuildMemberCap));
    } else {
      members = this.listMembers();
    }
    const bot = this.members.get(this.botUser.id);
    return {
      ...this.guildObject(false),
      joined_at: bot?.joined_at ?? this.createdAt.toISOString(),
      large,
      unavailable: false,
      member_count: this.members.size,
      voice_states: [],
      members,
      channels: this.listChannels(),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---- changes ----------------------------------------------------------------------------

  addMember(input: NewDiscordMember): APIGuildMember {
    const id = input.id ?? this.ids.now();
    if (this.members.has(id)) throw new Error(`user ${id} is already a member`);
    for (const roleId of input.roles ?? []) this.requireRole(roleId);
    const user: APIUser = this.users.get(id) ?? {
      id,
      username: input.username,
      discriminator: input.bot ? '0001' : '0',
      global_name: input.globalName ?? null,
      avatar: null,
      public_flags: NO_FLAGS.user,
      ...(input.bot ? { bot: true } : {}),
    };
    this.users.set(id, user);
    const member: APIGuildMember = {
      user: structuredClone(user),
      nick: input.nick ?? null,
      avatar: null,
      banner: null,
      roles: [...(input.roles ?? [])],
      joined_at: (input.joinedAt ?? new Date()).toISOString(),
      premium_since: null,
      deaf: false,
      mute: false,
      flags: NO_FLAGS.member,
      pending: false,
      communication_disabled_until: null,
    };
    this.members.set(id, member);
    this.sortedMemberIds = null;
    this.emit({ t: GatewayDispatchEvents.GuildMemberAdd, d: { ...structuredClone(member), guild_id: this.guildId } });
    return structuredClone(member);
  }

  /** Changes nick and/or the whole role list; one GUILD_MEMBER_UPDATE if anything changed. */
  updateMember(userId: string, patch: DiscordMemberPatch, by: DiscordChangeSource, reason?: string): APIGuildMember {
    const member = this.requireMember(userId);
    let changed = false;
    if (patch.nick !== undefined && patch.nick !== member.nick) {
      member.nick = patch.nick;
      changed = true;
    }
    if (patch.roles) {
      const next = [...new Set(patch.roles)];
      next.forEach((roleId) => this.requireRole(roleId));
      for (const roleId of next.filter((id) => !member.roles.includes(id))) this.logRoleChange(userId, roleId, 'added', by, reason);
      for (const roleId of member.roles.filter((id) => !next.includes(id))) this.logRoleChange(userId, roleId, 'removed', by, reason);
      if (next.length !== member.roles.length || next.some((id) => !member.roles.includes(id))) changed = true;
      member.roles = next;
    }
    if (changed) this.emitMemberUpdate(member);
    return structuredClone(member);
  }

  /** Adds one role; false when the member already had it (no event, like Discord). */
  addRole(userId: string, roleId: string, by: DiscordChangeSource, reason?: string): boolean {
    const member = this.requireMember(userId);
    this.requireRole(roleId);
    if (member.roles.includes(roleId)) return false;
    member.roles.push(roleId);
    this.logRoleChange(userId, roleId, 'added', by, reason);
    this.emitMemberUpdate(member);
    return true;
  }

  removeRole(userId: string, roleId: string, by: DiscordChangeSource, reason?: string): boolean {
    const member = this.requireMember(userId);
    this.requireRole(roleId);
    if (!member.roles.includes(roleId)) return false;
    member.roles = member.roles.filter((id) => id !== roleId);
    this.logRoleChange(userId, roleId, 'removed', by, reason);
    this.emitMemberUpdate(member);
    return true;
  }

  removeMember(userId: string): void {
    const member = this.requireMember(userId);
    this.members.delete(userId);
    this.sortedMemberIds = null;
    this.emit({ t: GatewayDispatchEvents.GuildMemberRemove, d: { guild_id: this.guildId, user: structuredClone(member.user) } });
  }

  /** A role made in the server settings: GUILD_ROLE_CREATE. */
  createRole(input: NewDiscordRole): APIRole {
    const role: APIRole = {
      id: this.ids.now(),
      name: input.name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: input.position ?? 1,
      permissions: input.permissions ?? '0',
      managed: input.managed ?? false,
      mentionable: false,
      flags: NO_FLAGS.role,
    };
    this.roles.set(role.id, role);
    this.emit({ t: GatewayDispatchEvents.GuildRoleCreate, d: { guild_id: this.guildId, role: structuredClone(role) } });
    return structuredClone(role);
  }

  /** A role renamed or moved: GUILD_ROLE_UPDATE. */
  updateRole(roleId: string, patch: DiscordRolePatch): APIRole {
    const role = this.requireRole(roleId);
    if (patch.name !== undefined) role.name = patch.name;
    if (patch.position !== undefined) role.position = patch.position;
    this.emit({ t: GatewayDispatchEvents.GuildRoleUpdate, d: { guild_id: this.guildId, role: structuredClone(role) } });
    return structuredClone(role);
  }

  /** A role deleted: GUILD_ROLE_DELETE; members lose it without a member update, as on Discord. */
  deleteRole(roleId: string): void {
    this.requireRole(roleId);
    this.roles.delete(roleId);
    for (const member of this.members.values()) member.roles = member.roles.filter((id) => id !== roleId);
    this.emit({ t: GatewayDispatchEvents.GuildRoleDelete, d: { guild_id: this.guildId, role_id: roleId } });
  }

  setDmsClosed(userId: string, closed: boolean): void {
    if (closed) this.closedDms.add(userId);
    else this.closedDms.delete(userId);
  }

  /** The DM channel with a user; the same channel every time, as on Discord. */
  openDm(userId: string): APIDMChannel {
    const user = this.users.get(userId);
    if (!user) throw new Error(`unknown user ${userId}`);
    let channel = this.dmChannelByUser.get(userId);
    if (!channel) {
      channel = {
        id: this.ids.now(),
        type: ChannelType.DM,
        name: null,
        last_message_id: null,
        flags: NO_FLAGS.channel,
        recipients: [structuredClone(user)],
      };
      this.dmChannelByUser.set(userId, channel);
      this.dmChannels.set(channel.id, channel);
    }
    return structuredClone(channel);
  }

  /**
   * Stores a message the bot sent and returns it as Discord answers POST /channels/{id}/messages. With `enforceNonce`, a message the bot made with the same nonce
   * within the nonce window is answered instead and nothing new is posted, as Discord does.
   */
  postMessage(channelId: string, input: NewMessage): APIMessage {
    if (input.nonce !== undefined && input.enforceNonce) {
      const earlier = this.messagesByNonce.get(input.nonce);
      if (earlier && Date.now() - earlier.at < NONCE_WINDOW_MS) return structuredClone(earlier.message);
    }
    const message: APIMessage = {
      id: this.ids.now(),
      channel_id: channelId,
      author: structuredClone(this.botUser),
      content: input.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: structuredClone(input.embeds),
      pinned: false,
      type: MessageType.Default,
      flags: NO_FLAGS.message,
      components: [],
      ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
    };
    if (input.nonce !== undefined) this.messagesByNonce.set(input.nonce, { message: structuredClone(message), at: Date.now() });
    const list = this.messagesByChannel.get(channelId) ?? [];
    list.push(message);
    this.messagesByChannel.set(channelId, list);
    const guildChannel = this.channels.get(channelId);
    if (guildChannel && guildChannel.type === ChannelType.GuildText) guildChannel.last_message_id = message.id;
    const dm = this.dmChannels.get(channelId);
    if (dm) dm.last_message_id = message.id;
    return structuredClone(message);
  }

  // ---- internals --------------------------------------------------------------------------

  private orderedMemberIds(): string[] {
    this.sortedMemberIds ??= [...this.members.keys()].sort(compareSnowflakes);
    return this.sortedMemberIds;
  }

  private requireMember(userId: string): APIGuildMember {
    const member = this.members.get(userId);
    if (!member) throw new Error(`user ${userId} is not a member of guild ${this.guildId}`);
    return member;
  }

  private requireRole(roleId: string): APIRole {
    const role = this.roles.get(roleId);
    if (!role) throw new Error(`unknown role ${roleId}`);
    return role;
  }

  private logRoleChange(
    userId: string,
    roleId: string,
    change: DiscordRoleChange['change'],
    by: DiscordChangeSource,
    reason?: string,
  ): void {
    const roleName = this.roles.get(roleId)?.name ?? roleId;
    this.roleChangeLog.push({ at: Date.now(), userId, roleId, roleName, change, by, ...(reason ? { reason } : {}) });
  }

  private emitMemberUpdate(member: APIGuildMember): void {
    this.emit({
      t: GatewayDispatchEvents.GuildMemberUpdate,
      d: {
        guild_id: this.guildId,
        user: structuredClone(member.user),
        nick: member.nick ?? null,
        avatar: member.avatar ?? null,
        banner: member.banner ?? null,
        roles: [...member.roles],
        joined_at: member.joined_at,
        premium_since: member.premium_since ?? null,
        deaf: member.deaf,
        mute: member.mute,
        pending: member.pending ?? false,
        communication_disabled_until: member.communication_disabled_until ?? null,
        flags: member.flags,
      },
    });
  }

  private emit(dispatch: GuildDispatch): void {
    for (const listener of this.dispatchListeners) listener(dispatch);
  }
}
