// The companion's loop: a sign of change → wait for the file to settle → read and check it → send
// it if it is newer than the last export sent → archive it and remember it. One file at a time; a
// change during a cycle runs another cycle after it, and a change while the platform is being
// waited for drops the older file in favour of the newer one (an export holds the whole roster,
// so the newer one says everything the older one did).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { archiveUpload } from './archive';
import { ExportFile, freshness, readExport } from './exports';
import { CompanionOptions, displayUrl, maskApiKey } from './options';
import { clockTime, exportTimeText, gaveUpLine, refusedLine, retryLine, seconds, shortRunId, skippedLine, unreadableLine, uploadedLine } from './report';
import { FileSample, sameSample, sampleFile, waitUntilSettled } from './settle';
import { LastUpload, readLastUpload, writeLastUpload } from './state';
import { RetryPolicy, UploadControls, UploadResult, uploadWithRetries } from './upload';
import { SavedVariablesWatcher } from './watch';

export interface CompanionOutput {
  /** What happened: uploads, skips, the start line. */
  info(line: string): void;
  /** What went wrong, or needs the officer. */
  problem(line: string): void;
}

export interface CompanionDeps {
  output: CompanionOutput;
  now?: () => Date;
  /** For the upload's tests; the real fetch otherwise. */
  fetch?: UploadControls['fetch'];
}

/** With --once, attempts before giving up (about half a minute with the default first wait of 1 s). */
export const ONCE_MAX_ATTEMPTS = 6;
export const FIRST_RETRY_DELAY_MS = 1_000;
export const ATTEMPT_TIMEOUT_MS = 30_000;

/** What one look at the file came to. */
type Handled = 'uploaded' | 'skipped' | 'unreadable' | 'missing' | 'refused' | 'key-refused' | 'redirected' | 'gave-up' | 'interrupted';

/** Outcomes every later upload would meet too: watching stops (exit 1). */
const FOR_GOOD: ReadonlySet<Handled> = new Set(['key-refused', 'redirected']);

export class Companion {
  private readonly now: () => Date;
  private readonly fileName: string;
  private lastUpload: LastUpload | null = null;
  /** The file state last dealt with for good: a repeated sign of the same change is ignored. */
  private lastHandled: FileSample | null = null;
  private pending = false;
  private running: Promise<void> | null = null;
  /** The file being sent while the platform is waited for, and how to stop waiting for it. */
  private sending: { sample: FileSample; interrupt: AbortController } | null = null;
  private readonly stopping = new AbortController();
  private fatal: ((code: number) => void) | null = null;
  /** The last "could not read" said, so that a lasting lock is reported once. */
  private lastReadProblem: string | null = null;

  constructor(
    private readonly options: CompanionOptions,
    private readonly deps: CompanionDeps,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.fileName = basename(options.file);
  }

  /** Upload the current file if it is newer than the last one sent; the exit code. */
  async once(): Promise<number> {
    await this.loadState();
    if ((await sampleFile(this.options.file)) === null) {
      this.problem(`${this.options.file} does not exist: WoW writes it at logout or /reload once the addon has exported`);
      return 1;
    }
    // A file rewritten while being read is looked at again, a few times at most.
    for (let look = 0; look < 3; look++) {
      let handled: Handled;
      try {
        handled = await this.look();
      } catch (error) {
        this.problem(`could not read ${this.fileName}: ${error instanceof Error ? error.message : String(error)}`);
        return 1;
      }
      if (handled !== 'interrupted' || this.stopping.signal.aborted) return handled === 'uploaded' || handled === 'skipped' ? 0 : 1;
    }
    this.problem(`${this.fileName} kept changing while being read; run again once WoW has finished writing it`);
    return 1;
  }

