// The companion as an officer runs it: `npm run companion`'s command (the TypeScript entry through
// the workspace's SWC register hook) in a process of its own, its lines collected for assertions.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@patt/testing';

export interface CompanionProcess {
  child: ChildProcess;
  /** Every line, stdout and stderr interleaved in arrival order. */
  lines: string[];
  stdout: string[];
  stderr: string[];
  /** The first line (from index `from` on) that matches; fails with everything printed so far. */
  waitForLine(pattern: RegExp, options?: { timeoutMs?: number; from?: number }): Promise<string>;
  /** SIGTERM, as Ctrl-C would; the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

export const COMPANION_MAIN = join(WORKSPACE_ROOT, 'apps/companion/src/main.ts');

export function startCompanion(args: readonly string[], env: Record<string, string> = {}): CompanionProcess {
  const child = spawn(process.execPath, ['--require', join(WORKSPACE_ROOT, 'tools/dev/register.cjs'), COMPANION_MAIN, ...args], {
    cwd: WORKSPACE_ROOT,
    // UTC, so that the clock at the start of each line reads like the export times in the tests.
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (into: string[]) => {
    let partial = '';
    return (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        into.push(line);
        lines.push(line);
      }
    };
  };
  child.stdout?.on('data', collect(stdout));
  child.stderr?.on('data', collect(stderr));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitForLine = async (pattern: RegExp, options: { timeoutMs?: number; from?: number } = {}): Promise<string> => {
    const deadline = Date.now() + (options.timeoutMs ?? 20_000);
    let done = false;
    void exited.then(() => (done = true));
    for (;;) {
      const found = lines.slice(options.from ?? 0).find((line) => pattern.test(line));
      if (found !== undefined) return found;
      if (done || Date.now() > deadline) {
        throw new Error(`the companion ${done ? 'exited' : 'printed nothing'} matching ${pattern}; it printed:\n${lines.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    child,
    lines,
    stdout,
    stderr,
    waitForLine,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
