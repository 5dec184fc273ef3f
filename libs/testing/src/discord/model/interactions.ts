import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  Locale,
  MessageFlags,
  MessageType,
  type APIActionRowComponent,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIChatInputApplicationCommandInteraction,
  type APIEmbed,
  type APIInteraction,
  type APIInteractionDataResolved,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageComponentInteraction,
  type APIMessageTopLevelComponent,
} from 'discord-api-types/v10';
import { DiscordErrors, DiscordHttpError, FormErrors } from '../rest/errors';
import { parseMessageBody } from '../rest/message-body';
import { isJsonObject, type JsonObject } from '../util/json';
import { WaitableLog } from '../util/waitable-log';
import type { ApplicationCommands } from './application-commands';
import type { DiscordGuildState } from './guild-state';
import type { SnowflakeFactory } from './snowflake';

/** Discord's interaction timing rules. */
export const DISCORD_INTERACTION_LIMITS = {
  /** An interaction must be acknowledged (a callback) within 3 s of Discord sending it. */
  acknowledgeWithinMs: 3_000,
  /** Its token (edits, follow-ups) works for 15 minutes. */
  tokenLifetimeMs: 15 * 60_000,
} as const;

/** What a test passes as an option value; the registered command decides its type. */
export type InteractionOptionValue = string | number | boolean;

export interface InvokeCommandOptions {
  /** The registered chat-input command's name (a guild command, else a global one). */
  name: string;
  /** Who invokes it: a member of the guild. */
  userId: string;
  /** Option values by name. User, role, channel and mentionable options take ids. */
  options?: Record<string, InteractionOptionValue>;
  /** The subcommand to run (and its group, if any); `options` are then the subcommand's. */
  subcommand?: string;
  subcommandGroup?: string;
  /** Default: the guild's first text channel. */
  channelId?: string;
  locale?: Locale;
}

export interface ClickComponentOptions {
  userId: string;
  /** The interaction message (original or follow-up) whose component is clicked. */
  messageId: string;
  customId: string;
  /** For select menus: the chosen values. */
  values?: string[];
}

/** One version of a message the bot answered with (a reply, an edit of it, a follow-up). */
export interface InteractionMessage {
  id: string;
  content: string;
  embeds: APIEmbed[];
  components: unknown[];
  flags: number;
  ephemeral: boolean;
  /** Discord's "thinking…" placeholder of a deferred reply, not yet edited. */
  loading: boolean;
  /** The `allowed_mentions` the bot sent with this version, as sent (undefined when it sent none). */
  allowedMentions: unknown;
  at: number;
  /** Milliseconds from the dispatch of the interaction to this version. */
  afterMs: number;
}

export type InteractionEventKind =
  'dispatched' | 'reply' | 'deferred' | 'update' | 'deferred-update' | 'edit' | 'follow-up' | 'delete' | 'refused';

/** Something that happened to an interaction, in order. */
export interface InteractionEvent {
  kind: InteractionEventKind;
  interactionId: string;
  at: number;
  afterMs: number;
  /** The message this event made or changed (for reply, update, edit, follow-up). */
  message?: InteractionMessage;
  /** For 'refused': the HTTP status and Discord's error code, and the call that was refused. */
  status?: number;
  code?: number;
  detail?: string;
}

interface StoredMessage {
  id: string;
  versions: InteractionMessage[];
  deleted: boolean;
}

/** An interaction the stand-in sent, and everything the bot answered to it. */
export class InteractionRecord {
  readonly messages = new Map<string, StoredMessage>();
  /** The message `@original` names: the reply, or for a component the message clicked. */
  originalId: string | null = null;
  acknowledgedAt: number | null = null;
  acknowledgement: InteractionResponseType | null = null;

  constructor(
    readonly id: string,
    readonly token: string,
    readonly kind: 'command' | 'component',
    readonly name: string,
    readonly userId: string,
    readonly channelId: string,
    readonly dispatchedAt: number,
    readonly payload: APIInteraction,
  ) {}

  latest(messageId: string): InteractionMessage | undefined {
    const stored = this.messages.get(messageId);
    return stored && !stored.deleted ? stored.versions[stored.versions.length - 1] : undefined;
  }
}

export interface InteractionsOptions {
  state: DiscordGuildState;
  commands: ApplicationCommands;
  ids: SnowflakeFactory;
  /** Sends INTERACTION_CREATE to the bot's sessions. */
  dispatch: (payload: APIInteraction) => void;
  acknowledgeWithinMs: number;
  tokenLifetimeMs: number;
}