  /**
   * Watches until stopped (resolves 0), or until the platform refuses the API key or its address
   * redirects (resolves 1: every later upload would meet the same).
   */
  async watch(): Promise<number> {
    await this.loadState();
    const watcher = new SavedVariablesWatcher({
      file: this.options.file,
      pollIntervalMs: this.options.pollIntervalMs,
      useEvents: this.options.watch,
      onChange: () => this.kick(),
      onProblem: (sentence) => this.problem(sentence),
    });
    await watcher.start();
    const how = watcher.armed ? `change events and a look every ${seconds(this.options.pollIntervalMs)}` : `a look every ${seconds(this.options.pollIntervalMs)}`;
    this.info(`watching ${this.options.file} (${how})`);
    if ((await sampleFile(this.options.file)) === null) {
      this.info(`${this.fileName} is not there yet: WoW writes it at logout or /reload once the addon has exported`);
    }
    const exitCode = new Promise<number>((resolve) => {
      this.fatal = resolve;
      this.stopping.signal.addEventListener('abort', () => resolve(0), { once: true });
    });
    this.kick();
    const code = await exitCode;
    watcher.stop();
    this.stopping.abort();
    await this.running;
    return code;
  }

  /** Ends watch(): a wait or an attempt in flight is abandoned (the next start picks the file up again). */
  stop(): void {
    this.stopping.abort();
  }

  /** The lines that open a run: where from, where to, with which key, and the last upload known. */
  describeStart(): void {
    const { apiUrl, apiKey, archiveDir, apiKeySource } = this.options;
    this.info(`uploading to ${displayUrl(apiUrl)} with API key ${maskApiKey(apiKey)}; archive in ${archiveDir}`);
    if (apiKeySource === 'argument') {
      this.problem('warning: an API key on the command line can be seen by other programs (and npm prints it); PATT_API_KEY or --api-key-file keep it out of sight');
    }
  }

  private async loadState(): Promise<void> {
    this.lastUpload = await readLastUpload(this.options.archiveDir, this.options.apiUrl, (sentence) => this.problem(sentence));
    if (this.lastUpload) {
      const run = this.lastUpload.runId ? ` (run ${shortRunId(this.lastUpload.runId)})` : '';
      this.info(`last upload: export of ${exportTimeText(this.lastUpload.exportTime)}${run}`);
    }
  }

