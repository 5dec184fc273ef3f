// The gateway as its own process builds it, alone on a bus of its own where no service answers:
// a request that passes its door ends in a quick 503 (NATS_REQUEST_TIMEOUT_MS 150), and what it
// answers by itself (caches, /version, the web app) is all there is.
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@patt/service-kit';
import { testBus } from '@patt/testing';
import { createGateway } from '../../src/app/create-gateway';
import { GatewayConfig } from '../../src/app/gateway.config';

/** Started and ready; `env` adds to (or overrides) the gateway's environment. */
export async function startLoneGateway(name: string, jwtSecret: string, env: Record<string, string> = {}): Promise<NestFastifyApplication> {
  const bus = testBus(`${name}${randomBytes(3).toString('hex')}`);
  const config = loadConfig('gateway', GatewayConfig, {
    JWT_SECRET: jwtSecret,
    NATS_URL: bus.natsUrl,
    NATS_SUBJECT_ROOT: bus.subjectRoot,
    NATS_REQUEST_TIMEOUT_MS: '150',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createGateway(config);
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
