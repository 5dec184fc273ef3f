import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { BUS_USERS, busAuthorization } from '@patt/messaging';

export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = createConnection({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolvePort(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function natsServerBinary(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  if (found.status === 0) return found.stdout.trim();
  return existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : null;
}

/**
 * Starts a nats-server with JetStream on a port and store of its own (tests restart it under load);
 * with a configuration file, the file says where it listens and stores (and who its users are).
 * `ownProcessGroup`: out of the caller's process group, so a terminal's Ctrl-C does not stop it
 * before the services using it (the dev launcher stops it last itself).
 */
export async function startNatsServer(
  port: number,
  storeDir: string,
  timeoutMs = 15_000,
  { ownProcessGroup = false, configFile, env }: { ownProcessGroup?: boolean; configFile?: string; env?: Record<string, string> } = {},
): Promise<ChildProcess> {
  const binary = natsServerBinary();
  if (!binary) throw new Error('nats-server is not installed (Debian: apt-get install nats-server)');
  mkdirSync(storeDir, { recursive: true });
  const args = configFile ? ['-c', configFile] : ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir];
  const child = spawn(binary, args, { stdio: 'ignore', detached: ownProcessGroup, env: env ? { ...process.env, ...env } : process.env });
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nats-server did not start on ${port}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

/** A bus with users: where it listens, each user's password, and how to stop it. */
export interface AuthenticatedBus {
  /** The server's address, with no credentials in it. */
  url: string;
  /** Every user's password: each service's, the setup user's and any super users'. */
  passwords: Record<string, string>;
  configFile: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface AuthenticatedBusOptions {
  port: number;
  /** JetStream's store; the configuration file is written beside it. */
  storeDir: string;
  root?: string;
  stream?: string;
  /** Users with every permission (the tests' publisher and taps): name → nothing, a password is made. */
  superUsers?: readonly string[];
  /** Out of the caller's process group (the dev launcher stops it last itself). */
  ownProcessGroup?: boolean;
}

/** A random password: 24 bytes, base64url (letters, digits, - and _; nothing a config file must escape). */
export function randomPassword(): string {
  return `p${randomBytes(24).toString('base64url')}`;
}

/**
 * Starts a nats-server with JetStream and the bus's generated authorization (libs/messaging,
 * busAuthorization): one user per service with a random password, the setup user, and any super
 * users asked for. The configuration file holds the passwords, so it is written 0600 and is the
 * server's alone.
 */
export async function startAuthenticatedBus(options: AuthenticatedBusOptions): Promise<AuthenticatedBus> {
  const passwords: Record<string, string> = {};
  for (const user of BUS_USERS) passwords[user] = randomPassword();
  const superUsers: Record<string, string> = {};
  for (const user of options.superUsers ?? []) superUsers[user] = passwords[user] = randomPassword();
  mkdirSync(options.storeDir, { recursive: true });
  const configFile = join(dirname(options.storeDir), `${basename(options.storeDir)}.conf`);
  const config = [
    `listen: "127.0.0.1:${options.port}"`,
    `jetstream { store_dir: ${JSON.stringify(options.storeDir)} }`,
    busAuthorization({ root: options.root, stream: options.stream, passwords, superUsers }),
  ].join('\n');
  writeFileSync(configFile, config, { mode: 0o600 });
  chmodSync(configFile, 0o600);
  const child = await startNatsServer(options.port, options.storeDir, 15_000, { configFile, ownProcessGroup: options.ownProcessGroup });
  return {
    url: `nats://127.0.0.1:${options.port}`,
    passwords,
    configFile,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolveExit) => child.once('exit', resolveExit));
      }
    },
  };
}
