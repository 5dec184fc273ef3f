import { Actor, User } from '@patt/contracts';
import { MeCache } from './me-cache';

const actor: Actor = { userId: 'u1', username: 'thrall', personId: 'p1', rank: 3 };
const user = (rank = 3, name = 'Veteran'): User => ({ id: 'u1', username: 'thrall', displayName: 'Thrall', personId: 'p1', rank: { level: rank, name }, hasPassword: true });

describe('MeCache', () => {
  function setup(maxAgeMs = 30_000) {
    let now = 0;
    const cache = new MeCache({ maxEntries: 2, maxAgeMs, now: () => now });
    const fetch = jest.fn(async () => user());
    return { cache, fetch, advance: (ms: number) => (now += ms) };
  }

  it('asks auth once while nothing changed, and again after maxAgeMs', async () => {
    const { cache, fetch, advance } = setup();
    await cache.of(actor, fetch);
    await cache.of(actor, fetch);
    expect(fetch).toHaveBeenCalledTimes(1);
    advance(30_000);
    await cache.of(actor, fetch);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('shares one request among concurrent misses', async () => {
    const { cache, fetch } = setup();
    await Promise.all([cache.of(actor, fetch), cache.of(actor, fetch), cache.of(actor, fetch)]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('forgets on the events that change the answer: the user, the person, the ranks', async () => {
    const { cache, fetch } = setup();
    await cache.of(actor, fetch);
    cache.forgetUser('u1');
    await cache.of(actor, fetch);
    cache.forgetPerson('p1');
    await cache.of(actor, fetch);
    cache.clear();
    await cache.of(actor, fetch);
    cache.forgetPerson('someone-else');
    await cache.of(actor, fetch);
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it('asks again for a token that names another rank than the one kept', async () => {
    const { cache, fetch } = setup();
    await cache.of(actor, fetch);
    fetch.mockResolvedValueOnce(user(4, 'Officer'));
    expect((await cache.of({ ...actor, rank: 4 }, fetch)).rank.level).toBe(4);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('does not keep an answer that was under way when its user was forgotten', async () => {
    const { cache } = setup();
    let answer: (u: User) => void = () => undefined;
    const slow = jest.fn(() => new Promise<User>((resolve) => (answer = resolve)));
    const pending = cache.of(actor, slow);
    cache.forgetUser('u1');
    answer(user());
    await pending;
    expect(cache.size).toBe(0);
  });

  it('keeps no more than maxEntries users', async () => {
    const { cache } = setup();
    for (const id of ['a', 'b', 'c']) await cache.of({ ...actor, userId: id }, async () => ({ ...user(), id }));
    expect(cache.size).toBe(2);
  });
});
