export { DiscordStandIn, DEFAULT_DISCORD_TOKEN, DEFAULT_DISCORD_CLIENT_SECRET, type DiscordStandInOptions, type DiscordMemberChange } from './stand-in';
export { DiscordOAuthProvider, type DiscordOAuthApplication, type DiscordOAuthCall } from './oauth/oauth-provider';
export { generateDiscordGuild, type GenerateDiscordGuildOptions, type DiscordMemberSpec } from './model/generator';
export {
  DiscordGuildState,
  type DiscordChangeSource,
  type DiscordMemberPatch,
  type NewDiscordMember,
  type NewDiscordRole,
  type DiscordRolePatch,
  type DiscordRoleChange,
} from './model/guild-state';
export { RANK_ROLE_NAMES, RANK_ROLE_OF_LEVEL, type DiscordGuildChannel, type DiscordGuildFixture, type RankRoleName } from './model/types';
export { compareSnowflakes, snowflakeAt, snowflakeTimestamp, DISCORD_EPOCH_MS } from './model/snowflake';
export { DiscordRoute, type DiscordRouteKey } from './rest/route-keys';
export { REALISTIC_DISCORD_ROUTE_LIMITS, type DiscordRouteLimit } from './rest/rate-limiter';
export { DISCORD_MESSAGE_LIMITS, discordEmbedSize } from './rest/message-body';
export type { DiscordRestCall } from './rest/call-log';
export type { GatewayDropOptions, DiscordGatewayEvent, DiscordGatewayEventKind } from './gateway/gateway-server';
export { DiscordInteraction, type InteractionAcknowledgement } from './interaction-handle';
export {
  DISCORD_INTERACTION_LIMITS,
  type InvokeCommandOptions,
  type ClickComponentOptions,
  type InteractionOptionValue,
  type InteractionMessage,
  type InteractionEvent,
  type InteractionEventKind,
} from './model/interactions';
export { DISCORD_COMMAND_LIMITS } from './model/application-commands';
