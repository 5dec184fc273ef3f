import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommand,
  type RESTPutAPIApplicationGuildCommandsJSONBody,
} from 'discord.js';

/** The bot's slash commands, as Discord's bulk overwrite takes them (guild commands). */
export const COMMAND_DEFINITIONS: RESTPutAPIApplicationGuildCommandsJSONBody = [
  {
    name: 'whois',
    description: 'A member of the guild: their main, characters and Discord user',
    type: ApplicationCommandType.ChatInput,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'who',
        description: 'A character’s name, or a @mention of a Discord user',
        required: true,
        max_length: 100,
      },
    ],
  },
  { name: 'me', description: 'Your member, characters and account', type: ApplicationCommandType.ChatInput },
  { name: 'get-account', description: 'Get an invite to make your account on the guild’s web app (by DM)', type: ApplicationCommandType.ChatInput },
  { name: 'reset-password', description: 'Get a one-time link to set a new password (by DM)', type: ApplicationCommandType.ChatInput },
  {
    name: 'sync',
    description: 'Officers: sync the roster from Blizzard or the members from Discord now',
    type: ApplicationCommandType.ChatInput,
    options: [
      { type: ApplicationCommandOptionType.Subcommand, name: 'roster', description: 'Read the guild roster from Blizzard now' },
      { type: ApplicationCommandOptionType.Subcommand, name: 'discord', description: 'Read the Discord server’s members now' },
    ],
  },
  { name: 'issues', description: 'Officers: the open integrity issues, by type', type: ApplicationCommandType.ChatInput },
  {
    name: 'invite',
    description: 'Officers: invite a member to make their account (the invite goes by DM)',
    type: ApplicationCommandType.ChatInput,
    options: [{ type: ApplicationCommandOptionType.User, name: 'user', description: 'The member’s Discord user', required: true }],
  },
  { name: 'votes', description: 'The guild’s open votes and when they close', type: ApplicationCommandType.ChatInput },
];

export type CommandName = 'whois' | 'me' | 'get-account' | 'reset-password' | 'sync' | 'issues' | 'invite' | 'votes';

type Definition = RESTPutAPIApplicationGuildCommandsJSONBody[number];

/**
 * A definition reduced to what we set, with Discord's defaults filled in, so a definition Discord
 * answers (with its ids, versions and defaults) compares equal to ours when nothing changed.
 */
export function canonicalDefinition(definition: Definition | APIApplicationCommand): unknown {
  const options = (list: readonly unknown[] | undefined): unknown[] =>
    (list ?? []).map((raw) => {
      const option = raw as Record<string, unknown>;
      return {
        type: option['type'],
        name: option['name'],
        description: option['description'],
        required: option['required'] ?? false,
        max_length: option['max_length'] ?? null,
        options: options(option['options'] as unknown[] | undefined),
      };
    });
  return {
    name: definition.name,
    type: definition.type ?? ApplicationCommandType.ChatInput,
    description: 'description' in definition ? definition.description : '',
    options: options((definition as { options?: unknown[] }).options),
  };
}

/** Whether the guild's commands are ours already (in any order): then registering makes no call. */
export function sameDefinitions(existing: readonly APIApplicationCommand[], wanted: RESTPutAPIApplicationGuildCommandsJSONBody): boolean {
  if (existing.length !== wanted.length) return false;
  const key = (definition: Definition | APIApplicationCommand) => JSON.stringify(canonicalDefinition(definition));
  const have = new Set(existing.map(key));
  return wanted.every((definition) => have.has(key(definition)));
}
