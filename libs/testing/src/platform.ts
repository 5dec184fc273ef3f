import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { sign } from 'jsonwebtoken';
import { Actor } from '@patt/contracts';
import { freePort, RunningService, startProcess } from './processes';
import { createTestDatabase, testBus, TestDatabase } from './test-database';

export const BACKEND_APPS = ['auth', 'identity', 'guild-sync', 'discord-bot'] as const;
export type BackendApp = (typeof BACKEND_APPS)[number];
export type PlatformApp = BackendApp | 'gateway';

/** The schema each service owns. */
export const SCHEMA_OF: Record<BackendApp, string> = {
  auth: 'auth',
  identity: 'identity',
  'guild-sync': 'guild_sync',
  'discord-bot': 'discord',
};

export interface PlatformOptions {
  /** Which services to run; the gateway is always there. Default: all of them. */
  apps?: readonly BackendApp[];
  /** Extra environment per app. */
  env?: Partial<Record<PlatformApp, Record<string, string>>>;
  /**
   * The gateway's port, when a test must know its address before anything starts (e.g. to give
   * the Discord bot PUBLIC_URL, which invite links point at). Default: a free one.
   */
  gatewayPort?: number;
}

export interface TestPlatform {
  db: TestDatabase;
  bus: ReturnType<typeof testBus>;
  gatewayUrl: string;
  jwtSecret: string;
  services: Map<PlatformApp, RunningService>;
  healthPorts: Map<BackendApp, number>;
  /** The environment each app was started with (tests restart services with it). */
  envOf(app: PlatformApp): Record<string, string>;
  start(app: PlatformApp): Promise<RunningService>;
  /** An access token as auth would issue it. */
  token(actor: Partial<Actor> & Pick<Actor, 'rank'>, options?: { expiresIn?: number; audience?: string; secret?: string }): string;
  stop(): Promise<void>;
}

/**
 * The platform as real processes on a database, stream and subject root of the test's own: what
 * `npm start` runs, minus the stand-ins (tests add those).
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<TestPlatform> {
  const apps = options.apps ?? BACKEND_APPS;
  const db = await createTestDatabase(apps.map((app) => SCHEMA_OF[app]));
  const bus = testBus(db.token);
  const jwtSecret = randomBytes(32).toString('hex');
  const gatewayPort = options.gatewayPort ?? (await freePort());
  const healthPorts = new Map<BackendApp, number>();
  for (const app of apps) healthPorts.set(app, await freePort());
  const services = new Map<PlatformApp, RunningService>();
  const common = {
    NATS_URL: bus.natsUrl,
    NATS_SUBJECT_ROOT: bus.subjectRoot,
    NATS_STREAM: bus.stream,
    JWT_SECRET: jwtSecret,
    LOG_LEVEL: 'info',
  };
  const envOf = (app: PlatformApp): Record<string, string> => {
    const own = options.env?.[app] ?? {};
    if (app === 'gateway') return { ...common, PORT: String(gatewayPort), ...own };
    const base: Record<string, string> = {
      ...common,
      DATABASE_URL: db.urls[SCHEMA_OF[app]] as string,
      HEALTH_PORT: String(healthPorts.get(app)),
    };
    if (app === 'auth') Object.assign(base, { ADMIN_USERNAME: 'guildmaster', ADMIN_PASSWORD: 'correct horse battery' });
    return { ...base, ...own };
  };
  const start = async (app: PlatformApp): Promise<RunningService> => {
    const readyUrl =
      app === 'gateway' ? `http://127.0.0.1:${gatewayPort}/api/v1/version` : `http://127.0.0.1:${healthPorts.get(app)}/health/ready`;
    const running = await startProcess(app, { app, env: envOf(app), readyUrl });
    services.set(app, running);
    return running;
  };
  try {
    await Promise.all(apps.map((app) => start(app)));
    await start('gateway');
  } catch (error) {
    await Promise.all([...services.values()].map((s) => s.kill()));
    await db.drop();
    throw error;
  }
  return {
    db,
    bus,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    jwtSecret,
    services,
    healthPorts,
    envOf,
    start,
    token: (actor, tokenOptions = {}) =>
      sign(
        { sub: actor.userId ?? '00000000-0000-4000-8000-000000000001', usr: actor.username ?? 'tester', pid: actor.personId ?? null, rnk: actor.rank },
        tokenOptions.secret ?? jwtSecret,
        {
          algorithm: 'HS256',
          issuer: 'patt-auth',
          audience: tokenOptions.audience ?? 'patt-api',
          expiresIn: tokenOptions.expiresIn ?? 900,
        },
      ),
    stop: async () => {
      await Promise.all([...services.values()].map((s) => s.stop()));
      await db.drop();
      await dropStream(bus.natsUrl, bus.stream);
    },
  };
}

/** Removes a suite's stream from the shared NATS once it is done with it. */
export async function dropStream(natsUrl: string, stream: string): Promise<void> {
  const connection = await connect({ servers: natsUrl });
  try {
    await (await connection.jetstreamManager()).streams.delete(stream).catch(() => false);
  } finally {
    await connection.close();
  }
}
