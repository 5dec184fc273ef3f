// `npm start`: the whole platform on one machine, every service its own process, logs prefixed by
// service, a clean stop on Ctrl-C. Postgres and NATS come from tools/dev/infra.ts; without
// Blizzard or Discord credentials the stand-ins from libs/testing play the demo guild.
import { ChildProcess, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setupDatabase, withDatabase } from '@patt/persistence';
import type { RankRoleName } from '@patt/testing';
import { ChildRole, killSurvivors, ManagedChild, spawnChild, stopInOrder } from './children';
import { runDemo } from './demo';
import { DATA_DIR, ensureBus, ensurePostgres, ROOT } from './infra';
import { adminSignIn, jwtSecretFor, keptSecret, rolePassword } from './secrets';
import { formatLogLine } from './log-format';

const SERVICES = [
  { app: 'auth', schema: 'auth', healthPort: 3101 },
  { app: 'identity', schema: 'identity', healthPort: 3102 },
  { app: 'guild-sync', schema: 'guild_sync', healthPort: 3103 },
  { app: 'discord-bot', schema: 'discord', healthPort: 3104 },
  { app: 'campaigns', schema: 'campaigns', healthPort: 3105 },
] as const;

const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m', '\x1b[31m'];
const RESET = '\x1b[0m';
const children: ManagedChild[] = [];
let stopping = false;

function say(line: string): void {
  console.log(`\x1b[1m[start]\x1b[0m ${line}`);
}


function launch(name: string, args: string[], env: NodeJS.ProcessEnv, colour: string, role: ChildRole = 'service'): ChildProcess {
  const child = spawnChild(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
  children.push({ name, role, child });
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
  // The services first, then the stand-ins they talk to (tools/dev/children.ts).
  await stopInOrder(children, undefined, (names) => say(`stopping ${names.join(', ')}`));
  await infraStop?.();
  say('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  // The children run in process groups of their own: Ctrl-C reaches this process only, which
  // stops them in order. Should it exit any other way, it takes them along.
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  process.on('exit', () => killSurvivors(children));

  const pg = await ensurePostgres(say);
  infraStop = pg.stop;
  const bus = await ensureBus(say, [...SERVICES.map((s) => s.app), 'gateway']);
  infraStop = async () => {
    await bus.stop();
    await pg.stop();
  };
  const infra = { adminUrl: pg.url };
  // Each service connects as its own user of the bus (its name), with its password.
  const natsPassword = (app: string): NodeJS.ProcessEnv => (bus.passwords ? { NATS_PASSWORD: bus.passwords[app] } : {});
  const database = process.env['PATT_DATABASE'] ?? 'patt';
  // One password per role (setupDatabase sets it at every start), kept in .data.
  const urlFor = (schema: string) => {
    const url = new URL(withDatabase(infra.adminUrl, database));
    url.username = `patt_${schema}`;
    url.password = rolePassword(DATA_DIR, schema);
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
    NATS_URL: bus.url,
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
    PUBLIC_URL: process.env['PUBLIC_URL'] ?? `http://localhost:${port}`,
  };
  // Only auth (which signs access tokens) and the gateway (which checks them) get the JWT secret.
  const jwtSecret = process.env['JWT_SECRET'] ?? keptSecret(DATA_DIR, 'jwt-secret', () => randomBytes(32).toString('hex')).value;
  const admin = process.env['ADMIN_PASSWORD'] ? 'from-environment' : keptSecret(DATA_DIR, 'admin-password', () => randomBytes(9).toString('base64url'));
  const adminPassword = admin === 'from-environment' ? (process.env['ADMIN_PASSWORD'] as string) : admin.value;
  const adminUsername = process.env['ADMIN_USERNAME'] ?? 'admin';
  const { env: standIns, demoRoles } = await startStandIns(common);
  const passThrough = (names: string[]) => Object.fromEntries(names.filter((n) => process.env[n]).map((n) => [n, process.env[n]]));

  SERVICES.forEach((service, index) => {
    const env: NodeJS.ProcessEnv = {
      ...common,
      ...jwtSecretFor(service.app, jwtSecret),
      DATABASE_URL: urlFor(service.schema),
      HEALTH_PORT: String(service.healthPort),
      ...natsPassword(service.app),
      ...standIns[service.app],
    };
    if (service.app === 'auth') Object.assign(env, { ADMIN_USERNAME: adminUsername, ADMIN_PASSWORD: adminPassword });
    if (service.app === 'identity') Object.assign(env, passThrough(['STALE_AFTER_DAYS']));
    if (service.app === 'campaigns') Object.assign(env, passThrough(['SCHEDULE_TICK_MS']));
    const main = join(ROOT, 'dist/apps', service.app, 'apps', service.app, 'src/main.js');
    launch(service.app, [main], env, COLOURS[index % COLOURS.length] as string);
  });
  await Promise.all(SERVICES.map((s) => waitReady(s.app, `http://127.0.0.1:${s.healthPort}/health/ready`)));
  // The gateway serves the web app the build just made (dist/apps/web, its default WEB_ROOT), and
  // PUBLIC_URL (above) is the gateway's own address: the stand-in's invite DMs link to
  // ${PUBLIC_URL}/register?code=…, which opens that app.
  launch(
    'gateway',
    [join(ROOT, 'dist/apps/gateway/apps/gateway/src/main.js')],
    { ...common, ...jwtSecretFor('gateway', jwtSecret), ...natsPassword('gateway'), PORT: String(port), ...passThrough(['WEB_ROOT', 'METRICS_PORT']) },
    COLOURS[4] as string,
  );
  await waitReady('gateway', `http://127.0.0.1:${port}/health`);

  say('');
  say(`the platform is up:  http://localhost:${port}`);
  say(`  web app            http://localhost:${port}/  (invite links: ${common['PUBLIC_URL']}/register?code=…)`);
  say(`  API docs           http://localhost:${port}/api/docs`);
  say(`  health             http://localhost:${port}/health`);
  say(`  metrics            http://localhost:${process.env['METRICS_PORT'] ?? 9464}/metrics  (each service's on its health port)`);
  say(`  sign in            http://localhost:${port}/login as ${adminSignIn(adminUsername, admin)}`);
  say('Ctrl-C stops everything.');
  // Both stand-ins play the demo guild: set it up as an officer would, in the background.
  if (demoRoles) {
    void runDemo({
      gatewayUrl: `http://127.0.0.1:${port}`,
      publicUrl: String(common['PUBLIC_URL']),
      username: adminUsername,
      password: adminPassword,
      rankRoleIds: demoRoles,
      say,
    });
  }
}

/** The demo's OAuth2 client secret for signing in with Discord: the stand-in's, not a secret. */
const DEMO_DISCORD_CLIENT_SECRET = 'patt-dev-discord-secret';

/** Starts a stand-in and waits for the line on which it announces its settings as JSON. */
function startStandIn(name: string, script: string, args: string[], marker: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = launch(name, ['--require', join(ROOT, 'tools/dev/register.cjs'), script, ...args], env, COLOURS[5] as string, 'stand-in');
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
 * Without credentials the platform talks to the stand-ins: a Blizzard API with the demo guild and
 * the demo guild's Discord server, each its own process, speaking the real protocols. With both,
 * the demo's rank roles come back for tools/dev/demo.ts.
 */
async function startStandIns(
  common: NodeJS.ProcessEnv,
): Promise<{ env: Partial<Record<string, NodeJS.ProcessEnv>>; demoRoles: Record<RankRoleName, string> | null }> {
  const env: Partial<Record<string, NodeJS.ProcessEnv>> = {};
  let demoRoles: Record<RankRoleName, string> | null = null;
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
      BLIZZARD_AUTHORIZE_URL: String(blizzard['BLIZZARD_AUTHORIZE_URL']),
      GUILD_REALM_SLUG: String(blizzard['GUILD_REALM_SLUG']),
      GUILD_NAME_SLUG: String(blizzard['GUILD_NAME_SLUG']),
    };
  }
  if (process.env['DISCORD_TOKEN']) {
    env['discord-bot'] = pick((k) => k.startsWith('DISCORD_') || k === 'ROLE_SYNC_MODE');
    // Signing in with Discord, when its application is configured too.
    env['auth'] = pick((k) => ['DISCORD_CLIENT_ID', 'DISCORD_CLIENT_SECRET', 'DISCORD_OAUTH_URL', 'DISCORD_API_URL'].includes(k));
  } else {
    say('no DISCORD_TOKEN: the Discord stand-in plays the demo server');
    const discord = await startStandIn(
      'discord',
      join(ROOT, 'libs/testing/src/discord/main.ts'),
      ['--port', process.env['DISCORD_STAND_IN_PORT'] ?? '3202'],
      'DISCORD_STAND_IN',
      { ...common, DISCORD_CLIENT_SECRET: DEMO_DISCORD_CLIENT_SECRET },
    );
    env['discord-bot'] = {
      DISCORD_API_URL: String(discord['apiUrl']),
      DISCORD_TOKEN: String(discord['token']),
      DISCORD_GUILD_ID: String(discord['guildId']),
      DISCORD_AUDIT_CHANNEL_ID: String(discord['auditChannelId']),
      // The demo shows role sync at work: ranks change Discord roles.
      ROLE_SYNC_MODE: process.env['ROLE_SYNC_MODE'] ?? 'enforce',
    };
    // "Sign in with Discord" works offline: the stand-in is the OAuth2 provider too, its authorize
    // page listing the demo server's people (a member signs in once identity has linked them).
    env['auth'] = {
      DISCORD_CLIENT_ID: String(discord['clientId']),
      DISCORD_CLIENT_SECRET: DEMO_DISCORD_CLIENT_SECRET,
      DISCORD_OAUTH_URL: String(discord['oauthUrl']),
      DISCORD_API_URL: String(discord['apiUrl']),
    };
    if (!process.env['BLIZZARD_CLIENT_ID']) demoRoles = discord['rankRoleIds'] as Record<RankRoleName, string>;
  }
  return { env, demoRoles };
}

main().catch(async (error: unknown) => {
  console.error(`\n[start] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
