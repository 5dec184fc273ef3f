import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit, runService } from '@patt/service-kit';
import { DiscordBotConfig } from './app/discord-bot.config';
import { DiscordBotModule, SERVICE_NAME } from './app/discord-bot.module';

runService(async () => {
  const config = loadConfigOrExit(SERVICE_NAME, DiscordBotConfig);
  await bootstrapService({ name: SERVICE_NAME, module: DiscordBotModule.forRoot(config), config });
});
