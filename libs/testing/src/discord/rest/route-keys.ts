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
} as const;

export type DiscordRouteKey = (typeof DiscordRoute)[keyof typeof DiscordRoute];