  private kick(): void {
    this.pending = true;
    void this.interruptIfReplaced();
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  private async drain(): Promise<void> {
    while (this.pending && !this.stopping.signal.aborted) {
      this.pending = false;
      try {
        if (FOR_GOOD.has(await this.look())) this.fatal?.(1);
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        this.cannotRead(error);
      }
    }
  }

  /**
   * The file could not be read: WoW (or an antivirus) holding it locked on Windows, a permission.
   * No change event may follow, so look again after a poll interval; say so once, not every time.
   */
  private cannotRead(error: unknown): void {
    const sentence = `could not read ${this.fileName} (${(error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error))}); trying again`;
    if (sentence !== this.lastReadProblem) this.problem(sentence);
    this.lastReadProblem = sentence;
    setTimeout(() => {
      if (!this.stopping.signal.aborted) this.kick();
    }, this.options.pollIntervalMs);
  }

  /** While the platform is waited for, a different file on disk makes that wait pointless. */
  private async interruptIfReplaced(): Promise<void> {
    const sending = this.sending;
    if (!sending) return;
    const current = await sampleFile(this.options.file).catch(() => null);
    if (current !== null && !sameSample(current, sending.sample)) sending.interrupt.abort();
  }

  /** One look at the file, from settling to the printed line. */
  private async look(): Promise<Handled> {
    const stop = this.stopping.signal;
    const sample = await waitUntilSettled(this.options.file, { settleMs: this.options.settleMs, signal: stop });
    if (sample === null || stop.aborted) return 'missing';
    if (sameSample(sample, this.lastHandled)) return 'skipped';
    const bytes = await readFile(this.options.file);
    this.lastReadProblem = null;
    if (bytes.length !== sample.size || !sameSample(await sampleFile(this.options.file), sample)) {
      // Written again while being read: look again once it settles.
      this.pending = true;
      return 'interrupted';
    }
    const read = readExport(bytes);
    if (read.kind === 'unreadable') {
      this.lastHandled = sample;
      this.problem(unreadableLine(this.now(), this.fileName, read.reason));
      return 'unreadable';
    }
    const last = this.lastUpload?.exportTime ?? null;
    const fresh = freshness(read.file.exportTime, last);
    if (fresh !== 'newer') {
      this.lastHandled = sample;
      this.info(skippedLine(this.now(), read.file.exportTime, last as number, fresh));
      return 'skipped';
    }
    const handled = await this.send(read.file, sample);
    if (handled !== 'interrupted' && handled !== 'gave-up') this.lastHandled = sample;
    return handled;
  }

  private async send(file: ExportFile, sample: FileSample): Promise<Handled> {
    const interrupt = new AbortController();
    this.sending = { sample, interrupt };
    const policy: RetryPolicy = {
      baseMs: Math.min(FIRST_RETRY_DELAY_MS, this.options.maxRetryDelayMs),
      maxMs: this.options.maxRetryDelayMs,
      timeoutMs: ATTEMPT_TIMEOUT_MS,
      ...(this.options.once ? { maxAttempts: ONCE_MAX_ATTEMPTS } : {}),
    };
    let outcome;
    try {
      outcome = await uploadWithRetries(file.bytes, { apiUrl: this.options.apiUrl, apiKey: this.options.apiKey }, policy, {
        stop: this.stopping.signal,
        interrupt: interrupt.signal,
        onRetry: (problem, delayMs, attempt) => this.problem(retryLine(this.now(), problem, delayMs, attempt)),
        ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      });
    } finally {
      this.sending = null;
    }
    switch (outcome.kind) {
      case 'uploaded':
        await this.keep(file, outcome.result);
        this.info(uploadedLine(this.now(), file.exportTime, file.memberCount, outcome.result));
        return 'uploaded';
      case 'refused':
        this.problem(refusedLine(this.now(), file.exportTime, outcome.status, outcome.sentence));
        if (outcome.status === 401 || outcome.status === 403) {
          this.problem(`${clockTime(this.now())} stopping: the platform refuses this API key; an officer can create a new one (see the README)`);
          return 'key-refused';
        }
        return 'refused';
      case 'redirected':
        this.problem(`${clockTime(this.now())} stopping: ${outcome.sentence}`);
        return 'redirected';
      case 'gave-up':
        this.problem(gaveUpLine(this.now(), file.exportTime, outcome.attempts, outcome.problem));
        return 'gave-up';
      case 'interrupted':
        if (!this.stopping.signal.aborted) this.info(`${clockTime(this.now())} ${this.fileName} changed while waiting for the platform; sending the new file instead`);
        return 'interrupted';
    }
  }

  /**
   * Archives the copy and remembers the upload. Either may fail (a full disk) without undoing
   * the upload: the officer is told, and at worst a restart sends the export again, which the
   * platform ignores. The memory in this process is updated regardless.
   */
  private async keep(file: ExportFile, result: UploadResult): Promise<void> {
    let archived: string | null = null;
    try {
      archived = await archiveUpload(this.options.archiveDir, file.exportTime, file.bytes);
    } catch (error) {
      this.problem(`could not archive the upload in ${this.options.archiveDir}: ${(error as Error).message}`);
    }
    this.lastUpload = { apiUrl: this.options.apiUrl, exportTime: file.exportTime, uploadedAt: this.now().toISOString(), runId: result.runId, archived };
    try {
      await writeLastUpload(this.options.archiveDir, this.lastUpload);
    } catch (error) {
      this.problem(`could not remember the upload in ${this.options.archiveDir} (a restart will send it again): ${(error as Error).message}`);
    }
  }

  private info(line: string): void {
    this.deps.output.info(/^\d\d:\d\d:\d\d /.test(line) ? line : `${clockTime(this.now())} ${line}`);
  }

  private problem(line: string): void {
    this.deps.output.problem(/^\d\d:\d\d:\d\d /.test(line) ? line : `${clockTime(this.now())} ${line}`);
  }
}