/**
 * Interactions as Discord runs them: INTERACTION_CREATE out, then one callback within the
 * acknowledgement window, then edits and follow-ups with the token until it expires. Every answer
 * is kept, version by version, for tests to read.
 */
export class Interactions {
  readonly events = new WaitableLog<InteractionEvent>('interaction event');
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();

  constructor(private readonly options: InteractionsOptions) {}

  get(id: string): InteractionRecord | undefined {
    return this.byId.get(id);
  }

  all(): InteractionRecord[] {
    return [...this.byId.values()];
  }

  invokeCommand(input: InvokeCommandOptions): InteractionRecord {
    const { state, commands } = this.options;
    const command = commands.findChatInput(state.guildId, input.name);
    if (!command) throw new Error(`no chat-input command '${input.name}' is registered: Discord would not offer it`);
    const member = state.getMember(input.userId);
    if (!member) throw new Error(`user ${input.userId} is not a member of the guild`);
    const resolved: ResolvedCollector = new ResolvedCollector(state);
    let optionDefinitions = command.options ?? [];
    let path: string[] = [];
    const wrap: Array<(inner: APIApplicationCommandInteractionDataOption[]) => APIApplicationCommandInteractionDataOption> = [];
    if (input.subcommandGroup !== undefined) {
      const group = optionDefinitions.find(
        (o) => o.type === ApplicationCommandOptionType.SubcommandGroup && o.name === input.subcommandGroup,
      );
      if (!group || !('options' in group)) throw new Error(`/${command.name} has no subcommand group '${input.subcommandGroup}'`);
      optionDefinitions = (group.options ?? []) as APIApplicationCommandOption[];
      path = [...path, group.name];
      wrap.push(
        (inner) =>
          ({
            type: ApplicationCommandOptionType.SubcommandGroup,
            name: group.name,
            options: inner,
          }) as APIApplicationCommandInteractionDataOption,
      );
    }
    if (input.subcommand !== undefined) {
      const sub = optionDefinitions.find((o) => o.type === ApplicationCommandOptionType.Subcommand && o.name === input.subcommand);
      if (!sub || !('options' in sub || sub.type === ApplicationCommandOptionType.Subcommand)) {
        throw new Error(`/${[command.name, ...path].join(' ')} has no subcommand '${input.subcommand}'`);
      }
      optionDefinitions = ((sub as { options?: APIApplicationCommandOption[] }).options ?? []) as APIApplicationCommandOption[];
      path = [...path, sub.name];
      wrap.push(
        (inner) =>
          ({
            type: ApplicationCommandOptionType.Subcommand,
            name: sub.name,
            options: inner,
          }) as APIApplicationCommandInteractionDataOption,
      );
    } else if (
      optionDefinitions.some(
        (o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
      )
    ) {
      throw new Error(`/${[command.name, ...path].join(' ')} needs a subcommand`);
    }
    let options = typedOptions(`/${[command.name, ...path].join(' ')}`, optionDefinitions, input.options ?? {}, resolved);
    for (const wrapper of wrap.reverse()) options = [wrapper(options)];

    const channelId = input.channelId ?? this.defaultChannelId();
    const id = this.options.ids.now();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(24).toString('base64url')}`;
    const payload: APIChatInputApplicationCommandInteraction = {
      ...this.commonPayload(id, token, input.userId, channelId, input.locale),
      type: InteractionType.ApplicationCommand,
      data: {
        id: command.id,
        name: command.name,
        type: ApplicationCommandType.ChatInput,
        guild_id: command.guild_id,
        ...(options.length > 0 ? { options } : {}),
        ...(resolved.isEmpty ? {} : { resolved: resolved.toJSON() }),
      },
    } as APIChatInputApplicationCommandInteraction;
    return this.send(
      new InteractionRecord(id, token, 'command', [command.name, ...path].join(' '), input.userId, channelId, Date.now(), payload),
    );
  }

  clickComponent(input: ClickComponentOptions): InteractionRecord {
    const { state } = this.options;
    if (!state.getMember(input.userId)) throw new Error(`user ${input.userId} is not a member of the guild`);
    const source = this.all().find((record) => record.latest(input.messageId) !== undefined);
    const message = source?.latest(input.messageId);
    if (!source || !message) throw new Error(`no interaction message ${input.messageId} to click`);
    if (message.ephemeral && source.userId !== input.userId) throw new Error('only its recipient sees an ephemeral message');
    const component = findComponent(message.components, input.customId);
    if (!component) throw new Error(`message ${input.messageId} has no component with custom_id '${input.customId}'`);
    if (component['disabled'] === true) throw new Error(`component '${input.customId}' is disabled`);
    const componentType = component['type'] as ComponentType;
    const id = this.options.ids.now();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(24).toString('base64url')}`;
    const payload = {
      ...this.commonPayload(id, token, input.userId, source.channelId),
      type: InteractionType.MessageComponent,
      message: this.apiMessage(source, message),
      data: {
        custom_id: input.customId,
        component_type: componentType,
        ...(componentType === ComponentType.Button ? {} : { values: input.values ?? [] }),
      },
    } as unknown as APIMessageComponentInteraction;
    const record = new InteractionRecord(id, token, 'component', input.customId, input.userId, source.channelId, Date.now(), payload);
    // @original of a component interaction is the message that holds the component.
    record.originalId = message.id;
    // The same stored message: an update through the click shows in the source interaction too.
    record.messages.set(message.id, source.messages.get(message.id) as StoredMessage);
    return this.send(record);
  }

