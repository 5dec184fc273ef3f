// What the benchmark says to a probe process (JSON lines on its stdin) and what it answers
// (lines on its stdout that start with PROBE_MARK; everything else there is the probe's log).

export const PROBE_MARK = '@@bench ';

export type ProbeCommand =
  /**
   * Emits `count` events as fast as it can: `perTransaction` to a transaction, `concurrency`
   * transactions at a time; begins no transaction after `stopAt` (epoch ms).
   */
  | { id: number; cmd: 'emit'; count: number; perTransaction: number; concurrency: number; prefix: string; stopAt: number }
  /** Emits one event per transaction at `rate` per second for `seconds`, open loop (on schedule, not after the previous). */
  | { id: number; cmd: 'paced'; rate: number; seconds: number; prefix: string }
  /** Outbox rows not yet published. */
  | { id: number; cmd: 'unpublished' }
  | { id: number; cmd: 'close' };

export interface EmitResult {
  /** Events committed (fewer than asked when stopAt came first). */
  emitted: number;
  /** Epoch ms before the first transaction began and after the last committed. */
  startedAt: number;
  finishedAt: number;
}

export interface PacedResult extends EmitResult {
  /** How late the most late transaction began against its schedule (ms). */
  maxLateMs: number;
  /** Most transactions open at once. */
  maxInFlight: number;
}

export type ProbeReply =
  | { kind: 'ready'; role: string; pid: number; readyInMs: number }
  | { kind: 'result'; id: number; result: EmitResult | PacedResult | { unpublished: number } | { closed: true } }
  | { kind: 'error'; id: number; error: string };
