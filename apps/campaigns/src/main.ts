import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit, runService } from '@patt/service-kit';
import { CampaignsConfig } from './app/campaigns.config';
import { CampaignsModule, SERVICE_NAME } from './app/campaigns.module';

runService(async () => {
  const config = loadConfigOrExit(SERVICE_NAME, CampaignsConfig);
  await bootstrapService({ name: SERVICE_NAME, module: CampaignsModule.forRoot(config), config });
});
