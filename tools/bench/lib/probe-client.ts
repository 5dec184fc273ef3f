// The benchmark's side of a probe process (probe-process.ts): spawn it, send commands, await answers.
import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { withTimeout } from './harness';
import { EmitResult, PacedResult, PROBE_MARK, ProbeCommand, ProbeReply } from './probe-protocol';

export const WORKSPACE_ROOT = resolve(__dirname, '../../..');
export const REGISTER = join(WORKSPACE_ROOT, 'tools/dev/register.cjs');

export interface ProbeEnv {
  role: 'producer' | 'consumer';
  schema: string;
  databaseUrl: string;
  natsUrl: string;
  subjectRoot: string;
  stream: string;
  /** JetStream's ack wait for the durable consumer; the services' default is 30 s. */
  ackWaitSeconds?: number;
}

type CommandBody = ProbeCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

export class ProbeProcess {
  private nextId = 1;
  /** Set once close() began: what the probe logs while it stops (queries cut off) is kept, not shown. */
  private closing = false;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly exited: Promise<number | null>;
  /** The probe's own log lines (warnings and errors; its level is warn). */
  readonly log: string[] = [];

  private constructor(
    readonly role: string,
    readonly child: ChildProcess,
    readonly readyInMs: number,
  ) {
    this.exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    void this.exited.then((code) => {
      for (const [, waiter] of this.waiting) waiter.reject(new Error(`${role} probe exited (${code}):\n${this.log.slice(-20).join('\n')}`));
      this.waiting.clear();
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  static async start(env: ProbeEnv, timeoutMs = 30_000): Promise<ProbeProcess> {
    const child = spawn(process.execPath, ['--require', REGISTER, join(__dirname, 'probe-process.ts')], {
      cwd: WORKSPACE_ROOT,
      env: {
        ...process.env,
        PROBE_ROLE: env.role,
        PROBE_SERVICE: env.role,
        PROBE_SCHEMA: env.schema,
        DATABASE_URL: env.databaseUrl,
        NATS_URL: env.natsUrl,
        NATS_SUBJECT_ROOT: env.subjectRoot,
        NATS_STREAM: env.stream,
        PROBE_ACK_WAIT_SECONDS: String(env.ackWaitSeconds ?? 30),
        LOG_LEVEL: 'warn',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const log: string[] = [];
    let probe: ProbeProcess | null = null;
    const ready = new Promise<ProbeProcess>((resolveReady, rejectReady) => {
      const onLine = (line: string) => {
        if (!line.startsWith(PROBE_MARK)) {
          if (line.trim()) {
            (probe?.log ?? log).push(line);
            if (probe && !probe.closing) console.error(`  [${env.role}] ${line.slice(0, 400)}`);
          }
          return;
        }
        const message = JSON.parse(line.slice(PROBE_MARK.length)) as ProbeReply;
        if (message.kind === 'ready') {
          probe = new ProbeProcess(env.role, child, message.readyInMs);
          probe.log.push(...log.splice(0));
          resolveReady(probe);
        } else {
          probe?.settle(message);
        }
      };
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', onLine);
      createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', onLine);
      child.once('exit', (code) => rejectReady(new Error(`${env.role} probe exited (${code}) before it was ready:\n${log.slice(-30).join('\n')}`)));
    });
    try {
      return await withTimeout(ready, timeoutMs, `${env.role} probe start`);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  private settle(message: Exclude<ProbeReply, { kind: 'ready' }>): void {
    const waiter = this.waiting.get(message.id);
    if (!waiter) return;
    this.waiting.delete(message.id);
    if (message.kind === 'error') waiter.reject(new Error(`${this.role} probe: ${message.error}`));
    else waiter.resolve(message.result);
  }

  private send<T>(body: CommandBody, timeoutMs: number): Promise<T> {
    const id = this.nextId++;
    const answer = new Promise<T>((resolveAnswer, reject) => {
      this.waiting.set(id, { resolve: (value) => resolveAnswer(value as T), reject });
    });
    this.child.stdin?.write(`${JSON.stringify({ ...body, id })}\n`);
    return withTimeout(answer, timeoutMs, `${this.role} probe ${body.cmd}`);
  }

  /** Emits as fast as the producer can; stops beginning transactions after `stopAt` (epoch ms). */
  emit(count: number, prefix: string, perTransaction: number, concurrency: number, stopAt: number): Promise<EmitResult> {
    return this.send({ cmd: 'emit', count, prefix, perTransaction, concurrency, stopAt }, Math.max(0, stopAt - Date.now()) + 30_000);
  }

  paced(rate: number, seconds: number, prefix: string, timeoutMs: number): Promise<PacedResult> {
    return this.send({ cmd: 'paced', rate, seconds, prefix }, timeoutMs);
  }

  async unpublished(): Promise<number> {
    return (await this.send<{ unpublished: number }>({ cmd: 'unpublished' }, 10_000)).unpublished;
  }

  /** Asks the probe to shut down as SIGTERM would; SIGKILL when it does not within 15 s. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.closing = true;
    await this.send({ cmd: 'close' }, 15_000).catch(() => undefined);
    const exited = await withTimeout(this.exited, 5_000, `${this.role} probe exit`).catch(() => 'late' as const);
    if (exited === 'late') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
