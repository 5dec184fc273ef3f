import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit, runService } from '@patt/service-kit';
import { AuthConfig } from './app/auth.config';
import { AuthModule, SERVICE_NAME } from './app/auth.module';

runService(async () => {
  const config = loadConfigOrExit(SERVICE_NAME, AuthConfig);
  await bootstrapService({ name: SERVICE_NAME, module: AuthModule.forRoot(config), config });
});
