/**
 * The Discord REST routes the stand-in answers, as `METHOD /template`. The keys name routes in the
 * call log and in rate-limit settings; the templates follow Discord's docs (after /api/v10).
 */
export const DiscordRoute = {
  getGatewayBot: 'GET /gateway/bot',
  getGateway: 'GET /gateway',
  getCurrentUser: 'GET /users/@me',
  createDm: 'POST /users/@me/channels',
  getUser: 'GET /users/:userId',
  getGuild: 'GET /guilds/:guildId',
  getGuildRoles: 'GET /guilds/:guildId/roles',
  getGuildChannels: 'GET /guilds/:guildId/channels',
  listMembers: 'GET /guilds/:guildId/members',
  searchMembers: 'GET /guilds/:guildId/members/search',
  getMember: 'GET /guilds/:guildId/members/:userId',
  modifyMember: 'PATCH /guilds/:guildId/members/:userId',
  addMemberRole: 'PUT /guilds/:guildId/members/:userId/roles/:roleId',
  removeMemberRole: 'DELETE /guilds/:guildId/members/:userId/roles/:roleId',
  getChannel: 'GET /channels/:channelId',
  createMessage: 'POST /channels/:channelId/messages',
  getGlobalCommands: 'GET /applications/:applicationId/commands',
  overwriteGlobalCommands: 'PUT /applications/:applicationId/commands',
  getGuildCommands: 'GET /applications/:applicationId/guilds/:guildId/commands',
  overwriteGuildCommands: 'PUT /applications/:applicationId/guilds/:guildId/commands',
  createGuildCommand: 'POST /applications/:applicationId/guilds/:guildId/commands',
  getGuildCommand: 'GET /applications/:applicationId/guilds/:guildId/commands/:commandId',
  deleteGuildCommand: 'DELETE /applications/:applicationId/guilds/:guildId/commands/:commandId',
  /** The interaction routes take no bot token (the interaction's token is in the path), as on Discord. */
  interactionCallback: 'POST /interactions/:interactionId/:interactionToken/callback',
  createFollowUp: 'POST /webhooks/:applicationId/:interactionToken',
  getWebhookMessage: 'GET /webhooks/:applicationId/:interactionToken/messages/:messageId',
  editWebhookMessage: 'PATCH /webhooks/:applicationId/:interactionToken/messages/:messageId',
  deleteWebhookMessage: 'DELETE /webhooks/:applicationId/:interactionToken/messages/:messageId',
} as const;

export type DiscordRouteKey = (typeof DiscordRoute)[keyof typeof DiscordRoute];
