import { DynamicModule, Logger as NestLogger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { performance } from 'node:perf_hooks';
import { ServiceConfig } from './config';
import { natsCredentialsOf, natsServerStrategy } from './nats-transport';
import { RequestContextInterceptor, ServiceErrorFilter } from './rpc';
import { createValidationPipe } from './validation';

export interface ServiceBootstrap {
  name: string;
  module: Type<unknown> | DynamicModule;
  config: ServiceConfig;
}

/**
 * Starts a backend service: requests over NATS (validated, in the caller's context, errors as
 * contract codes) and probes on HEALTH_PORT. SIGTERM and SIGINT close it in order: Nest's
 * shutdown hooks stop consumers and relays first, then NATS is drained and the database closed.
 */
export async function bootstrapService({ name, module, config }: ServiceBootstrap): Promise<NestFastifyApplication> {
  const started = performance.now();
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.flushLogs();
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ServiceErrorFilter(app.getHttpAdapter()));
  app.useGlobalInterceptors(new RequestContextInterceptor());
  app.connectMicroservice(natsServerStrategy(name, config.NATS_URL, config.NATS_SUBJECT_ROOT, natsCredentialsOf(name, config)), {
    inheritAppConfig: true,
  });
  app.enableShutdownHooks();
  // Migrations run and consumers start (init) before the service answers requests or probes.
  await app.init();
  await app.startAllMicroservices();
  await app.listen({ port: config.HEALTH_PORT, host: '0.0.0.0' });
  new NestLogger(bootstrapService.name).log({ msg: `${name} is ready`, readyInMs: Math.round(performance.now() - started), healthPort: config.HEALTH_PORT });
  return app;
}

/** For `main.ts`: a start that fails is logged as one line and exits non-zero. */
export function runService(start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    const refused = natsRefusal(error);
    if (refused) {
      console.error(`failed to start: ${refused}`);
      process.exit(78); // EX_CONFIG: the credentials are the environment's to fix
    }
    console.error(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  });
}

/** One sentence for a start NATS refused (its user or password), or null for any other failure. */
export function natsRefusal(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  const text = String((error as { message?: unknown } | null)?.message ?? error);
  if (code === 'AUTHORIZATION_VIOLATION' || text.includes('Authorization Violation')) {
    return 'NATS refused the connection (Authorization Violation): the bus has users, so set NATS_PASSWORD (and NATS_USER when it is not the service’s own name) to this service’s credentials, and check them.';
  }
  if (code === 'PERMISSIONS_VIOLATION' || text.includes('Permissions Violation')) {
    return `NATS refused a subject to this service’s user (${text}): its NATS_USER is not this service’s, or the server’s authorization is older than the contracts (regenerate it).`;
  }
  return null;
}
