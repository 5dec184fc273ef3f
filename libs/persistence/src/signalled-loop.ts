import { Logger } from '@nestjs/common';

/** What a pass of a worker reports: more is waiting (run again at once), or nothing is. */
export type PassOutcome = 'more' | 'idle';

export interface SignalledLoopOptions {
  /** The worker's name in logs: its class's name. */
  name: string;
  /** How often the loop looks for work when nothing woke it (a missed signal costs this much). */
  pollMs: number;
  /** The longest pause after passes that failed one after another. */
  maxBackoffMs?: number;
}

/** The pause after the n-th failed pass in a row: 0.5 s, 1 s, 2 s … up to the loop's ceiling. */
export function backoffMs(failures: number, maxBackoffMs: number): number {
  return Math.min(maxBackoffMs, 250 * 2 ** Math.min(failures, 8));
}

/**
 * A worker's loop: runs `pass` whenever it is woken (a commit signalled new work, see
 * CommitSignals) or the poll interval passes, at once again while the pass says more is waiting,
 * and backs off while passes fail. A wake that comes during a pass is not lost: the next pass
 * starts right after.
 */
export class SignalledLoop {
  private readonly logger: Logger;
  private running = false;
  private woken = false;
  private loop: Promise<void> | null = null;
  private interrupt: (() => void) | null = null;

  constructor(
    private readonly pass: () => Promise<PassOutcome>,
    private readonly options: SignalledLoopOptions,
  ) {
    this.logger = new Logger(options.name);
  }

  get active(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
    this.woken = true;
    this.interrupt?.();
  }

  /** Lets the pass in hand finish, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.interrupt?.();
    await this.loop;
    this.loop = null;
  }

  /** A wait inside a pass (letting a burst of work settle, say) that a stop cuts short. */
  pause(ms: number): Promise<void> {
    return this.sleep(ms, false);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.woken = false;
      try {
        const outcome = await this.pass();
        failures = 0;
        if (outcome === 'more') continue;
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0) this.logger.warn({ err: error, failures }, 'a pass failed; retrying');
        await this.sleep(backoffMs(failures, this.options.maxBackoffMs ?? 30_000), false);
        continue;
      }
      if (!this.woken) await this.sleep(this.options.pollMs, true);
    }
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interrupt = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interrupt = () => {
        if (wakeable || !this.running) done();
      };
    });
  }
}
