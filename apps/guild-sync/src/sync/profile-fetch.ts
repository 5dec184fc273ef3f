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
 * what stops every request (refused credentials, the signal) rejects.
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

  const fetchOne = async (member: GuildRosterMember): Promise<ProfileOutcome> => {
    try {
      const answer = await source.getCharacterProfile(member.realm.slug, member.name, {
        ifModifiedSince: options.lastModifiedOf(member.id),
        signal: stop.signal,
      });
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
