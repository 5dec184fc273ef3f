import { ChannelType, type APIGatewayBotInfo, type APIRole } from 'discord-api-types/v10';
import type { DiscordGuildState } from '../model/guild-state';
import { isSnowflake } from '../model/snowflake';
import { isJsonObject, type JsonObject } from '../util/json';
import { DiscordErrors, DiscordHttpError, FormErrors } from './errors';
import { parseMessageBody } from './message-body';
import { DiscordRoute } from './route-keys';
import type { RestRequest, RestResult, RestRouter } from './router';

export interface RouteContext {
  state: DiscordGuildState;
  /** GET /gateway/bot's answer (its session_start_limit changes as the bot identifies). */
  gatewayBotInfo: () => APIGatewayBotInfo;
}

const ok = (body: unknown): RestResult => ({ status: 200, body });
const noContent = (): RestResult => ({ status: 204 });

/** Registers every route the stand-in serves on the router. */
export function registerDiscordRoutes(router: RestRouter, context: RouteContext): RestRouter {
  const { state } = context;

  const requireGuild = (request: RestRequest): void => {
    if (request.params['guildId'] !== state.guildId) throw DiscordErrors.unknownGuild();
  };
  const requireMember = (request: RestRequest) => {
    requireGuild(request);
    const member = state.getMember(request.params['userId'] ?? '');
    if (!member) throw DiscordErrors.unknownMember();
    return member;
  };
  const requireManageableRole = (roleId: string): APIRole => {
    const role = state.getRole(roleId);
    if (!role) throw DiscordErrors.unknownRole();
    // Discord refuses @everyone, integration-managed roles, and roles at or above the bot's top role.
    if (role.id === state.guildId || role.managed || role.position >= botTopRolePosition(state)) {
      throw DiscordErrors.missingPermissions();
    }
    return role;
  };

  return router
    .add(DiscordRoute.getGatewayBot, () => ok(context.gatewayBotInfo()))
    .add(DiscordRoute.getGateway, () => ok({ url: context.gatewayBotInfo().url }))
    .add(DiscordRoute.getCurrentUser, () => ok(state.botUser))
    .add(DiscordRoute.getUser, (request) => {
      const user = state.getUser(request.params['userId'] ?? '');
      if (!user) throw DiscordErrors.unknownUser();
      return ok(user);
    })
    .add(DiscordRoute.getGuild, (request) => {
      requireGuild(request);
      return ok(state.guildObject(request.query.get('with_counts') === 'true'));
    })
    .add(DiscordRoute.getGuildRoles, (request) => {
      requireGuild(request);
      return ok(state.listRoles());
    })
    .add(DiscordRoute.getGuildChannels, (request) => {
      requireGuild(request);
      return ok(state.listChannels());
    })
    .add(DiscordRoute.listMembers, (request) => {
      requireGuild(request);
      const errors = new FormErrors();
      const limit = integerParam(request.query.get('limit'), 'limit', 1, 1, 1000, errors);
      const after = snowflakeParam(request.query.get('after'), 'after', errors);
      errors.throwIfAny();
      return ok(state.listMembers(after ?? '0', limit));
    })
    .add(DiscordRoute.searchMembers, (request) => {
      requireGuild(request);
      const errors = new FormErrors();
      const query = request.query.get('query');
      if (query === null) errors.add(['query'], 'BASE_TYPE_REQUIRED', 'This field is required');
      const limit = integerParam(request.query.get('limit'), 'limit', 1, 1, 1000, errors);
      errors.throwIfAny();
      return ok(state.searchMembers(query ?? '', limit));
    })
    .add(DiscordRoute.getMember, (request) => ok(requireMember(request)))
    .add(DiscordRoute.modifyMember, (request) => {
      const member = requireMember(request);
      const body = objectBody(request.body);
      const errors = new FormErrors();
      let nick: string | null | undefined;
      if ('nick' in body) {
        const value = body['nick'];
        if (value !== null && typeof value !== 'string')
          errors.add(['nick'], 'BASE_TYPE_STRING', `Could not interpret "${String(value)}" as string.`);
        else if (typeof value === 'string' && [...value].length > 32)
          errors.add(['nick'], 'BASE_TYPE_MAX_LENGTH', 'Must be 32 or fewer in length.');
        else nick = value === '' ? null : value;
      }
      let roles: string[] | undefined;
      if ('roles' in body && body['roles'] !== null) {
        const value = body['roles'];
        if (!Array.isArray(value) || value.some((id) => typeof id !== 'string' || !isSnowflake(id))) {
          errors.add(['roles'], 'BASE_TYPE_LIST', 'Must be a list of snowflakes.');
        } else {
          roles = value.filter((id): id is string => typeof id === 'string');
        }
      }
      errors.throwIfAny();
      if (roles) {
        const before = new Set(member.roles);
        const after = new Set(roles);
        for (const id of [...roles.filter((roleId) => !before.has(roleId)), ...member.roles.filter((roleId) => !after.has(roleId))]) {
          requireManageableRole(id);
        }
      }
      return ok(state.updateMember(member.user.id, { nick, roles }, 'bot', request.reason));
    })
    .add(DiscordRoute.addMemberRole, (request) => {
      const member = requireMember(request);
      const role = requireManageableRole(request.params['roleId'] ?? '');
      state.addRole(member.user.id, role.id, 'bot', request.reason);
      return noContent();
    })
    .add(DiscordRoute.removeMemberRole, (request) => {
      const member = requireMember(request);
      const role = requireManageableRole(request.params['roleId'] ?? '');
      state.removeRole(member.user.id, role.id, 'bot', request.reason);
      return noContent();
    })
    .add(DiscordRoute.createDm, (request) => {
      const body = objectBody(request.body);
      const recipient = body['recipient_id'];
      if (typeof recipient !== 'string' || !isSnowflake(recipient)) {
        const errors = new FormErrors();
        errors.add(
          ['recipient_id'],
          recipient === undefined ? 'BASE_TYPE_REQUIRED' : 'SNOWFLAKE_TYPE_INVALID',
          recipient === undefined ? 'This field is required' : `Value "${String(recipient)}" is not snowflake.`,
        );
        errors.throwIfAny();
      }
      if (typeof recipient !== 'string' || !state.getUser(recipient)) throw DiscordErrors.unknownUser();
      return ok(state.openDm(recipient));
    })
    .add(DiscordRoute.getChannel, (request) => {
      const channelId = request.params['channelId'] ?? '';
      const channel = state.getGuildChannel(channelId) ?? state.getDmChannel(channelId);
      if (!channel) throw DiscordErrors.unknownChannel();
      return ok(channel);
    })
    .add(DiscordRoute.createMessage, (request) => {
      const channelId = request.params['channelId'] ?? '';
      const guildChannel = state.getGuildChannel(channelId);
      const dmChannel = state.getDmChannel(channelId);
      if (!guildChannel && !dmChannel) throw DiscordErrors.unknownChannel();
      if (guildChannel && guildChannel.type === ChannelType.GuildCategory) {
        throw new DiscordHttpError(400, { code: 50008, message: 'Cannot send messages in a non-text channel' });
      }
      const message = parseMessageBody(request.body);
      const recipient = dmChannel?.recipients?.[0];
      if (recipient) {
        if (recipient.bot || state.isDmClosed(recipient.id)) throw DiscordErrors.cannotMessageUser();
        if (!state.getMember(recipient.id)) throw DiscordErrors.noMutualGuilds();
      }
      return ok(state.postMessage(channelId, message));
    });
}

function botTopRolePosition(state: DiscordGuildState): number {
  const bot = state.getMember(state.botUser.id);
  return Math.max(0, ...(bot?.roles ?? []).map((roleId) => state.getRole(roleId)?.position ?? 0));
}

function objectBody(body: unknown): JsonObject {
  if (isJsonObject(body)) return body;
  if (body === undefined) return {};
  const errors = new FormErrors();
  errors.add([], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  errors.throwIfAny();
  return {};
}

function integerParam(raw: string | null, name: string, fallback: number, min: number, max: number, errors: FormErrors): number {
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw)) {
    errors.add([name], 'NUMBER_TYPE_COERCE', `Value "${raw}" is not int.`);
    return fallback;
  }
  const value = Number(raw);
  if (value < min) errors.add([name], 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${min}.`);
  if (value > max) errors.add([name], 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
  return value;
}

function snowflakeParam(raw: string | null, name: string, errors: FormErrors): string | undefined {
  if (raw === null) return undefined;
  if (!isSnowflake(raw)) {
    errors.add([name], 'SNOWFLAKE_TYPE_INVALID', `Value "${raw}" is not snowflake.`);
    return undefined;
  }
  return raw;
}
