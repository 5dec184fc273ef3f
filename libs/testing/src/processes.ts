import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../..');

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
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
