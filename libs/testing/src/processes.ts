import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/**
 * Ports for the processes a test starts, which bind them later: a port is handed out here, then
 * released, then bound by the child. A port the kernel picks (`listen(0)`) comes from the
 * ephemeral range, where every outgoing connection (to Postgres, to NATS) takes its local port
 * too, and another suite's `listen(0)` may draw the same one in between: a service then fails to
 * start with EADDRINUSE. So ports come from below that range, from a block of this jest worker's
 * own (parallel workers never share one), from a random point in it (runs side by side on one
 * machine rarely meet), each one checked free and none handed out twice by this process.
 */
const PORTS_FROM = 10_000;
const PORTS_TO = 32_000; // below Linux's default ephemeral range (32768–60999)
const WORKER_BLOCKS = 8;
const BLOCK_SIZE = Math.floor((PORTS_TO - PORTS_FROM) / WORKER_BLOCKS);
const workerBlock = (Number(process.env['JEST_WORKER_ID'] ?? '1') - 1) % WORKER_BLOCKS;
const blockStart = PORTS_FROM + workerBlock * BLOCK_SIZE;
let cursor = Math.floor(Math.random() * BLOCK_SIZE);

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolveFree(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolveFree(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let tries = 0; tries < BLOCK_SIZE; tries++) {
    const port = blockStart + (cursor++ % BLOCK_SIZE);
    // Services listen on every address (0.0.0.0), stand-ins and probes on 127.0.0.1: both must be free.
    if ((await canListen(port, '0.0.0.0')) && (await canListen(port, '127.0.0.1'))) return port;
  }
  throw new Error(`no free port in ${blockStart}–${blockStart + BLOCK_SIZE - 1}`);
}

export function builtMain(app: string): string {
  const main = join(WORKSPACE_ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm test builds every app; or npx nx build ${app})`);
  return main;
}

export interface RunningService {
  name: string;
  child: ChildProcess;
  /** Every line the process wrote, for assertions and for failure reports. */
  output: string[];
  healthUrl: string;
  /** Sends SIGTERM and waits for the exit; its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILL: the process gets no chance to finish anything. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

export interface StartOptions {
  /** The app under dist/apps, or a TypeScript entry run through SWC. */
  app?: string;
  script?: string;
  env: Record<string, string>;
  /** A URL that answers 200 once the process is ready… */
  readyUrl?: string;
  /** …or a line the process prints when it is. */
  readyLine?: string;
  timeoutMs?: number;
}

/** Starts a service as its own process, the way `npm start` and Compose run it, and waits until it is ready. */
export async function startProcess(name: string, options: StartOptions): Promise<RunningService> {
  const args = options.app
    ? [builtMain(options.app)]
    : ['--require', join(WORKSPACE_ROOT, 'tools/dev/register.cjs'), options.script as string];
  const child = spawn(process.execPath, args, {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  const ready = async (): Promise<boolean> => {
    if (options.readyLine) return output.some((line) => line.includes(options.readyLine as string));
    try {
      return (await fetch(options.readyUrl as string)).ok;
    } catch {
      return false; // not listening yet
    }
  };
  while (Date.now() < deadline && !exitedEarly) {
    if (await ready()) break;
    await new Promise((r) => setTimeout(r, 150));
  }
  if (exitedEarly || Date.now() >= deadline) {
    child.kill('SIGKILL');
    throw new Error(`${name} did not become ready:\n${output.slice(-40).join('\n')}`);
  }
  return {
    name,
    child,
    output,
    healthUrl: options.readyUrl ?? '',
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
