import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
} from 'discord-api-types/v10';
import { FormErrors } from '../rest/errors';
import { isJsonObject, type JsonObject } from '../util/json';
import type { SnowflakeFactory } from './snowflake';

/** Discord's documented limits for application commands. */
export const DISCORD_COMMAND_LIMITS = {
  /** Chat-input commands per scope (guild or global); user and message commands have 15 each. */
  chatInputCommands: 100,
  options: 25,
  choices: 25,
  name: 32,
  description: 100,
} as const;

const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const OPTION_TYPES = new Set<number>(
  Object.values(ApplicationCommandOptionType).filter((value): value is number => typeof value === 'number'),
);
const COMMAND_TYPES = new Set<number>([ApplicationCommandType.ChatInput, ApplicationCommandType.User, ApplicationCommandType.Message]);

type Path = (string | number)[];

/**
 * The application's commands, global (guildId null) and per guild, as Discord keeps them: a bulk
 * overwrite replaces a scope's list, a command keeps its id while its name and type stay the same,
 * and its `version` changes only when its definition does.
 */
export class ApplicationCommands {
  private readonly scopes = new Map<string, APIApplicationCommand[]>();

  constructor(
    private readonly applicationId: string,
    private readonly ids: SnowflakeFactory,
  ) {}

  list(guildId: string | null): APIApplicationCommand[] {
    return structuredClone(this.scopes.get(scopeKey(guildId)) ?? []);
  }

  get(guildId: string | null, commandId: string): APIApplicationCommand | undefined {
    const command = (this.scopes.get(scopeKey(guildId)) ?? []).find((candidate) => candidate.id === commandId);
    return command && structuredClone(command);
  }

  /** The chat-input command a user would pick by name: the guild's first, then a global one. */
  findChatInput(guildId: string, name: string): APIApplicationCommand | undefined {
    for (const scope of [guildId, null]) {
      const found = (this.scopes.get(scopeKey(scope)) ?? []).find(
        (command) => command.name === name && command.type === ApplicationCommandType.ChatInput,
      );
      if (found) return structuredClone(found);
    }
    return undefined;
  }

