import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Events, Routes, type APIApplicationCommand, type Client } from 'discord.js';
import { DiscordConnection } from '../discord/discord-connection';
import { describeDiscordFailure, failureText } from '../discord/discord-errors';
import { COMMAND_DEFINITIONS, sameDefinitions } from './command-definitions';

export type RegistrationOutcome = 'unchanged' | 'registered';

/**
 * Registers the slash commands as the guild's commands each time the bot connects. It reads the
 * guild's commands first and overwrites them (one bulk call) only when they differ from ours, so a
 * restart with the same definitions makes no write at all.
 */
@Injectable()
export class CommandRegistration implements OnModuleInit {
  private readonly logger = new Logger(CommandRegistration.name);

  constructor(private readonly connection: DiscordConnection) {}

  onModuleInit(): void {
    this.connection.bind((client) =>
      client.on(Events.ClientReady, (ready) => {
        void this.register(ready).catch((error: unknown) =>
          this.logger.error({ reason: failureText(describeDiscordFailure(error)) }, 'could not register the slash commands; they are tried again at the next connection'),
        );
      }),
    );
  }

  async register(client: Client<true>): Promise<RegistrationOutcome> {
    const route = Routes.applicationGuildCommands(client.application.id, this.connection.guildId);
    const existing = (await client.rest.get(route)) as APIApplicationCommand[];
    if (sameDefinitions(existing, COMMAND_DEFINITIONS)) {
      this.logger.log({ commands: existing.length }, 'slash commands already registered, unchanged');
      return 'unchanged';
    }
    await client.rest.put(route, { body: COMMAND_DEFINITIONS });
    this.logger.log({ commands: COMMAND_DEFINITIONS.map((command) => command.name), before: existing.length }, 'slash commands registered');
    return 'registered';
  }
}
