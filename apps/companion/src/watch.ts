// Tells the companion that the SavedVariables file may have changed. WoW does not write the file in
// place: it writes a new one and renames it over the old (keeping a .bak), so a watch on the file
// itself would follow the old, deleted file and go quiet. The directory is watched instead (its
// create and rename events name the file), re-armed if the directory itself is replaced or the
// watch fails, and a poll compares the file's size, time and id in case events never come
// (fs.watch is unreliable on network drives and some filesystems).
import { FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { FileSample, sameSample, sampleFile } from './settle';

export interface WatcherOptions {
  file: string;
  pollIntervalMs: number;
  /** False: poll only. */
  useEvents: boolean;
  /** Called for every sign of change; the caller coalesces (it settles before reading anyway). */
  onChange: (why: 'event' | 'poll') => void;
  /** A problem worth one line (the folder is missing, the watch broke); repeated ones are not re-reported. */
  onProblem: (sentence: string) => void;
}

export class SavedVariablesWatcher {
  private readonly directory: string;
  private readonly name: string;
  private watcher: FSWatcher | null = null;
  /** The directory's id when the watch was set up: a different one means it was replaced. */
  private watchedDirIno: number | null = null;
  private lastSample: FileSample | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private stopped = false;
  private lastProblem: string | null = null;

  constructor(private readonly options: WatcherOptions) {
    this.directory = dirname(options.file);
    this.name = basename(options.file);
  }

  /** Starts watching; the file's current state is the baseline (the caller looks at it itself). */
  async start(): Promise<void> {
    this.lastSample = await sampleFile(this.options.file).catch(() => null);
    await this.arm();
    this.timer = setInterval(() => void this.poll(), this.options.pollIntervalMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.disarm();
  }

  /** True while directory events are being received (for the start line and the tests). */
  get armed(): boolean {
    return this.watcher !== null;
  }

  private async arm(): Promise<void> {
    if (!this.options.useEvents || this.stopped) return;
    let dirIno: number;
    try {
      const info = await stat(this.directory);
      if (!info.isDirectory()) return this.problem(`${this.directory} is not a folder; waiting for it to become one`);
      dirIno = info.ino;
    } catch {
      return this.problem(`the folder ${this.directory} does not exist yet; waiting for it`);
    }
    if (this.watcher && this.watchedDirIno === dirIno) return;
    this.disarm();
    try {
      const watcher = watch(this.directory, { persistent: true }, (_event, filename) => {
        // Some systems give no name; then any change in the folder is a maybe.
        if (filename === null || filename === undefined || String(filename) === this.name) this.options.onChange('event');
      });
      watcher.on('error', () => {
        // The folder went away or the system dropped the watch: poll until it can be set up again.
        if (this.watcher === watcher) this.disarm();
      });
      this.watcher = watcher;
      this.watchedDirIno = dirIno;
      this.lastProblem = null;
    } catch (error) {
      this.problem(`cannot watch ${this.directory} (${(error as NodeJS.ErrnoException).code ?? String(error)}); polling every ${this.options.pollIntervalMs} ms instead`);
    }
  }

  private disarm(): void {
    this.watcher?.close();
    this.watcher = null;
    this.watchedDirIno = null;
  }

  private async poll(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      await this.arm();
      const current = await sampleFile(this.options.file).catch(() => null);
      const changed = current !== null && !sameSample(current, this.lastSample);
      this.lastSample = current;
      if (changed && !this.stopped) this.options.onChange('poll');
    } finally {
      this.polling = false;
    }
  }

  private problem(sentence: string): void {
    if (sentence === this.lastProblem) return;
    this.lastProblem = sentence;
    this.options.onProblem(sentence);
  }
}
