import { SyncRunProgress } from '@patt/contracts';

export interface ProgressReporterOptions {
  /** Write after this many more characters are done… */
  every: number;
  /** …or when this long has passed since the last write, whichever comes first. */
  intervalMs: number;
  now?: () => number;
}

/**
 * Keeps a run's done/total and writes it to the run row now and then: often enough that an
 * officer watching sees it move, seldom enough that 5,000 profiles are not 5,000 updates. One
 * write at a time; a write that fails is forgotten (the next one carries the newer figure).
 */
export class ProgressReporter {
  private done = 0;
  private total = 0;
  private writtenDone = -1;
  private lastWriteAt = -Infinity;
  private writing: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly write: (progress: SyncRunProgress) => Promise<void>,
    private readonly options: ProgressReporterOptions = { every: 50, intervalMs: 1000 },
  ) {
    this.now = options.now ?? Date.now;
  }

  get progress(): SyncRunProgress {
    return { done: this.done, total: this.total };
  }

  /** The total is known (the roster is in): written at once. */
  begin(total: number): void {
    this.total = total;
    this.done = 0;
    this.flush();
  }

  tick(): void {
    this.done++;
    if (this.done - this.writtenDone >= this.options.every || this.now() - this.lastWriteAt >= this.options.intervalMs) this.flush();
  }

  /** Waits for the write in flight, if any. */
  async settle(): Promise<void> {
    await this.writing;
  }

  private flush(): void {
    if (this.writing) return;
    const progress = this.progress;
    this.lastWriteAt = this.now();
    this.writtenDone = progress.done;
    this.writing = this.write(progress)
      .catch(() => undefined)
      .finally(() => {
        this.writing = null;
      });
  }
}
