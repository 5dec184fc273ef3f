// `npm start`: the whole platform on one machine, every service its own process, logs prefixed by
// service, a clean stop on Ctrl-C. Postgres and NATS come from tools/dev/infra.ts; without
// Blizzard or Discord credentials the stand-ins from libs/testing play the demo guild.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setupDatabase, withDatabase } from '@patt/persistence';
import { DATA_DIR, ensureInfra, ROOT } from './infra';
import { formatLogLine } from './log-format';

const SERVICES = [
  { app: 'auth', schema: 'auth', healthPort: 3101 },
  { app: 'identity', schema: 'identity', healthPort: 3102 },
  { app: 'guild-sync', schema: 'guild_sync', healthPort: 3103 },
  { app: 'discord-bot', schema: 'discord', healthPort: 3104 },
] as const;

const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m', '\x1b[31m'];
const RESET = '\x1b[0m';
const children: Array<{ name: string; child: ChildProcess }> = [];
let stopping = false;

function say(line: string): void {
  console.log(`\x1b[1m[start]\x1b[0m ${line}`);
}

/** A value kept under .data so restarts keep logins and tokens valid; made on first start. */
function devSecret(name: string, make: () => string): string {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = join(DATA_DIR, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

function launch(name: string, args: string[], env: NodeJS.ProcessEnv, colour: string): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `${colour}${name.padEnd(13)}${RESET}|`;
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => console.log(`${prefix} ${formatLogLine(line)}`));
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${name} exited (${signal ?? code}); stopping everything`);
      void shutdown(1);
    }
  });
  children.push({ name, child });
  return child;
}

async function waitReady(name: string, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not become ready at ${url}`);
}

let infraStop: (() => Promise<void>) | null = null;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  await infraStop?.();
  say('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const infra = await ensureInfra(say);
  infraStop = infra.stop;
  const database = process.env['PATT_DATABASE'] ?? 'patt';
  const rolePassword = devSecret('db-password', () => randomBytes(12).toString('hex'));
  const urlFor = (schema: string) => {
    const url = new URL(withDatabase(infra.adminUrl, database));
    url.username = `patt_${schema}`;
    url.password = rolePassword;
    return url.toString();
  };
  say(`database ${database}: roles and schemas`);
  await setupDatabase({ adminUrl: infra.adminUrl, services: SERVICES.map((s) => ({ schema: s.schema, url: urlFor(s.schema) })) });

  say('building the apps');
  const build = spawnSync(join(ROOT, 'node_modules/.bin/nx'), ['run-many', '-t', 'build', '--outputStyle=static'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  if (build.status !== 0) throw new Error('the build failed');

  const port = Number(process.env['PORT'] ?? 3000);
  const common: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    NATS_URL: infra.natsUrl,
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
    JWT_SECRET: process.env['JWT_SECRET'] ?? devSecret('jwt-secret', () => randomBytes(32).toString('hex')),
    PUBLIC_URL: process.env['PUBLIC_URL'] ?? `http://localhost:${port}`,
  };
  const adminPassword = process.env['ADMIN_PASSWORD'] ?? devSecret('admin-password', () => randomBytes(9).toString('base64url'));
  const standIns = await startStandIns(common);
  const passThrough = (names: string[]) => Object.fromEntries(names.filter((n) => process.env[n]).map((n) => [n, process.env[n]]));

  SERVICES.forEach((service, index) => {
    const env: NodeJS.ProcessEnv = {
      ...common,
      DATABASE_URL: urlFor(service.schema),
      HEALTH_PORT: String(service.healthPort),
      ...standIns[service.app],
    };
    if (service.app === 'auth') Object.assign(env, { ADMIN_USERNAME: process.env['ADMIN_USERNAME'] ?? 'admin', ADMIN_PASSWORD: adminPassword });
    if (service.app === 'identity') Object.assign(env, passThrough(['STALE_AFTER_DAYS']));
    const main = join(ROOT, 'dist/apps', service.app, 'apps', service.app, 'src/main.js');
    launch(service.app, [main], env, COLOURS[index % COLOURS.length] as string);
  });
  await Promise.all(SERVICES.map((s) => waitReady(s.app, `http://127.0.0.1:${s.healthPort}/health/ready`)));
  // The gateway serves the web app the build just made (dist/apps/web, its default WEB_ROOT), and
  // PUBLIC_URL (above) is the gateway's own address: the stand-in's invite DMs link to
  // ${PUBLIC_URL}/register?code=…, which opens that app.
  launch('gateway', [join(ROOT, 'dist/apps/gateway/apps/gateway/src/main.js')], { ...common, PORT: String(port), ...passThrough(['WEB_ROOT']) }, COLOURS[4] as string);
  await waitReady('gateway', `http://127.0.0.1:${port}/health`);

  say('');
  say(`the platform is up:  http://localhost:${port}`);
  say(`  web app            http://localhost:${port}/  (invite links: ${common['PUBLIC_URL']}/register?code=…)`);
  say(`  API docs           http://localhost:${port}/api/docs`);
  say(`  health             http://localhost:${port}/health`);
  say(`  sign in            http://localhost:${port}/login as ${process.env['ADMIN_USERNAME'] ?? 'admin'} / ${process.env['ADMIN_PASSWORD'] ? '(your ADMIN_PASSWORD)' : adminPassword}`);
  say('Ctrl-C stops everything.');
}

/** Starts a stand-in and waits for the line on which it announces its settings as JSON. */
function startStandIn(name: string, script: string, args: string[], marker: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = launch(name, ['--require', join(ROOT, 'tools/dev/register.cjs'), script, ...args], env, COLOURS[5] as string);
    const timer = setTimeout(() => reject(new Error(`the ${name} stand-in did not start`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      const line = chunk.toString('utf8').split('\n').find((l) => l.startsWith(`${marker} `));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(marker.length + 1)) as Record<string, unknown>);
    });
  });
}

