import { setMaxListeners } from 'node:events';
import { BlizzardApiError, type BlizzardClient, type GuildRosterMember } from '../blizzard';
import type { ProfileOutcome } from '../roster/roster-reconciliation';

export type ProfileSource = Pick<BlizzardClient, 'getCharacterProfile'>;

export interface ProfileFetchOptions {
  /** Fetches started side by side; the client's limiter paces them. */
  concurrency: number;
  /** The stored Last-Modified of a character, sent as If-Modified-Since. */
  lastModifiedOf(blizzardId: number): string | null;
  signal?: AbortSignal;
  /** Called as each member's profile is settled, whatever the outcome. */
  onSettled?(): void;
  /**
   * Calls in a row that may end with no usable answer from Blizzard (see `isOutage`) before every
   * fetch stops with a BlizzardOutage. Default: no limit.
   */
  maxConsecutiveFailures?: number;
}

/**
 * Blizzard failed call after call: the run stops rather than ask for every other profile, which
 * would fail the same way, each after its retries. The message is for officers (the run's error).
 */
export class BlizzardOutage extends Error {
  override readonly name = 'BlizzardOutage';

  constructor(
    readonly failures: number,
    readonly lastError: BlizzardApiError,
    readonly settled: number,
    readonly total: number,
  ) {
    super(
      `Blizzard failed ${failures} profile calls in a row (the last: ${withoutFullStop(lastError.message)}), so the run stopped after ` +
        `${settled} of ${total} profiles; the roster was left as it was before the run. Try again once Blizzard answers.`,
    );
  }
}

function withoutFullStop(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

/**
 * A call that got no usable answer, after the client's retries: Blizzard erring (5xx), refusing
 * (429), or not answering at all. Those say Blizzard is down, not that one character is odd; an
 * answer of any kind (a profile, a 304, a 404, an unreadable body) says it is up.
 */
function isOutage(error: unknown): error is BlizzardApiError {
  return error instanceof BlizzardApiError && (error.kind === 'server' || error.kind === 'rate-limited' || error.kind === 'network' || error.kind === 'timeout');
}

/**
 * Errors that no other character would escape either: the credentials were refused, or the run
 * was stopped. Anything else concerns one character, who is counted and passed over.
 */
function stopsTheRun(error: unknown): boolean {
  return error instanceof BlizzardApiError && (error.kind === 'auth' || error.kind === 'aborted');
}

/**
 * Fetches the profile of every member, `concurrency` at a time, and says what came of each. One
 * character's failure (malformed answer, no answer after every retry) is its outcome; only
 * what stops every request rejects: refused credentials, the signal, or `maxConsecutiveFailures`
 * calls in a row without an answer (a BlizzardOutage), which also stops the calls in flight.
 */
export async function fetchProfiles(
  source: ProfileSource,
  members: readonly GuildRosterMember[],
  options: ProfileFetchOptions,
): Promise<Map<number, ProfileOutcome>> {
  const outcomes = new Map<number, ProfileOutcome>();
  const stop = new AbortController();
  // Every fetch in flight listens to it (limiter wait, request deadline, backoff): hundreds at
  // once are expected here, not a leak.
  setMaxListeners(options.concurrency * 4 + 10, stop.signal);
  const forward = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forward, { once: true });
  if (options.signal?.aborted) forward();
  let next = 0;
  let fatal: unknown = null;
  const maxFailures = options.maxConsecutiveFailures ?? Number.POSITIVE_INFINITY;
  let failuresInARow = 0;
  const total = new Set(members.map((member) => member.id)).size;

  const fetchOne = async (member: GuildRosterMember): Promise<ProfileOutcome> => {
    try {
      const answer = await source.getCharacterProfile(member.realm.slug, member.name, {
        ifModifiedSince: options.lastModifiedOf(member.id),
        signal: stop.signal,
      });
      failuresInARow = 0;
      switch (answer.status) {
        case 'ok':
          return { kind: 'fetched', profile: answer.profile, lastModified: answer.lastModified };
        case 'not-modified':
          return { kind: 'not-modified' };
        case 'not-found':
          return { kind: 'missing' };
        case 'invalid':
          return { kind: 'unreadable', reason: answer.reason };
      }
    } catch (error) {
      if (stopsTheRun(error)) throw error;
      if (isOutage(error) && ++failuresInARow >= maxFailures && !stop.signal.aborted) {
        throw new BlizzardOutage(failuresInARow, error, outcomes.size, total);
      }
      return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
    }
  };

  const worker = async (): Promise<void> => {
    while (fatal === null && !stop.signal.aborted && next < members.length) {
      const member = members[next++];
      if (outcomes.has(member.id)) continue; // listed twice: fetched once
      try {
        outcomes.set(member.id, await fetchOne(member));
      } catch (error) {
        fatal ??= error;
        stop.abort(error);
        return;
      }
      options.onSettled?.();
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, members.length)) }, worker));
  } finally {
    options.signal?.removeEventListener('abort', forward);
  }
  if (fatal !== null) throw fatal;
  if (stop.signal.aborted) throw new BlizzardApiError('Profile fetches were aborted', 'aborted', { endpoint: '/profile', attempts: 0 });
  return outcomes;
}
