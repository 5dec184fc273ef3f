import { DEFAULT_RANKS, Rank } from '@patt/contracts';
import { RanksCache } from './ranks-cache';

const table = (name = 'Initiate'): Rank[] => DEFAULT_RANKS.map((rank, i) => (i === 0 ? { ...rank, name } : { ...rank }));

describe('RanksCache', () => {
  function setup(maxAgeMs = 30_000) {
    let now = 0;
    const cache = new RanksCache({ maxAgeMs, now: () => now });
    const fetch = jest.fn(async () => table());
    return { cache, fetch, advance: (ms: number) => (now += ms) };
  }

  it('asks identity once while nothing changed, the same page each time, and again after maxAgeMs', async () => {
    const { cache, fetch, advance } = setup();
    const first = await cache.page(fetch);
    expect(first).toEqual({ items: table(), total: 5 });
    expect(cache.page(fetch)).toBe(first);
    expect(fetch).toHaveBeenCalledTimes(1);
    advance(30_000);
    await cache.page(fetch);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('shares one request among concurrent misses', async () => {
    const { cache, fetch } = setup();
    await Promise.all([cache.page(fetch), cache.page(fetch), cache.page(fetch)]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('answers the table a ranks-changed event carries, at once and without asking', async () => {
    const { cache, fetch } = setup();
    await cache.page(fetch);
    cache.replace(table('Recruit'));
    expect(cache.page(fetch)).toEqual({ items: table('Recruit'), total: 5 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('asks again after a clear (the watch reconnected)', async () => {
    const { cache, fetch } = setup();
    await cache.page(fetch);
    cache.clear();
    await cache.page(fetch);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('does not keep an answer that was under way when the table changed', async () => {
    const { cache } = setup();
    let answer: (ranks: Rank[]) => void = () => undefined;
    const slow = jest.fn(() => new Promise<Rank[]>((resolve) => (answer = resolve)));
    const pending = cache.page(slow);
    cache.replace(table('Recruit'));
    answer(table('Stale'));
    expect((await pending).items[0]?.name).toBe('Stale');
    expect((cache.page(slow) as { items: Rank[] }).items[0]?.name).toBe('Recruit');
    expect(slow).toHaveBeenCalledTimes(1);
  });

  it('keeps nothing from a failed request', async () => {
    const { cache } = setup();
    const failing = jest.fn(async (): Promise<Rank[]> => {
      throw new Error('no answer');
    });
    await expect(cache.page(failing)).rejects.toThrow('no answer');
    const fetch = jest.fn(async () => table());
    await cache.page(fetch);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
