import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Events, type Interaction } from 'discord.js';
import { ServiceException } from '@patt/service-kit';
import { DiscordBotConfig } from '../app/discord-bot.config';
import { DiscordConnection, DiscordNotConnected } from '../discord/discord-connection';
import { LinkedMembersRepository } from '../links/linked-members.repository';
import { CommandKey, commandRefusal, Invoker } from './command-access';
import { GET_ACCOUNT_BUTTON, sentence } from './command-replies';
import { CommandsService, DiscordCallFailed, Invocation } from './commands.service';
import { InteractionReply, Repliable } from './interaction-reply';

/** Commands whose answers are shown to the invoker only: they carry personal data. */
const EPHEMERAL: ReadonlySet<CommandKey> = new Set(['whois', 'me', 'get-account', 'reset-password', 'issues', 'invite']);

/** A slash command or button as the bot reads it; null for what is not ours. */
export interface ParsedInteraction {
  command: CommandKey;
  who?: string;
  userId?: string;
}

export function parseInteraction(interaction: Interaction): ParsedInteraction | null {
  if (interaction.isButton()) return interaction.customId === GET_ACCOUNT_BUTTON ? { command: 'get-account' } : null;
  if (!interaction.isChatInputCommand()) return null;
  switch (interaction.commandName) {
    case 'whois':
      return { command: 'whois', who: interaction.options.getString('who') ?? '' };
    case 'invite':
      return { command: 'invite', userId: interaction.options.getUser('user')?.id ?? '' };
    case 'sync': {
      const sub = interaction.options.getSubcommand(false);
      return sub === 'roster' ? { command: 'sync roster' } : sub === 'discord' ? { command: 'sync discord' } : null;
    }
    case 'me':
    case 'get-account':
    case 'reset-password':
    case 'issues':
    case 'votes':
      return { command: interaction.commandName };
    default:
      return null;
  }
}

/**
 * Answers the slash commands from INTERACTION_CREATE: who invoked it (their member and rank, from
 * the links identity announces), whether their rank allows the command, then the command. Every
 * interaction is acknowledged within Discord's 3 seconds (InteractionReply defers what takes
 * longer), and whatever fails is answered with a sentence.
 */
@Injectable()
export class CommandInteractions implements OnModuleInit {
  private readonly logger = new Logger(CommandInteractions.name);

  constructor(
    private readonly config: DiscordBotConfig,
    private readonly connection: DiscordConnection,
    private readonly links: LinkedMembersRepository,
    private readonly commands: CommandsService,
  ) {}

  onModuleInit(): void {
    this.connection.bind((client) => client.on(Events.InteractionCreate, (interaction) => void this.handle(interaction)));
  }

  async handle(interaction: Interaction): Promise<void> {
    const parsed = parseInteraction(interaction);
    if (!parsed || !('reply' in interaction)) return;
    const { command } = parsed;
    const log = { command, interactionId: interaction.id, discordUserId: interaction.user.id };
    const reply = new InteractionReply(
      interaction as unknown as Repliable,
      EPHEMERAL.has(command),
      this.config.COMMAND_DEFER_AFTER_MS,
      (error) => this.logger.warn({ ...log, reason: errorText(error) }, 'could not defer a slash command’s reply'),
    );
    const began = performance.now();
    try {
      const invoker = await this.invokerOf(interaction.user.id, interaction.user.username);
      const refusal = commandRefusal(command, invoker);
      if (refusal) {
        await reply.final(sentence(refusal), true);
        this.logger.log({ ...log, rank: invoker.member?.rank ?? null }, 'slash command refused by rank');
        return;
      }
      const invocation: Invocation = { ...parsed, invoker };
      const answer = await this.commands.run(invocation, (progress) => reply.progress(progress));
      await reply.final(answer);
      this.logger.log({ ...log, firstResponseMs: round(reply.firstResponseMs), tookMs: round(performance.now() - began) }, 'slash command answered');
    } catch (error) {
      const text = failureSentence(command, error);
      if (!(error instanceof ServiceException)) this.logger.error({ ...log, reason: errorText(error) }, 'slash command failed');
      else this.logger.log({ ...log, code: error.body.code, reason: error.body.message }, 'slash command answered with a refusal');
      await reply.final(sentence(text), true).catch((failure: unknown) => this.logger.warn({ ...log, reason: errorText(failure) }, 'could not answer a slash command'));
    }
  }

  private async invokerOf(discordUserId: string, username: string): Promise<Invoker> {
    const link = await this.links.find(discordUserId);
    return { discordUserId, username, member: link ? { personId: link.personId, rank: link.rankLevel } : null };
  }
}

/** A failure as the invoker reads it: the service's own sentence, or what to do about it. */
export function failureSentence(command: CommandKey, error: unknown): string {
  if (error instanceof ServiceException) return error.body.message;
  if (error instanceof DiscordCallFailed) return `Discord did not take it: ${error.message}; try /${command} again in a moment.`;
  if (error instanceof DiscordNotConnected) return `The bot cannot reach Discord right now (${error.message}); try /${command} again in a minute.`;
  return `Something went wrong answering /${command}; try again in a moment (the bot’s log says what).`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error).slice(0, 300);
}

function round(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms);
}
