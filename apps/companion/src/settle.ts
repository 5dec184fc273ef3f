// WoW writes a SavedVariables file in pieces (and some systems report the change before the last
// piece lands), so the companion reads the file only once its size and modification time have
// stayed the same for a while. The decision is pure (SettleTracker); waitUntilSettled drives it
// with real stats and a clock.
import { stat } from 'node:fs/promises';

/** What is looked at: a file that keeps these the same for long enough is done being written. */
export interface FileSample {
  size: number;
  mtimeMs: number;
  /** The inode (file id): a replaced file may have the same size and time but a new id. */
  ino: number;
}

export function sameSample(a: FileSample | null, b: FileSample | null): boolean {
  return a !== null && b !== null && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

/**
 * Fed one sample after another (null: the file is not there, as between WoW removing the old one
 * and renaming the new one in), it says when the file has been unchanged for `settleMs`.
 */
export class SettleTracker {
  private last: FileSample | null = null;
  private unchangedSince: number | null = null;

  constructor(private readonly settleMs: number) {}

  /** True once the file exists and has not changed for settleMs up to `now`. */
  observe(sample: FileSample | null, now: number): boolean {
    if (sample === null) {
      this.last = null;
      this.unchangedSince = null;
      return false;
    }
    if (!sameSample(this.last, sample)) {
      this.last = sample;
      this.unchangedSince = now;
    }
    return now - (this.unchangedSince as number) >= this.settleMs;
  }

  /** The sample that has settled (the last one observed). */
  get sample(): FileSample | null {
    return this.last;
  }
}

export async function sampleFile(path: string): Promise<FileSample | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino } : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export interface SettleWaitOptions {
  settleMs: number;
  /** How often to look; a quarter of the settle time, within [50, 500] ms, unless told. */
  sampleEveryMs?: number;
  /** Ends the wait early (a stop, or giving up on a file that is gone): resolves null. */
  signal?: AbortSignal;
  /** How long a missing file is waited for before giving up (it may be gone for good). */
  missingForMs?: number;
  sample?: (path: string) => Promise<FileSample | null>;
  now?: () => number;
}

/**
 * Resolves with the settled sample, or null when the file stayed missing for `missingForMs` or
 * the signal fired.
 */
export async function waitUntilSettled(path: string, options: SettleWaitOptions): Promise<FileSample | null> {
  const tracker = new SettleTracker(options.settleMs);
  const every = options.sampleEveryMs ?? Math.min(Math.max(Math.round(options.settleMs / 4), 50), 500);
  const sample = options.sample ?? sampleFile;
  const now = options.now ?? Date.now;
  const missingFor = options.missingForMs ?? Math.max(options.settleMs * 2, 2_000);
  let missingSince: number | null = null;
  for (;;) {
    if (options.signal?.aborted) return null;
    const current = await sample(path);
    const at = now();
    if (tracker.observe(current, at)) return tracker.sample;
    if (current === null) {
      missingSince ??= at;
      if (at - missingSince >= missingFor) return null;
    } else {
      missingSince = null;
    }
    await pause(every, options.signal);
  }
}

/** setTimeout as a promise that an abort signal ends early (resolving, not rejecting). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
