import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit, runService } from '@patt/service-kit';
import { GuildSyncConfig } from './app/guild-sync.config';
import { GuildSyncModule, SERVICE_NAME } from './app/guild-sync.module';

runService(async () => {
  const config = loadConfigOrExit(SERVICE_NAME, GuildSyncConfig);
  await bootstrapService({ name: SERVICE_NAME, module: GuildSyncModule.forRoot(config), config });
});
