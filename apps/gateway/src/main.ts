import 'reflect-metadata';
import { loadConfigOrExit, runService } from '@patt/service-kit';
import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { createGateway } from './app/create-gateway';
import { GatewayConfig } from './app/gateway.config';
import { SERVICE_NAME } from './app/gateway.module';

runService(async () => {
  const started = performance.now();
  const config = loadConfigOrExit(SERVICE_NAME, GatewayConfig);
  const app = await createGateway(config);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  new Logger('Bootstrap').log({ msg: 'gateway is ready', port: config.PORT, readyInMs: Math.round(performance.now() - started) });
});
