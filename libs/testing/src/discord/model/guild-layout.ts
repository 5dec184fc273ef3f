import { ChannelType, PermissionFlagsBits, type APIRole } from 'discord-api-types/v10';
import { NO_FLAGS } from './flags';
import { OTHER_ROLE_NAMES } from './names';
import type { SnowflakeFactory } from './snowflake';
import { RANK_ROLE_NAMES, type DiscordGuildChannel, type RankRoleName } from './types';

const RANK_COLORS: Record<RankRoleName, number> = {
  'Guild Leader': 0xe67e22,
  Officer: 0x9b59b6,
  Veteran: 0x3498db,
  Member: 0x2ecc71,
  Initiate: 0x95a5a6,
};

function permissions(...flags: bigint[]): string {
  return flags.reduce((all, flag) => all | flag, 0n).toString();
}

const BASE_PERMISSIONS = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.AddReactions,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.Connect,
  PermissionFlagsBits.Speak,
  PermissionFlagsBits.ChangeNickname,
];

function role(id: string, name: string, position: number, extra: Partial<APIRole> = {}): APIRole {
  const color = extra.color ?? 0;
  return {
    id,
    name,
    color,
    colors: { primary_color: color, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: '0',
    managed: false,
    mentionable: false,
    flags: NO_FLAGS.role,
    ...extra,
  };
}

export interface GuildRoles {
  /** Bottom to top: @everyone, other roles, the ranks, Bots, the bot's managed role. */
  roles: APIRole[];
  roleIdByName: Map<string, string>;
  rankRoleIds: Record<RankRoleName, string>;
  botsRoleId: string;
  botRoleId: string;
}

/**
 * The guild's roles. The bot's managed role (the one Discord gives a bot when it joins) is on top,
 * so the bot may manage every rank role.
 */
export function buildRoles(
  guildId: string,
  createdMs: number,
  bot: { id: string; name: string; createdMs: number },
  ids: SnowflakeFactory,
): GuildRoles {
  const roles: APIRole[] = [role(guildId, '@everyone', 0, { permissions: permissions(...BASE_PERMISSIONS) })];
  const roleIdByName = new Map<string, string>();
  for (const name of OTHER_ROLE_NAMES.filter((other) => other !== 'Bots').reverse()) {
    const id = ids.at(createdMs + roles.length * 3_600_000);
    roles.push(role(id, name, roles.length, { mentionable: name !== 'Muted' }));
    roleIdByName.set(name, id);
  }
  const rankRoleIds: Record<RankRoleName, string> = { 'Guild Leader': '', Officer: '', Veteran: '', Member: '', Initiate: '' };
  for (const name of [...RANK_ROLE_NAMES].reverse()) {
    const id = ids.at(createdMs + roles.length * 3_600_000);
    const extra: Partial<APIRole> = { color: RANK_COLORS[name], hoist: true, mentionable: true };
    if (name === 'Officer') extra.permissions = permissions(PermissionFlagsBits.KickMembers, PermissionFlagsBits.ManageMessages);
    if (name === 'Guild Leader') extra.permissions = permissions(PermissionFlagsBits.Administrator);
    roles.push(role(id, name, roles.length, extra));
    rankRoleIds[name] = id;
    roleIdByName.set(name, id);
  }
  const botsRoleId = ids.at(createdMs + roles.length * 3_600_000);
  roles.push(role(botsRoleId, 'Bots', roles.length, { hoist: true }));
  roleIdByName.set('Bots', botsRoleId);
  const botRoleId = ids.at(bot.createdMs + 86_400_000);
  roles.push(
    role(botRoleId, bot.name, roles.length, {
      managed: true,
      tags: { bot_id: bot.id },
      permissions: permissions(
        PermissionFlagsBits.ManageRoles,
        PermissionFlagsBits.ViewChannel,
        PermissionFlagsBits.SendMessages,
        PermissionFlagsBits.EmbedLinks,
        PermissionFlagsBits.ReadMessageHistory,
      ),
    }),
  );
  return { roles, roleIdByName, rankRoleIds, botsRoleId, botRoleId };
}

/** A category with a few text channels (the audit channel among them) and a voice channel. */
export function buildChannels(guildId: string, createdMs: number, ids: SnowflakeFactory): DiscordGuildChannel[] {
  const categoryId = ids.at(createdMs + 1_000);
  const text = (name: string, position: number, topic: string | null): DiscordGuildChannel => ({
    id: ids.at(createdMs + 2_000 + position * 1_000),
    type: ChannelType.GuildText,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    parent_id: categoryId,
    nsfw: false,
    topic,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: NO_FLAGS.channel,
  });
  return [
    {
      id: categoryId,
      type: ChannelType.GuildCategory,
      guild_id: guildId,
      name: 'Guild',
      position: 0,
      permission_overwrites: [],
      nsfw: false,
      flags: NO_FLAGS.channel,
    },
    text('general', 1, 'Say hi'),
    text('announcements', 2, 'Raid times and news'),
    text('raid-signups', 3, null),
    text('patt-audit', 4, 'Integrity reports and sync summaries from the PATT bot'),
    {
      id: ids.at(createdMs + 9_000),
      type: ChannelType.GuildVoice,
      guild_id: guildId,
      name: 'Raid',
      position: 5,
      permission_overwrites: [],
      parent_id: categoryId,
      nsfw: false,
      bitrate: 64_000,
      user_limit: 0,
      rtc_region: null,
      rate_limit_per_user: 0,
      last_message_id: null,
      flags: NO_FLAGS.channel,
    },
  ];
}
