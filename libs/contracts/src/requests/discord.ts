import { ServiceHealth } from '../api/health';
import { NoBody } from './actor';

export const DISCORD_REQUESTS = {
  DiscordBotHealth: 'discord-bot.health',
} as const;

export interface DiscordRequestMap {
  [DISCORD_REQUESTS.DiscordBotHealth]: { request: NoBody; response: ServiceHealth };
}
