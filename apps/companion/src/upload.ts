// Sends the file to POST /api/v1/guild-sync/addon-uploads (docs/api.md, "Guild sync") with the officer's API key, and
// keeps trying while the platform cannot take it. Retrying is safe because an upload is
// idempotent on the platform's side: an export that is not newer than the last applied one
// changes nothing there.
import { BackoffPolicy, nextDelay, retryAfterMs } from './backoff';
import { pause } from './settle';

export const UPLOAD_PATH = '/api/v1/guild-sync/addon-uploads';

/** The 200 answer's `data` (docs/api.md, "Guild sync"). */
export interface UploadResult {
  runId: string;
  matched: number;
  updated: number;
  notFound: number;
}

export interface UploadTarget {
  apiUrl: string;
  apiKey: string;
}

export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in all before giving up; unlimited when absent (the watcher keeps trying). */
  maxAttempts?: number;
  /** One attempt's limit: a platform that accepts the connection and never answers is "unreachable" too. */
  timeoutMs: number;
}

export type AttemptOutcome =
  | { kind: 'uploaded'; result: UploadResult }
  /** Unreachable, 5xx or 429: try again, after `retryAfterMs` when the platform said how long. */
  | { kind: 'retry'; problem: string; retryAfterMs: number | null }
  /** A 4xx other than 429: the same request would be refused again. */
  | { kind: 'refused'; status: number; code: string | null; sentence: string }
  /** The address answered with a redirect, which is never followed: the key would go along. */
  | { kind: 'redirected'; sentence: string };

export type UploadOutcome =
  | Exclude<AttemptOutcome, { kind: 'retry' }>
  | { kind: 'gave-up'; attempts: number; problem: string }
  /** Stopped between attempts (a newer file arrived, or the companion is stopping). */
  | { kind: 'interrupted' };

export interface UploadControls {
  /** Ends everything at once, an attempt in flight included (the companion is stopping). */
  stop?: AbortSignal;
  /** Ends the wait between attempts; an attempt in flight finishes (a newer file arrived). */
  interrupt?: AbortSignal;
  /** Told before each wait, so the officer sees why nothing happens yet. */
  onRetry?: (problem: string, delayMs: number, attempt: number) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

const USER_AGENT = `patt-companion/0.1 (node ${process.version})`;

interface Envelope {
  ok?: unknown;
  data?: unknown;
  error?: unknown;
  code?: unknown;
}

/** One POST; never throws for what the network or the platform does, only for a stop. */
export async function attemptUpload(bytes: Buffer, target: UploadTarget, policy: Pick<RetryPolicy, 'timeoutMs'>, controls: UploadControls = {}): Promise<AttemptOutcome> {
  const url = `${target.apiUrl}${UPLOAD_PATH}`;
  const timeout = AbortSignal.timeout(policy.timeoutMs);
  let response: Response;
  try {
    response = await (controls.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-api-key': target.apiKey, accept: 'application/json', 'user-agent': USER_AGENT },
      body: bytes,
      // Never followed: a redirect to another host would carry the API key there.
      redirect: 'error',
      signal: controls.stop ? AbortSignal.any([controls.stop, timeout]) : timeout,
    });
  } catch (error) {
    if (controls.stop?.aborted) throw error;
    if (isRedirectRefusal(error)) {
      return {
        kind: 'redirected',
        sentence: `${url} answered with a redirect, which the companion never follows (the API key would go along to wherever it points): give --api-url the platform's own https address`,
      };
    }
    if (timeout.aborted) return { kind: 'retry', problem: `no answer from the platform within ${policy.timeoutMs / 1000} s`, retryAfterMs: null };
    return { kind: 'retry', problem: `the platform is unreachable (${networkReason(error)})`, retryAfterMs: null };
  }

  const envelope = await readEnvelope(response, controls.stop);
  const said = typeof envelope?.error === 'string' ? envelope.error : null;
  if (response.status >= 200 && response.status < 300) {
    const result = uploadResultOf(envelope);
    if (result) return { kind: 'uploaded', result };
    return {
      kind: 'refused',
      status: response.status,
      code: null,
      sentence: `${url} answered ${response.status} but not as the PATT platform does: is the API URL the platform's address?`,
    };
  }
  if (response.status === 429 || response.status >= 500) {
    const what = response.status === 429 ? 'the platform is throttling uploads' : `the platform answered ${response.status}`;
    return { kind: 'retry', problem: said ? `${what}: ${said}` : what, retryAfterMs: retryAfterMs(response.headers.get('retry-after'), (controls.now ?? Date.now)()) };
  }
  return {
    kind: 'refused',
    status: response.status,
    code: typeof envelope?.code === 'string' ? envelope.code : null,
    sentence: said ?? `${url} answered ${response.status} without the platform's error envelope: is the API URL the platform's address?`,
  };
}

/**
 * Attempts until the upload is taken, refused, given up (maxAttempts) or interrupted; between
 * attempts waits what the platform asked (Retry-After) or a capped, jittered backoff.
 */
export async function uploadWithRetries(bytes: Buffer, target: UploadTarget, policy: RetryPolicy, controls: UploadControls = {}): Promise<UploadOutcome> {
  const sleep = controls.sleep ?? pause;
  const wait = controls.interrupt && controls.stop ? AbortSignal.any([controls.interrupt, controls.stop]) : (controls.interrupt ?? controls.stop);
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptUpload(bytes, target, policy, controls);
    if (outcome.kind !== 'retry') return outcome;
    if (policy.maxAttempts !== undefined && attempt >= policy.maxAttempts) return { kind: 'gave-up', attempts: attempt, problem: outcome.problem };
    if (wait?.aborted) return { kind: 'interrupted' };
    const delay = nextDelay(attempt, policy, outcome.retryAfterMs, controls.random);
    controls.onRetry?.(outcome.problem, delay, attempt);
    await sleep(delay, wait);
    if (wait?.aborted) return { kind: 'interrupted' };
  }
}

/** The envelope, or null for a body that is not JSON (a proxy's error page, say). */
async function readEnvelope(response: Response, stop: AbortSignal | undefined): Promise<Envelope | null> {
  try {
    const value: unknown = JSON.parse(await response.text());
    return value !== null && typeof value === 'object' ? (value as Envelope) : null;
  } catch (error) {
    if (stop?.aborted) throw error;
    return null;
  }
}

function uploadResultOf(envelope: Envelope | null): UploadResult | null {
  if (envelope?.ok !== true || envelope.data === null || typeof envelope.data !== 'object') return null;
  const data = envelope.data as Record<string, unknown>;
  const counts = [data['matched'], data['updated'], data['notFound']];
  if (typeof data['runId'] !== 'string' || !counts.every((n) => typeof n === 'number')) return null;
  return { runId: data['runId'], matched: counts[0] as number, updated: counts[1] as number, notFound: counts[2] as number };
}

/** fetch's refusal of a redirect under `redirect: 'error'` (Node's fetch says "unexpected redirect"). */
function isRedirectRefusal(error: unknown): boolean {
  const cause = (error as { cause?: { message?: unknown } } | null)?.cause;
  return typeof cause?.message === 'string' && /^unexpected redirect/i.test(cause.message);
}

/** "ECONNREFUSED", "ENOTFOUND", …: what fetch's cause says, short enough for one line. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