/**
 * Without credentials the platform talks to the stand-ins: a Blizzard API with a demo guild and a
 * Discord server with its members, each its own process, speaking the real protocols.
 */
async function startStandIns(common: NodeJS.ProcessEnv): Promise<Partial<Record<string, NodeJS.ProcessEnv>>> {
  const env: Partial<Record<string, NodeJS.ProcessEnv>> = {};
  const pick = (match: (key: string) => boolean) => Object.fromEntries(Object.entries(process.env).filter(([k]) => match(k)));
  if (process.env['BLIZZARD_CLIENT_ID']) {
    env['guild-sync'] = pick((k) => k.startsWith('BLIZZARD_') || k.startsWith('GUILD_') || k === 'SYNC_CRON');
  } else {
    say('no BLIZZARD_CLIENT_ID: the Blizzard stand-in plays the demo guild');
    const blizzard = await startStandIn(
      'blizzard',
      join(ROOT, 'libs/testing/src/blizzard/main.ts'),
      ['--port', process.env['BLIZZARD_STAND_IN_PORT'] ?? '3201'],
      'BLIZZARD_STAND_IN_READY',
      { ...common, BLIZZARD_CLIENT_ID: 'patt-dev-client', BLIZZARD_CLIENT_SECRET: 'patt-dev-secret' },
    );
    env['guild-sync'] = {
      BLIZZARD_CLIENT_ID: 'patt-dev-client',
      BLIZZARD_CLIENT_SECRET: 'patt-dev-secret',
      BLIZZARD_API_URL: String(blizzard['BLIZZARD_API_URL']),
      BLIZZARD_OAUTH_URL: String(blizzard['BLIZZARD_OAUTH_URL']),
      GUILD_REALM_SLUG: String(blizzard['GUILD_REALM_SLUG']),
      GUILD_NAME_SLUG: String(blizzard['GUILD_NAME_SLUG']),
    };
  }
  if (process.env['DISCORD_TOKEN']) {
    env['discord-bot'] = pick((k) => k.startsWith('DISCORD_') || k === 'ROLE_SYNC_MODE');
  } else {
    say('no DISCORD_TOKEN: the Discord stand-in plays the demo server');
    const discord = await startStandIn(
      'discord',
      join(ROOT, 'libs/testing/src/discord/main.ts'),
      ['--port', process.env['DISCORD_STAND_IN_PORT'] ?? '3202'],
      'DISCORD_STAND_IN',
      { ...common },
    );
    env['discord-bot'] = {
      DISCORD_API_URL: String(discord['apiUrl']),
      DISCORD_TOKEN: String(discord['token']),
      DISCORD_GUILD_ID: String(discord['guildId']),
      DISCORD_AUDIT_CHANNEL_ID: String(discord['auditChannelId']),
      ROLE_SYNC_MODE: process.env['ROLE_SYNC_MODE'] ?? 'report',
    };
  }
  return env;
}

main().catch(async (error: unknown) => {
  console.error(`\n[start] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
