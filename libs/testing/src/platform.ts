import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import { Client } from 'pg';
import { Actor, BUS_SETUP_USER, Events } from '@patt/contracts';
import { setupBus } from '@patt/messaging';
import { ServiceClient } from '@patt/service-kit';
import { publishEvent } from './events';
import { AuthenticatedBus, startAuthenticatedBus } from './nats-server';
import { freePort, RunningService, startProcess } from './processes';
import { createTestDatabase, testBus, TestBus, TestDatabase } from './test-database';

/** The test platform's own user on its bus: every permission, for publishing events and tapping subjects. */
export const TEST_BUS_USER = 'test';

export const BACKEND_APPS = ['auth', 'identity', 'guild-sync', 'discord-bot', 'campaigns'] as const;
export type BackendApp = (typeof BACKEND_APPS)[number];
export type PlatformApp = BackendApp | 'gateway';

/** The schema each service owns. */
export const SCHEMA_OF: Record<BackendApp, string> = {
  auth: 'auth',
  identity: 'identity',
  'guild-sync': 'guild_sync',
  'discord-bot': 'discord',
  campaigns: 'campaigns',
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
  /** The suite's bus; its credentials are the test user's (every permission). */
  bus: TestBus;
  /** The suite's own nats-server, with the generated authorization: each service's password is in it. */
  natsServer: AuthenticatedBus;
  gatewayUrl: string;
  /** The gateway's GET /metrics, on its METRICS_PORT (the services' are on their health ports). */
  gatewayMetricsUrl: string;
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
 * The suite's own authenticated nats-server (own port, own store), with the users and permissions
 * generated from the contracts, as Compose and `npm start` run it, plus the test user; the stream
 * made by the setup user, as the setup step makes it.
 */
async function startSuiteBus(token: string): Promise<{ bus: TestBus; natsServer: AuthenticatedBus; storeDir: string }> {
  const { subjectRoot, stream } = testBus(token);
  const storeDir = join(tmpdir(), `patt-nats-${token}`);
  const natsServer = await startAuthenticatedBus({ port: await freePort(), storeDir, root: subjectRoot, stream, superUsers: [TEST_BUS_USER] });
  try {
    await setupBus({
      natsUrl: natsServer.url,
      credentials: { user: BUS_SETUP_USER, password: natsServer.passwords[BUS_SETUP_USER] as string },
      root: subjectRoot,
      stream,
    });
  } catch (error) {
    await natsServer.stop();
    throw error;
  }
  const credentials = { user: TEST_BUS_USER, password: natsServer.passwords[TEST_BUS_USER] as string };
  return { bus: { natsUrl: natsServer.url, subjectRoot, stream, credentials }, natsServer, storeDir };
}

/**
 * The platform as real processes on a database, bus (its own authenticated nats-server), stream
 * and subject root of the test's own: what `npm start` runs, minus the stand-ins (tests add those).
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<TestPlatform> {
  const apps = options.apps ?? BACKEND_APPS;
  const db = await createTestDatabase(apps.map((app) => SCHEMA_OF[app]));
  const { bus, natsServer, storeDir } = await startSuiteBus(db.token).catch(async (error: unknown) => {
    await db.drop();
    throw error;
  });
  const stopBus = async () => {
    await natsServer.stop();
    rmSync(storeDir, { recursive: true, force: true });
    rmSync(natsServer.configFile, { force: true });
  };
  const jwtSecret = randomBytes(32).toString('hex');
  const gatewayPort = options.gatewayPort ?? (await freePort());
  const gatewayMetricsPort = await freePort();
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
  // Each service as its own NATS user (by default its name), with the password the server was given.
  const natsPassword = (app: PlatformApp) => ({ NATS_PASSWORD: natsServer.passwords[app] as string });
  const envOf = (app: PlatformApp): Record<string, string> => {
    const own = options.env?.[app] ?? {};
    // The platform's own gateway serves metrics on gatewayMetricsPort (start, below); a copy a
    // test starts with this environment takes any free port, so the two never collide.
    if (app === 'gateway') return { ...common, ...natsPassword(app), PORT: String(gatewayPort), METRICS_PORT: '0', ...own };
    const base: Record<string, string> = {
      ...common,
      ...natsPassword(app),
      DATABASE_URL: db.urls[SCHEMA_OF[app]] as string,
      HEALTH_PORT: String(healthPorts.get(app)),
    };
    if (app === 'auth') Object.assign(base, { ADMIN_USERNAME: 'guildmaster', ADMIN_PASSWORD: 'correct horse battery' });
    // Tests start the roster syncs they look at; one that wants the first-start sync says so.
    if (app === 'guild-sync') base['SYNC_ON_EMPTY_ROSTER'] = 'false';
    return { ...base, ...own };
  };
  const start = async (app: PlatformApp): Promise<RunningService> => {
    const readyUrl =
      app === 'gateway' ? `http://127.0.0.1:${gatewayPort}/api/v1/version` : `http://127.0.0.1:${healthPorts.get(app)}/health/ready`;
    // A service is ready in 2 to 4 s on a quiet machine; five of them starting at once on two
    // shared cores can take a minute, and a slow start is not what a suite is testing.
    const env = app === 'gateway' ? { ...envOf(app), METRICS_PORT: String(gatewayMetricsPort) } : envOf(app);
    const running = await startProcess(app, { app, env, readyUrl, timeoutMs: 120_000 });
    services.set(app, running);
    return running;
  };
  try {
    await Promise.all(apps.map((app) => start(app)));
    await start('gateway');
  } catch (error) {
    await Promise.all([...services.values()].map((s) => s.kill()));
    await stopBus();
    await db.drop();
    throw error;
  }
  return {
    db,
    bus,
    natsServer,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    gatewayMetricsUrl: `http://127.0.0.1:${gatewayMetricsPort}/metrics`,
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
      await stopBus();
      await db.drop();
    },
  };
}

/**
 * A member with a Discord account, announced as identity announces them (member-matched), once
 * auth has them: someone an officer can invite and who can then register. Their person id.
 */
export async function memberKnownToAuth(
  platform: Pick<TestPlatform, 'bus' | 'db'>,
  options: { discordUsername: string; rank?: { level: 1 | 2 | 3 | 4 | 5; name: string } },
): Promise<string> {
  const personId = randomUUID();
  await publishEvent(platform.bus, Events.MemberMatched, {
    personId,
    discordUserId: String(100000000000000000n + BigInt(randomInt(1e12))),
    discordUsername: options.discordUsername,
    characterIds: [],
    method: 'exact_name',
    score: 1,
    rank: options.rank ?? { level: 2, name: 'Member' },
  });
  const db = new Client({ connectionString: platform.db.adminUrl });
  await db.connect();
  try {
    for (let i = 0; i < 200; i += 1) {
      const { rows } = await db.query('SELECT 1 FROM auth.members WHERE person_id = $1', [personId]);
      if (rows.length > 0) return personId;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await db.end();
  }
  throw new Error(`auth never heard of the member ${options.discordUsername}`);
}

/**
 * A client of the platform's bus as one of its services' NATS users (`discord-bot`, `gateway`, …),
 * connected: a request sent with it goes through the bus's permissions for that user, as the
 * service's own would. Close it with `onApplicationShutdown()`.
 */
export async function clientAs(platform: Pick<TestPlatform, 'bus' | 'natsServer'>, user: PlatformApp, name: string, timeoutMs = 10_000): Promise<ServiceClient> {
  const client = new ServiceClient({
    name,
    natsUrl: platform.bus.natsUrl,
    credentials: { user, password: platform.natsServer.passwords[user] as string },
    subjectRoot: platform.bus.subjectRoot,
    timeoutMs,
  });
  await client.connect();
  return client;
}
