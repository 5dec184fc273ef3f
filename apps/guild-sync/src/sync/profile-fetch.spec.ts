import { BlizzardApiError, type CharacterProfileResult, type ProfileCallOptions } from '../blizzard';
import { member } from '../roster/test/factories';
import { BlizzardOutage, fetchProfiles, ProfileSource } from './profile-fetch';

type Answer = CharacterProfileResult | Error;

/** A profile source that answers by character name, and remembers what it was asked. */
function blizzard(answers: Record<string, Answer>, delayMs = 1) {
  const asked: Array<{ name: string; ifModifiedSince: string | null | undefined }> = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const source: ProfileSource = {
    async getCharacterProfile(_realm: string, name: string, options: ProfileCallOptions = {}) {
      asked.push({ name, ifModifiedSince: options.ifModifiedSince });
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (options.signal?.aborted) throw new BlizzardApiError('aborted', 'aborted', { endpoint: '/p', attempts: 1 });
        const answer = answers[name] ?? { status: 'not-modified' };
        if (answer instanceof Error) throw answer;
        return answer;
      } finally {
        inFlight--;
      }
    },
  };
  return { source, asked, mostInFlight: () => mostInFlight };
}

const members = ['Ana', 'Bo', 'Cy', 'Di', 'Ed', 'Fay'].map((name, i) => member({ id: i + 1, name }));

describe('fetchProfiles', () => {
  it('asks for every member with its stored Last-Modified and says what came of each', async () => {
    const { source, asked } = blizzard({
      Bo: { status: 'not-found' },
      Cy: { status: 'invalid', reason: 'malformed JSON (12 bytes)' },
      Di: new BlizzardApiError('Blizzard answered HTTP 503 for /p after 5 attempts', 'server', { endpoint: '/p', attempts: 5 }),
    });
    let settled = 0;
    const outcomes = await fetchProfiles(source, members, {
      concurrency: 2,
      lastModifiedOf: (id) => (id === 1 ? 'Wed, 01 Jan 2025 00:00:00 GMT' : null),
      onSettled: () => settled++,
    });
    expect(Object.fromEntries(outcomes)).toEqual({
      1: { kind: 'not-modified' },
      2: { kind: 'missing' },
      3: { kind: 'unreadable', reason: 'malformed JSON (12 bytes)' },
      4: { kind: 'unreadable', reason: 'Blizzard answered HTTP 503 for /p after 5 attempts' },
      5: { kind: 'not-modified' },
      6: { kind: 'not-modified' },
    });
    expect(asked[0]).toEqual({ name: 'Ana', ifModifiedSince: 'Wed, 01 Jan 2025 00:00:00 GMT' });
    expect(settled).toBe(6);
  });

  it('keeps at most `concurrency` fetches in flight and asks once for a character listed twice', async () => {
    const { source, asked, mostInFlight } = blizzard({}, 5);
    await fetchProfiles(source, [...members, members[0]!], { concurrency: 3, lastModifiedOf: () => null });
    expect(mostInFlight()).toBe(3);
    expect(asked.map((a) => a.name).sort()).toEqual(['Ana', 'Bo', 'Cy', 'Di', 'Ed', 'Fay']);
  });

  it('stops every fetch when Blizzard refuses the credentials', async () => {
    const refused = new BlizzardApiError('Blizzard OAuth refused the client credentials', 'auth', { endpoint: '/token', attempts: 1 });
    const { source, asked } = blizzard({ Ana: refused }, 5);
    await expect(fetchProfiles(source, members, { concurrency: 1, lastModifiedOf: () => null })).rejects.toBe(refused);
    expect(asked.map((a) => a.name)).toEqual(['Ana']);
  });

  it('stops when the run is stopped', async () => {
    const { source } = blizzard({}, 20);
    const stop = new AbortController();
    const fetching = fetchProfiles(source, members, { concurrency: 2, lastModifiedOf: () => null, signal: stop.signal });
    stop.abort();
    await expect(fetching).rejects.toMatchObject({ kind: 'aborted' });
  });

  describe('with maxConsecutiveFailures', () => {
    const down = (status = 503) => new BlizzardApiError(`Blizzard answered HTTP ${status} for /p after 5 attempts`, 'server', { endpoint: '/p', attempts: 5, status });
    const many = Array.from({ length: 12 }, (_, i) => member({ id: i + 1, name: `C${i + 1}` }));

    it('stops at the third failed call in a row, saying how many were settled', async () => {
      const { source, asked } = blizzard({ C4: down(), C5: down(), C6: down(502) });
      const error = (await fetchProfiles(source, many, { concurrency: 1, maxConsecutiveFailures: 3, lastModifiedOf: () => null }).catch((e: unknown) => e)) as BlizzardOutage;
      expect(error).toBeInstanceOf(BlizzardOutage);
      expect(error).toMatchObject({ failures: 3, settled: 5, total: 12 });
      expect(error.message).toBe(
        'Blizzard failed 3 profile calls in a row (the last: Blizzard answered HTTP 502 for /p after 5 attempts), so the run stopped after 5 of 12 profiles; ' +
          'the roster was left as it was before the run. Try again once Blizzard answers.',
      );
      expect(asked.map((a) => a.name)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
    });

    it('starts counting again at any answer: a profile, a 304, a 404 or an unreadable body', async () => {
      const { source } = blizzard({
        C1: down(),
        C2: down(),
        C3: { status: 'not-found' },
        C4: down(),
        C5: down(),
        C6: { status: 'invalid', reason: 'malformed JSON (3 bytes)' },
        C7: down(),
        C8: down(),
      });
      const outcomes = await fetchProfiles(source, many, { concurrency: 1, maxConsecutiveFailures: 3, lastModifiedOf: () => null });
      expect(outcomes.size).toBe(12);
      expect([...outcomes.values()].filter((o) => o.kind === 'unreadable')).toHaveLength(7);
    });

    it('counts only calls Blizzard did not answer: a refusal of one request (HTTP 403) or unreadable bodies are about that character', async () => {
      const forbidden = new BlizzardApiError('Blizzard answered HTTP 403 for /p', 'http', { endpoint: '/p', attempts: 1, status: 403 });
      const answers = Object.fromEntries(many.map((m, i) => [m.name, i % 2 === 0 ? forbidden : { status: 'invalid' as const, reason: 'incomplete' }]));
      const outcomes = await fetchProfiles(blizzard(answers).source, many, { concurrency: 2, maxConsecutiveFailures: 2, lastModifiedOf: () => null });
      expect([...outcomes.values()].every((o) => o.kind === 'unreadable')).toBe(true);
    });

    it('counts timeouts, refused connections and 429s after every retry as failures too', async () => {
      const timeout = new BlizzardApiError('No answer from Blizzard for /p after 5 attempts', 'timeout', { endpoint: '/p', attempts: 5, code: 'ECONNABORTED' });
      const refused = new BlizzardApiError('Could not reach Blizzard for /p after 5 attempts', 'network', { endpoint: '/p', attempts: 5, code: 'ECONNREFUSED' });
      const limited = new BlizzardApiError('Blizzard kept answering 429 for /p after 5 attempts', 'rate-limited', { endpoint: '/p', attempts: 5, status: 429 });
      const { source } = blizzard({ C1: timeout, C2: refused, C3: limited });
      await expect(fetchProfiles(source, many, { concurrency: 1, maxConsecutiveFailures: 3, lastModifiedOf: () => null })).rejects.toMatchObject({
        name: 'BlizzardOutage',
        failures: 3,
        lastError: limited,
      });
    });
  });
});