  /** PUT: replaces the scope's commands; throws 400 / 50035 for a bad list. */
  overwrite(guildId: string | null, body: unknown): APIApplicationCommand[] {
    const errors = new FormErrors();
    if (!Array.isArray(body)) {
      errors.add([], 'BASE_TYPE_LIST', 'Must be a list.');
      errors.throwIfAny();
      return [];
    }
    const definitions = body.map((raw: unknown, index) => readCommand(raw, [index], errors));
    const seen = new Set<string>();
    definitions.forEach((definition, index) => {
      if (!definition) return;
      const key = `${definition.type}:${definition.name}`;
      if (seen.has(key)) errors.add([index, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
      seen.add(key);
    });
    const chatInput = definitions.filter((definition) => definition?.type === ApplicationCommandType.ChatInput).length;
    if (chatInput > DISCORD_COMMAND_LIMITS.chatInputCommands) {
      errors.add([], 'BASE_TYPE_MAX_LENGTH', `Must be ${DISCORD_COMMAND_LIMITS.chatInputCommands} or fewer in length.`);
    }
    errors.throwIfAny();
    const previous = this.scopes.get(scopeKey(guildId)) ?? [];
    const next = definitions.map((definition) => this.store(guildId, definition as CommandDefinition, previous));
    this.scopes.set(scopeKey(guildId), next);
    return structuredClone(next);
  }

  /** POST: creates or (same name and type) replaces one command. `created` is false for a replacement. */
  upsert(guildId: string | null, body: unknown): { command: APIApplicationCommand; created: boolean } {
    const errors = new FormErrors();
    const definition = readCommand(body, [], errors);
    errors.throwIfAny();
    const current = this.scopes.get(scopeKey(guildId)) ?? [];
    const stored = this.store(guildId, definition as CommandDefinition, current);
    const index = current.findIndex((command) => command.id === stored.id);
    const created = index < 0;
    const next = created ? [...current, stored] : current.map((command, at) => (at === index ? stored : command));
    this.scopes.set(scopeKey(guildId), next);
    return { command: structuredClone(stored), created };
  }

  /** DELETE: false when there is no such command. */
  delete(guildId: string | null, commandId: string): boolean {
    const current = this.scopes.get(scopeKey(guildId)) ?? [];
    const next = current.filter((command) => command.id !== commandId);
    this.scopes.set(scopeKey(guildId), next);
    return next.length !== current.length;
  }

  private store(guildId: string | null, definition: CommandDefinition, previous: APIApplicationCommand[]): APIApplicationCommand {
    const existing = previous.find((command) => command.name === definition.name && command.type === definition.type);
    const unchanged = existing !== undefined && JSON.stringify(definitionOf(existing)) === JSON.stringify(definition);
    const command: APIApplicationCommand = {
      id: existing?.id ?? this.ids.now(),
      application_id: this.applicationId,
      ...(guildId !== null ? { guild_id: guildId } : {}),
      version: unchanged && existing ? existing.version : this.ids.now(),
      default_member_permissions: definition.default_member_permissions,
      type: definition.type,
      name: definition.name,
      name_localizations: null,
      description: definition.description,
      description_localizations: null,
      nsfw: definition.nsfw,
      contexts: null,
      integration_types: [0],
      ...(definition.options.length > 0 ? { options: definition.options } : {}),
      ...(guildId === null ? { dm_permission: true } : {}),
    };
    return command;
  }
}

interface CommandDefinition {
  type: ApplicationCommandType;
  name: string;
  description: string;
  options: APIApplicationCommandOption[];
  default_member_permissions: string | null;
  nsfw: boolean;
}

function definitionOf(command: APIApplicationCommand): CommandDefinition {
  return {
    type: command.type,
    name: command.name,
    description: command.description,
    options: command.options ?? [],
    default_member_permissions: command.default_member_permissions,
    nsfw: command.nsfw ?? false,
  };
}

const scopeKey = (guildId: string | null): string => guildId ?? 'global';

function readCommand(raw: unknown, path: Path, errors: FormErrors): CommandDefinition | undefined {
  if (!isJsonObject(raw)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return undefined;
  }
  const typeValue = raw['type'] ?? ApplicationCommandType.ChatInput;
  if (typeof typeValue !== 'number' || !COMMAND_TYPES.has(typeValue)) {
    errors.add([...path, 'type'], 'BASE_TYPE_CHOICES', `Value must be one of ${[...COMMAND_TYPES].join(', ')}.`);
    return undefined;
  }
  const type = typeValue as ApplicationCommandType;
  const chatInput = type === ApplicationCommandType.ChatInput;
  const name = readName(raw['name'], [...path, 'name'], errors, chatInput);
  let description = '';
  if (chatInput) description = readDescription(raw['description'], [...path, 'description'], errors) ?? '';
  else if (raw['description'] !== undefined && raw['description'] !== null && raw['description'] !== '') {
    errors.add([...path, 'description'], 'APPLICATION_COMMAND_DESCRIPTION_NOT_EMPTY', 'Context menu commands cannot have description');
  }
  let options: APIApplicationCommandOption[] = [];
  if (raw['options'] !== undefined && raw['options'] !== null) {
    if (!chatInput)
      errors.add([...path, 'options'], 'APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED', 'Context menu commands cannot have options');
    else options = readOptions(raw['options'], [...path, 'options'], errors, 0);
  }
  const permissions = raw['default_member_permissions'];
  if (permissions !== undefined && permissions !== null && (typeof permissions !== 'string' || !/^\d+$/.test(permissions))) {
    errors.add([...path, 'default_member_permissions'], 'BASE_TYPE_STRING', 'Must be a permission bitfield as a string.');
  }
  if (name === undefined) return undefined;
  return {
    type,
    name,
    description,
    options,
    default_member_permissions: typeof permissions === 'string' ? permissions : null,
    nsfw: raw['nsfw'] === true,
  };
}

function readName(value: unknown, path: Path, errors: FormErrors, lowercase: boolean): string | undefined {
  if (typeof value !== 'string') {
    errors.add(path, value === undefined ? 'BASE_TYPE_REQUIRED' : 'BASE_TYPE_STRING', 'This field is required');
    return undefined;
  }
  if (!NAME_PATTERN.test(value) || (lowercase && value !== value.toLowerCase())) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid`);
    return undefined;
  }
  return value;
}

function readDescription(value: unknown, path: Path, errors: FormErrors): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  if ([...value].length > DISCORD_COMMAND_LIMITS.description) {
    errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${DISCORD_COMMAND_LIMITS.description} in length.`);
    return undefined;
  }
  return value;
}

