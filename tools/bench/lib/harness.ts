// Runs one benchmark: a time limit, cleanup in reverse order whatever happens (error, Ctrl-C,
// time limit), and an exit code: 0 all goals met, 2 a goal missed, 1 the benchmark failed.
import { ensureInfra, Infra } from '../../dev/infra';

export const EXIT_GOAL_MISSED = 2;

type CleanupTask = { label: string; run: () => Promise<unknown> };

export class Cleanup {
  private readonly tasks: CleanupTask[] = [];
  private readonly late: Array<Promise<void>> = [];
  private running: Promise<void> | null = null;

  /** Registers a task; the last registered runs first. Once cleanup has begun, a task runs at once. */
  add(label: string, run: () => Promise<unknown>): void {
    if (this.running) this.late.push(this.runOne({ label, run }));
    else this.tasks.push({ label, run });
  }

  async runAll(): Promise<void> {
    this.running ??= (async () => {
      for (const task of this.tasks.splice(0).reverse()) await this.runOne(task);
    })();
    await this.running;
    await Promise.all(this.late);
  }

  private async runOne(task: CleanupTask): Promise<void> {
    try {
      await withTimeout(task.run(), 20_000, task.label);
    } catch (error) {
      console.error(`cleanup: ${task.label} failed: ${describe(error)}`);
    }
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export function sleep(msToWait: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}

export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` until `done` holds or the time is up; returns the last value either way. */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  intervalMs = 100,
): Promise<{ value: T; timedOut: boolean }> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() >= deadline) return { value, timedOut: true };
    await sleep(intervalMs);
    value = await probe();
  }
  return { value, timedOut: false };
}

/**
 * Finds Postgres and NATS (or starts embedded ones) and points @patt/testing at them. Embedded
 * servers started here are stopped at cleanup.
 */
export async function prepareInfra(cleanup: Cleanup): Promise<Infra> {
  const infra = await ensureInfra((line) => console.log(`  ${line}`));
  cleanup.add('infra', () => infra.stop());
  process.env['PATT_TEST_ADMIN_URL'] = infra.adminUrl;
  process.env['PATT_TEST_NATS_URL'] = infra.natsUrl;
  return infra;
}

/** Removes a test stream (its messages and consumers) from JetStream; a missing one is fine. */
export async function deleteStream(natsUrl: string, stream: string): Promise<void> {
  const { connect } = await import('nats');
  const nc = await connect({ servers: natsUrl.split(','), name: 'bench-cleanup', timeout: 5000 });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch((error: unknown) => {
      if (!String(error).includes('not found')) throw error;
    });
  } finally {
    await nc.close();
  }
}

/**
 * Runs `main` within `timeLimitMs`. `main` returns whether every goal was met. Whatever happens,
 * cleanup runs (databases dropped, streams deleted, child processes stopped) and the process exits.
 */
export function runBench(name: string, timeLimitMs: number, main: (cleanup: Cleanup) => Promise<boolean>): void {
  const cleanup = new Cleanup();
  let exitCode: number | null = null;
  // The first outcome decides the exit code; whatever comes after waits for the same cleanup.
  const finish = async (code: number): Promise<never> => {
    exitCode ??= code;
    await cleanup.runAll();
    process.exit(exitCode);
  };
  const watchdog = setTimeout(() => {
    console.error(`\n${name}: time limit of ${Math.round(timeLimitMs / 1000)} s reached; stopping and cleaning up`);
    void finish(1);
  }, timeLimitMs);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${name}: ${signal}; cleaning up`);
      void finish(130);
    });
  }
  main(cleanup)
    .then((goalsMet) => finish(goalsMet ? 0 : EXIT_GOAL_MISSED))
    .catch((error: unknown) => {
      // After Ctrl-C or the time limit, what was running fails as its processes stop: no news.
      if (exitCode === null) console.error(`\n${name} failed: ${describe(error)}`);
      return finish(1);
    });
}
