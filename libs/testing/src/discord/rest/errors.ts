import {
  RESTJSONErrorCodes,
  type RESTError,
  type RESTErrorData,
  type RESTErrorFieldInformation,
  type RESTErrorGroupWrapper,
} from 'discord-api-types/v10';

/** An answer with Discord's JSON error body `{ message, code, errors? }`. Route handlers throw it. */
export class DiscordHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: RESTError,
  ) {
    super(`${status} ${body.code}: ${body.message}`);
  }
}

const error = (status: number, code: number, message: string, errors?: RESTErrorData): DiscordHttpError =>
  new DiscordHttpError(status, errors === undefined ? { code, message } : { code, message, errors });

export const DiscordErrors = {
  unauthorized: () => error(401, RESTJSONErrorCodes.GeneralError, '401: Unauthorized'),
  notFound: () => error(404, RESTJSONErrorCodes.GeneralError, '404: Not Found'),
  methodNotAllowed: () => error(405, RESTJSONErrorCodes.GeneralError, '405: Method Not Allowed'),
  unknownChannel: () => error(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel'),
  unknownGuild: () => error(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild'),
  unknownMember: () => error(404, RESTJSONErrorCodes.UnknownMember, 'Unknown Member'),
  unknownRole: () => error(404, RESTJSONErrorCodes.UnknownRole, 'Unknown Role'),
  unknownUser: () => error(404, RESTJSONErrorCodes.UnknownUser, 'Unknown User'),
  missingAccess: () => error(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access'),
  missingPermissions: () => error(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions'),
  cannotMessageUser: () => error(403, RESTJSONErrorCodes.CannotSendMessagesToThisUser, 'Cannot send messages to this user'),
  noMutualGuilds: () =>
    error(
      403,
      RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds,
      'Cannot send messages to this user due to having no mutual guilds',
    ),
  unknownMessage: () => error(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message'),
  unknownWebhook: () => error(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook'),
  invalidWebhookToken: () => error(401, RESTJSONErrorCodes.InvalidWebhookToken, 'Invalid Webhook Token'),
  unknownInteraction: () => error(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction'),
  alreadyAcknowledged: () =>
    error(400, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, 'Interaction has already been acknowledged.'),
  unknownApplicationCommand: () => error(404, RESTJSONErrorCodes.UnknownApplicationCommand, 'Unknown application command'),
  emptyMessage: () => error(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message'),
  invalidJson: () => error(400, RESTJSONErrorCodes.RequestBodyContainsInvalidJSON, 'The request body contains invalid JSON.'),
  unsupportedContentType: () => error(400, RESTJSONErrorCodes.GeneralError, '400: Bad Request (the stand-in only takes JSON bodies)'),
  invalidFormBody: (errors: RESTErrorData) => error(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body', errors),
} as const;

interface ErrorNode {
  children: Map<string, ErrorNode>;
  errors: RESTErrorFieldInformation[];
}

const newNode = (): ErrorNode => ({ children: new Map(), errors: [] });

function serialise(node: ErrorNode): RESTErrorData {
  const children: { [key: string]: RESTErrorData } = {};
  for (const [key, child] of node.children) children[key] = serialise(child);
  if (node.errors.length === 0) return children;
  const wrapper: RESTErrorGroupWrapper = { _errors: node.errors.map((fieldError) => ({ ...fieldError })) };
  return node.children.size === 0 ? wrapper : { ...children, ...wrapper };
}

/**
 * Collects field errors into Discord's nested shape, e.g.
 * `{ embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: '…' }] } } } }`.
 */
export class FormErrors {
  private readonly root = newNode();
  private count = 0;

  add(path: readonly (string | number)[], code: string, message: string): void {
    let node = this.root;
    for (const key of path) {
      const name = String(key);
      let child = node.children.get(name);
      if (!child) {
        child = newNode();
        node.children.set(name, child);
      }
      node = child;
    }
    node.errors.push({ code, message });
    this.count += 1;
  }

  get empty(): boolean {
    return this.count === 0;
  }

  toJSON(): RESTErrorData {
    return serialise(this.root);
  }

  /** Throws 400 / 50035 when any field was wrong. */
  throwIfAny(): void {
    if (!this.empty) throw DiscordErrors.invalidFormBody(this.toJSON());
  }
}