/** Options as Discord stores them: unset and false flags left out. `depth` 0 = the command's own. */
function readOptions(value: unknown, path: Path, errors: FormErrors, depth: number): APIApplicationCommandOption[] {
  if (!Array.isArray(value)) {
    errors.add(path, 'BASE_TYPE_LIST', 'Must be a list.');
    return [];
  }
  if (value.length > DISCORD_COMMAND_LIMITS.options) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${DISCORD_COMMAND_LIMITS.options} or fewer in length.`);
    return [];
  }
  const options: APIApplicationCommandOption[] = [];
  const names = new Set<string>();
  let sawOptional = false;
  value.forEach((raw: unknown, index) => {
    const at = [...path, index];
    if (!isJsonObject(raw)) {
      errors.add(at, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    const type = raw['type'];
    if (typeof type !== 'number' || !OPTION_TYPES.has(type)) {
      errors.add([...at, 'type'], 'BASE_TYPE_CHOICES', 'Value must be a valid option type.');
      return;
    }
    const name = readName(raw['name'], [...at, 'name'], errors, true);
    const description = readDescription(raw['description'], [...at, 'description'], errors);
    if (name === undefined || description === undefined) return;
    if (names.has(name)) errors.add([...at, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
    names.add(name);
    const nests = type === ApplicationCommandOptionType.Subcommand || type === ApplicationCommandOptionType.SubcommandGroup;
    if (nests && (depth >= 2 || (depth === 1 && type === ApplicationCommandOptionType.SubcommandGroup))) {
      errors.add([...at, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Subcommands cannot be nested this deep');
      return;
    }
    const option: JsonObject = { type, name, description };
    if (nests) {
      const inner =
        raw['options'] === undefined || raw['options'] === null ? [] : readOptions(raw['options'], [...at, 'options'], errors, depth + 1);
      if (type === ApplicationCommandOptionType.SubcommandGroup && inner.some((o) => o.type !== ApplicationCommandOptionType.Subcommand)) {
        errors.add([...at, 'options'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'A subcommand group holds subcommands only');
      }
      if (inner.length > 0) option['options'] = inner;
    } else {
      const required = raw['required'] === true;
      if (required && sawOptional) {
        errors.add(
          [...at, 'required'],
          'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          'Required options must be placed before non-required options',
        );
      }
      if (!required) sawOptional = true;
      if (required) option['required'] = true;
      if (raw['autocomplete'] === true) option['autocomplete'] = true;
      for (const key of ['min_value', 'max_value', 'min_length', 'max_length', 'channel_types'] as const) {
        if (raw[key] !== undefined && raw[key] !== null) option[key] = raw[key];
      }
      const choices = raw['choices'];
      if (Array.isArray(choices) && choices.length > 0) {
        if (choices.length > DISCORD_COMMAND_LIMITS.choices) {
          errors.add([...at, 'choices'], 'BASE_TYPE_MAX_LENGTH', `Must be ${DISCORD_COMMAND_LIMITS.choices} or fewer in length.`);
        }
        option['choices'] = choices.map((choice: unknown) =>
          isJsonObject(choice) ? { name: choice['name'], value: choice['value'] } : choice,
        );
      }
    }
    options.push(option as unknown as APIApplicationCommandOption);
  });
  return options;
}
