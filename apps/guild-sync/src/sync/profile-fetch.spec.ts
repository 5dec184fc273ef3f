import { BlizzardApiError, type CharacterProfileResult, type ProfileCallOptions } from '../blizzard';
import { member } from '../roster/test/factories';
import { fetchProfiles, ProfileSource } from './profile-fetch';

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
});
