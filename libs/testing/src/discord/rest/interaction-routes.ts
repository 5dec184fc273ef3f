import type { ApplicationCommands } from '../model/application-commands';
import type { DiscordGuildState } from '../model/guild-state';
import type { Interactions } from '../model/interactions';
import { DiscordErrors } from './errors';
import { DiscordRoute } from './route-keys';
import type { RestRequest, RestResult, RestRouter } from './router';

export interface InteractionRouteContext {
  state: DiscordGuildState;
  commands: ApplicationCommands;
  interactions: Interactions;
}

const ok = (body: unknown): RestResult => ({ status: 200, body });

/** Application commands (global and the guild's), interaction callbacks, follow-ups and edits. */
export function registerInteractionRoutes(router: RestRouter, context: InteractionRouteContext): RestRouter {
  const { state, commands, interactions } = context;
  const param = (request: RestRequest, name: string): string => request.params[name] ?? '';
  const requireApplication = (request: RestRequest): void => {
    // Discord answers 403 / 20012 for another application's commands; the stand-in has only one.
    if (param(request, 'applicationId') !== state.applicationId) throw DiscordErrors.missingAccess();
  };
  const guildScope = (request: RestRequest): string => {
    requireApplication(request);
    if (param(request, 'guildId') !== state.guildId) throw DiscordErrors.missingAccess();
    return state.guildId;
  };

  return router
    .add(DiscordRoute.getGlobalCommands, (request) => {
      requireApplication(request);
      return ok(commands.list(null));
    })
    .add(DiscordRoute.overwriteGlobalCommands, (request) => {
      requireApplication(request);
      return ok(commands.overwrite(null, request.body));
    })
    .add(DiscordRoute.getGuildCommands, (request) => ok(commands.list(guildScope(request))))
    .add(DiscordRoute.overwriteGuildCommands, (request) => ok(commands.overwrite(guildScope(request), request.body)))
    .add(DiscordRoute.createGuildCommand, (request) => {
      const { command, created } = commands.upsert(guildScope(request), request.body);
      return { status: created ? 201 : 200, body: command };
    })
    .add(DiscordRoute.getGuildCommand, (request) => {
      const command = commands.get(guildScope(request), param(request, 'commandId'));
      if (!command) throw DiscordErrors.unknownApplicationCommand();
      return ok(command);
    })
    .add(DiscordRoute.deleteGuildCommand, (request) => {
      if (!commands.delete(guildScope(request), param(request, 'commandId'))) throw DiscordErrors.unknownApplicationCommand();
      return { status: 204 };
    })
    .add(
      DiscordRoute.interactionCallback,
      (request) =>
        interactions.callback(
          param(request, 'interactionId'),
          param(request, 'interactionToken'),
          request.body,
          request.query.get('with_response') === 'true',
        ),
      { auth: false },
    )
    .add(
      DiscordRoute.createFollowUp,
      (request) => ok(interactions.followUp(param(request, 'applicationId'), param(request, 'interactionToken'), request.body)),
      { auth: false },
    )
    .add(
      DiscordRoute.getWebhookMessage,
      (request) =>
        ok(interactions.getMessage(param(request, 'applicationId'), param(request, 'interactionToken'), param(request, 'messageId'))),
      { auth: false },
    )
    .add(
      DiscordRoute.editWebhookMessage,
      (request) =>
        ok(
          interactions.editMessage(
            param(request, 'applicationId'),
            param(request, 'interactionToken'),
            param(request, 'messageId'),
            request.body,
          ),
        ),
      { auth: false },
    )
    .add(
      DiscordRoute.deleteWebhookMessage,
      (request) => {
        interactions.deleteMessage(param(request, 'applicationId'), param(request, 'interactionToken'), param(request, 'messageId'));
        return { status: 204 };
      },
      { auth: false },
    );
}
