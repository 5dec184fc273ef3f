import 'reflect-metadata';
import { loadConfigOrExit, MetricsServer, runService } from '@patt/service-kit';
import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { createGateway } from './app/create-gateway';
import { GatewayConfig } from './app/gateway.config';
import { SERVICE_NAME } from './app/gateway.module';

runService(async () => {
  const started = performance.now();
  const config = loadConfigOrExit(SERVICE_NAME, GatewayConfig);
  const app = await createGateway(config);
  // Metrics first: once the public port answers (what readiness checks wait for), they do too.
  // With METRICS_ENABLED=false nothing listens there (metricsPort null).
  const metricsPort = await app.get(MetricsServer).listen(config.METRICS_PORT);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  new Logger(createGateway.name).log({ msg: 'gateway is ready', port: config.PORT, metricsPort, readyInMs: Math.round(performance.now() - started) });
});
