// autocannon (a devDependency without type declarations), driven programmatically and typed here.
import { createRequire } from 'node:module';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  headers?: Record<string, string>;
  timeout?: number;
}

interface Histogram {
  average: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
  total: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
}

/** The part of autocannon's result the benchmarks read. Latencies are in ms, requests per second. */
export interface LoadResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  resets: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  latency: Histogram & { totalCount: number };
  requests: Histogram & { sent: number };
}

type Autocannon = (options: LoadOptions & { renderProgressBar?: boolean }) => Promise<LoadResult>;

const autocannon = createRequire(__filename)('autocannon') as Autocannon;

/** Runs one load test and resolves with its result (no progress bar, no table of its own). */
export function load(options: LoadOptions): Promise<LoadResult> {
  return autocannon({ timeout: 10, ...options, renderProgressBar: false });
}