  // ---- the bot's side: POST /interactions/{id}/{token}/callback ---------------------------

  callback(interactionId: string, token: string, body: unknown, withResponse: boolean): { status: number; body?: unknown } {
    const record = this.byId.get(interactionId);
    const now = Date.now();
    if (!record || record.token !== token) throw DiscordErrors.unknownInteraction();
    const refuse = (error: DiscordHttpError, detail: string): never => {
      this.log(record, {
        kind: 'refused',
        status: error.status,
        code: error.body.code,
        detail,
      });
      throw error;
    };
    if (record.acknowledgedAt !== null) refuse(DiscordErrors.alreadyAcknowledged(), 'a second callback');
    if (now - record.dispatchedAt > this.options.acknowledgeWithinMs) {
      refuse(
        DiscordErrors.unknownInteraction(),
        `a callback after ${now - record.dispatchedAt} ms (limit ${this.options.acknowledgeWithinMs} ms)`,
      );
    }
    const errors = new FormErrors();
    if (!isJsonObject(body)) {
      errors.add([], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      errors.throwIfAny();
    }
    const payload = body as JsonObject;
    const type = payload['type'];
    const allowed =
      record.kind === 'command'
        ? [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource]
        : [
            InteractionResponseType.ChannelMessageWithSource,
            InteractionResponseType.DeferredChannelMessageWithSource,
            InteractionResponseType.DeferredMessageUpdate,
            InteractionResponseType.UpdateMessage,
          ];
    if (typeof type !== 'number' || !allowed.includes(type)) {
      errors.add(
        ['type'],
        'INTERACTION_RESPONSE_TYPE_INVALID',
        `The stand-in takes callback types ${allowed.join(', ')} for this interaction`,
      );
      errors.throwIfAny();
    }
    const data = isJsonObject(payload['data']) ? payload['data'] : {};
    let message: InteractionMessage | undefined;
    let kind: InteractionEventKind;
    switch (type as InteractionResponseType) {
      case InteractionResponseType.ChannelMessageWithSource: {
        message = this.newMessage(record, readBody(data, undefined), false);
        record.originalId = message.id;
        kind = 'reply';
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const flags = typeof data['flags'] === 'number' ? data['flags'] : 0;
        message = this.newMessage(
          record,
          {
            content: '',
            embeds: [],
            components: [],
            flags: (flags & MessageFlags.Ephemeral) | MessageFlags.Loading,
            allowedMentions: undefined,
          },
          true,
        );
        record.originalId = message.id;
        kind = 'deferred';
        break;
      }
      case InteractionResponseType.UpdateMessage: {
        const current = record.originalId ? record.latest(record.originalId) : undefined;
        if (!current) throw DiscordErrors.unknownMessage();
        message = this.addVersion(record, current.id, readBody(data, current));
        kind = 'update';
        break;
      }
      default:
        kind = 'deferred-update';
    }
    record.acknowledgedAt = now;
    record.acknowledgement = type as InteractionResponseType;
    this.log(record, { kind, message });
    if (!withResponse) return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id,
          type: record.payload.type,
          activity_instance_id: null,
          response_message_id: message?.id ?? null,
          response_message_loading: message?.loading ?? false,
          response_message_ephemeral: message?.ephemeral ?? false,
        },
        resource: {
          type,
          ...(message ? { message: this.apiMessage(record, message) } : {}),
        },
      },
    };
  }

  // ---- the bot's side: /webhooks/{applicationId}/{token}[/messages/{id}] ------------------

  followUp(applicationId: string, token: string, body: unknown): APIMessage {
    const record = this.webhookRecord(applicationId, token);
    const errors = new FormErrors();
    if (!isJsonObject(body)) {
      errors.add([], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      errors.throwIfAny();
    }
    const original = record.originalId ? record.latest(record.originalId) : undefined;
    // Discord: the first follow-up after a deferred reply takes the place of the "thinking…" message.
    if (record.acknowledgement === InteractionResponseType.DeferredChannelMessageWithSource && original?.loading) {
      const message = this.addVersion(record, original.id, readBody(body as JsonObject, original));
      this.log(record, { kind: 'follow-up', message });
      return this.apiMessage(record, message);
    }
    const message = this.newMessage(record, readBody(body as JsonObject, undefined), false);
    this.log(record, { kind: 'follow-up', message });
    return this.apiMessage(record, message);
  }

  editMessage(applicationId: string, token: string, messageId: string, body: unknown): APIMessage {
    const record = this.webhookRecord(applicationId, token);
    const current = this.messageOf(record, messageId);
    const errors = new FormErrors();
    if (!isJsonObject(body)) {
      errors.add([], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      errors.throwIfAny();
    }
    const message = this.addVersion(record, current.id, readBody(body as JsonObject, current));
    this.log(record, { kind: 'edit', message });
    return this.apiMessage(record, message);
  }

  getMessage(applicationId: string, token: string, messageId: string): APIMessage {
    const record = this.webhookRecord(applicationId, token);
    return this.apiMessage(record, this.messageOf(record, messageId));
  }

  deleteMessage(applicationId: string, token: string, messageId: string): void {
    const record = this.webhookRecord(applicationId, token);
    const current = this.messageOf(record, messageId);
    const stored = record.messages.get(current.id);
    if (stored) stored.deleted = true;
    this.log(record, { kind: 'delete', message: current });
  }

  // ---- internals --------------------------------------------------------------------------

  private send(record: InteractionRecord): InteractionRecord {
    this.byId.set(record.id, record);
    this.byToken.set(record.token, record);
    this.log(record, { kind: 'dispatched' });
    this.options.dispatch(record.payload);
    return record;
  }

  private webhookRecord(applicationId: string, token: string): InteractionRecord {
    const record = this.byToken.get(token);
    if (!record || applicationId !== this.options.state.applicationId) throw DiscordErrors.unknownWebhook();
    if (Date.now() - record.dispatchedAt > this.options.tokenLifetimeMs) {
      const error = DiscordErrors.invalidWebhookToken();
      this.log(record, {
        kind: 'refused',
        status: error.status,
        code: error.body.code,
        detail: 'the interaction token expired',
      });
      throw error;
    }
    if (record.acknowledgedAt === null) {
      const error = DiscordErrors.unknownWebhook();
      this.log(record, {
        kind: 'refused',
        status: error.status,
        code: error.body.code,
        detail: 'the interaction was never acknowledged',
      });
      throw error;
    }
    return record;
  }

  private messageOf(record: InteractionRecord, messageId: string): InteractionMessage {
    const id = messageId === '@original' ? record.originalId : messageId;
    const message = id ? record.latest(id) : undefined;
    if (!message) throw DiscordErrors.unknownMessage();
    return message;
  }

  private newMessage(record: InteractionRecord, body: MessageContent, loading: boolean): InteractionMessage {
    const id = this.options.ids.now();
    const message = this.version(record, id, body, loading);
    record.messages.set(id, { id, versions: [message], deleted: false });
    return message;
  }

  private addVersion(record: InteractionRecord, id: string, body: MessageContent): InteractionMessage {
    const stored = record.messages.get(id);
    if (!stored) throw DiscordErrors.unknownMessage();
    const previous = stored.versions[stored.versions.length - 1];
    // Ephemerality is fixed when a message is made; an edit cannot change it.
    const flags = (body.flags & ~(MessageFlags.Ephemeral | MessageFlags.Loading)) | (previous.flags & MessageFlags.Ephemeral);
    const message = this.version(record, id, { ...body, flags }, false);
    stored.versions.push(message);
    return message;
  }

  private version(record: InteractionRecord, id: string, body: MessageContent, loading: boolean): InteractionMessage {
    const at = Date.now();
    return {
      id,
      content: body.content,
      embeds: body.embeds,
      components: body.components,
      flags: body.flags,
      ephemeral: (body.flags & MessageFlags.Ephemeral) !== 0,
      loading,
      allowedMentions: body.allowedMentions,
      at,
      afterMs: at - record.dispatchedAt,
    };
  }

  private log(record: InteractionRecord, event: Omit<InteractionEvent, 'interactionId' | 'at' | 'afterMs'>): void {
    const at = Date.now();
    this.events.add({
      ...event,
      interactionId: record.id,
      at,
      afterMs: at - record.dispatchedAt,
    });
  }

  private apiMessage(record: InteractionRecord, message: InteractionMessage): APIMessage {
    const { state } = this.options;
    const first = record.messages.get(message.id)?.versions[0];
    const edited = first !== undefined && first !== message && !first.loading;
    return {
      id: message.id,
      channel_id: record.channelId,
      author: structuredClone(state.botUser),
      content: message.content,
      timestamp: new Date(first?.at ?? message.at).toISOString(),
      edited_timestamp: edited ? new Date(message.at).toISOString() : null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: structuredClone(message.embeds),
      pinned: false,
      type: record.kind === 'command' && message.id === record.originalId ? MessageType.ChatInputCommand : MessageType.Default,
      flags: message.flags,
      components: structuredClone(message.components) as APIActionRowComponent<never>[] as unknown as APIMessageTopLevelComponent[],
      webhook_id: state.applicationId,
      application_id: state.applicationId,
    } as APIMessage;
  }

  private commonPayload(id: string, token: string, userId: string, channelId: string, locale?: Locale): JsonObject {
    const { state } = this.options;
    const member = state.getMember(userId);
    if (!member) throw new Error(`user ${userId} is not a member of the guild`);
    const channel = state.getGuildChannel(channelId);
    if (!channel) throw new Error(`no guild channel ${channelId}`);
    const interactionMember: APIInteractionGuildMember = {
      ...member,
      permissions: state.memberPermissions(userId),
    } as APIInteractionGuildMember;
    return {
      id,
      application_id: state.applicationId,
      token,
      version: 1,
      guild_id: state.guildId,
      guild: { id: state.guildId, locale: Locale.EnglishUS, features: [] },
      guild_locale: Locale.EnglishUS,
      channel_id: channelId,
      channel: {
        id: channel.id,
        type: channel.type,
        name: channel.name,
        guild_id: state.guildId,
        flags: 0,
      },
      member: interactionMember,
      app_permissions: state.memberPermissions(state.botUser.id),
      locale: locale ?? Locale.EnglishUS,
      entitlements: [],
      authorizing_integration_owners: { '0': state.guildId },
      context: InteractionContextType.Guild,
      attachment_size_limit: 10 * 1024 * 1024,
    };
  }

  private defaultChannelId(): string {
    const channel = this.options.state.listChannels().find((candidate) => candidate.type === ChannelType.GuildText);
    if (!channel) throw new Error('the guild has no text channel');
    return channel.id;
  }
}

interface MessageContent {
  content: string;
  embeds: APIEmbed[];
  components: unknown[];
  flags: number;
  allowedMentions: unknown;
}

/** A message body (reply, follow-up, or an edit of `current`), checked like Discord checks it. */
function readBody(body: JsonObject, current: InteractionMessage | undefined): MessageContent {
  const components = body['components'];
  if (components !== undefined && components !== null && !Array.isArray(components)) {
    const errors = new FormErrors();
    errors.add(['components'], 'BASE_TYPE_LIST', 'Must be a list.');
    errors.throwIfAny();
  }
  const merged: JsonObject = {
    content: 'content' in body ? body['content'] : current?.content,
    embeds: 'embeds' in body ? body['embeds'] : current?.embeds,
    components: 'components' in body ? body['components'] : current?.components,
  };
  const parsed = parseMessageBody(merged);
  const flags = typeof body['flags'] === 'number' ? body['flags'] : (current?.flags ?? 0);
  return {
    content: parsed.content,
    embeds: parsed.embeds,
    components: Array.isArray(merged['components']) ? structuredClone(merged['components']) : [],
    flags,
    allowedMentions: 'allowed_mentions' in body ? structuredClone(body['allowed_mentions']) : undefined,
  };
}

function findComponent(components: unknown[], customId: string): JsonObject | undefined {
  for (const component of components) {
    if (!isJsonObject(component)) continue;
    if (component['custom_id'] === customId) return component;
    const inner = component['components'];
    if (Array.isArray(inner)) {
      const found = findComponent(inner, customId);
      if (found) return found;
    }
  }
  return undefined;
}

/** The `resolved` block: the users, members, roles and channels that options name. */
class ResolvedCollector {
  private readonly users: Record<string, unknown> = {};
  private readonly members: Record<string, unknown> = {};
  private readonly roles: Record<string, unknown> = {};
  private readonly channels: Record<string, unknown> = {};

  constructor(private readonly state: DiscordGuildState) {}

  get isEmpty(): boolean {
    return [this.users, this.members, this.roles, this.channels].every((map) => Object.keys(map).length === 0);
  }

  user(id: string): boolean {
    const user = this.state.getUser(id);
    if (!user) return false;
    this.users[id] = user;
    const member = this.state.getMember(id);
    if (member) {
      const { user: _user, ...rest } = member;
      this.members[id] = {
        ...rest,
        permissions: this.state.memberPermissions(id),
      };
    }
    return true;
  }

  role(id: string): boolean {
    const role = this.state.getRole(id);
    if (!role) return false;
    this.roles[id] = role;
    return true;
  }

  channel(id: string): boolean {
    const channel = this.state.getGuildChannel(id);
    if (!channel) return false;
    this.channels[id] = {
      id: channel.id,
      type: channel.type,
      name: channel.name,
      permissions: '0',
    };
    return true;
  }

  toJSON(): APIInteractionDataResolved {
    const resolved: Record<string, unknown> = {};
    if (Object.keys(this.users).length > 0) resolved['users'] = this.users;
    if (Object.keys(this.members).length > 0) resolved['members'] = this.members;
    if (Object.keys(this.roles).length > 0) resolved['roles'] = this.roles;
    if (Object.keys(this.channels).length > 0) resolved['channels'] = this.channels;
    return resolved as APIInteractionDataResolved;
  }
}

/** The test's option values typed by the command's definition, as Discord's client would send them. */
function typedOptions(
  where: string,
  definitions: APIApplicationCommandOption[],
  values: Record<string, InteractionOptionValue>,
  resolved: ResolvedCollector,
): APIApplicationCommandInteractionDataOption[] {
  for (const name of Object.keys(values)) {
    if (!definitions.some((definition) => definition.name === name)) throw new Error(`${where} has no option '${name}'`);
  }
  const options: APIApplicationCommandInteractionDataOption[] = [];
  for (const definition of definitions) {
    const value = values[definition.name];
    if (value === undefined) {
      if ('required' in definition && definition.required) throw new Error(`${where} needs its required option '${definition.name}'`);
      continue;
    }
    const fail = (why: string): never => {
      throw new Error(`${where} option '${definition.name}': ${why}`);
    };
    switch (definition.type) {
      case ApplicationCommandOptionType.String:
        if (typeof value !== 'string') fail('takes a string');
        break;
      case ApplicationCommandOptionType.Integer:
        if (typeof value !== 'number' || !Number.isInteger(value)) fail('takes an integer');
        break;
      case ApplicationCommandOptionType.Number:
        if (typeof value !== 'number') fail('takes a number');
        break;
      case ApplicationCommandOptionType.Boolean:
        if (typeof value !== 'boolean') fail('takes a boolean');
        break;
      case ApplicationCommandOptionType.User:
        if (typeof value !== 'string' || !resolved.user(value)) fail('takes the id of a known user');
        break;
      case ApplicationCommandOptionType.Role:
        if (typeof value !== 'string' || !resolved.role(value)) fail('takes the id of a role');
        break;
      case ApplicationCommandOptionType.Channel:
        if (typeof value !== 'string' || !resolved.channel(value)) fail('takes the id of a guild channel');
        break;
      case ApplicationCommandOptionType.Mentionable:
        if (typeof value !== 'string' || !(resolved.user(value) || resolved.role(value))) fail('takes the id of a user or role');
        break;
      default:
        fail('is not a value option');
    }
    const choices = 'choices' in definition ? definition.choices : undefined;
    if (choices && choices.length > 0 && !choices.some((choice) => choice.value === value)) fail(`must be one of its choices`);
    options.push({
      type: definition.type,
      name: definition.name,
      value,
    } as APIApplicationCommandInteractionDataOption);
  }
  return options;
}
