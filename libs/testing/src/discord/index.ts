export { DiscordStandIn, DEFAULT_DISCORD_TOKEN, type DiscordStandInOptions, type DiscordMemberChange } from './stand-in';
export { generateDiscordGuild, type GenerateDiscordGuildOptions, type DiscordMemberSpec } from './model/generator';
export {
  DiscordGuildState,
  type DiscordChangeSource,
  type DiscordMemberPatch,
  type NewDiscordMember,
  type DiscordRoleChange,
} from './model/guild-state';
export { RANK_ROLE_NAMES, type DiscordGuildChannel, type DiscordGuildFixture, type RankRoleName } from './model/types';
export { compareSnowflakes, snowflakeAt, snowflakeTimestamp, DISCORD_EPOCH_MS } from './model/snowflake';
export { DiscordRoute, type DiscordRouteKey } from './rest/route-keys';
export { REALISTIC_DISCORD_ROUTE_LIMITS, type DiscordRouteLimit } from './rest/rate-limiter';
export { DISCORD_MESSAGE_LIMITS, discordEmbedSize } from './rest/message-body';
export type { DiscordRestCall } from './rest/call-log';
export type { GatewayDropOptions, DiscordGatewayEvent, DiscordGatewayEventKind } from './gateway/gateway-server';
