import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit, runService } from '@patt/service-kit';
import { IdentityConfig } from './app/identity.config';
import { IdentityModule, SERVICE_NAME } from './app/identity.module';

runService(async () => {
  const config = loadConfigOrExit(SERVICE_NAME, IdentityConfig);
  await bootstrapService({ name: SERVICE_NAME, module: IdentityModule.forRoot(config), config });
});
