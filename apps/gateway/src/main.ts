import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@patt/service-kit';
import { Logger } from 'nestjs-pino';
import { performance } from 'node:perf_hooks';
import { createGateway } from './app/create-gateway';
import { GatewayConfig } from './app/gateway.config';
import { SERVICE_NAME } from './app/gateway.module';

runService(async () => {
  const started = performance.now();
  const config = loadConfigOrExit(SERVICE_NAME, GatewayConfig);
  const app = await createGateway(config);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  app.get(Logger).log({ port: config.PORT, readyInMs: Math.round(performance.now() - started) }, 'gateway is ready');
});
