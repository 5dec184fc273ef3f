import type { ChannelFlags, GuildMemberFlags, GuildSystemChannelFlags, MessageFlags, RoleFlags, UserFlags } from 'discord-api-types/v10';

/** "No flags set" for Discord's bit-field enums, whose members do not include 0. */
export const NO_FLAGS = {
  user: 0 as UserFlags,
  channel: 0 as ChannelFlags,
  message: 0 as MessageFlags,
  role: 0 as RoleFlags,
  member: 0 as GuildMemberFlags,
  systemChannel: 0 as GuildSystemChannelFlags,
} as const;
