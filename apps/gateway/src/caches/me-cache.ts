import { Actor, User } from '@patt/contracts';

export interface MeCacheOptions {
  maxEntries: number;
  /** Longest an answer is reused when no event said it changed. */
  maxAgeMs: number;
  now?: () => number;
}

export const DEFAULT_ME_CACHE: MeCacheOptions = { maxEntries: 10_000, maxAgeMs: 30_000 };

interface Entry {
  user: User;
  until: number;
}

/**
 * The signed-in account as auth last answered it (`/auth/me`), per user, so a member's app asking
 * again does not cost auth a database read when nothing changed. What changes it comes as events
 * (BusWatch): an account disabled or enabled, its logins ended or its password set
 * (`forgetUser`), a member's rank (`forgetPerson`), the ranks' names (`clear`); and an answer is
 * never reused past `maxAgeMs`, nor for a token that names another rank than the one cached.
 * Concurrent misses for one user share one request; an answer that was under way when its user
 * was forgotten is returned but not kept.
 */
export class MeCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<User>>();
  /** Bumped by every forgetting: an answer fetched across one is not kept. */
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly options: MeCacheOptions = DEFAULT_ME_CACHE) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  async of(actor: Actor, fetch: () => Promise<User>): Promise<User> {
    const cached = this.entries.get(actor.userId);
    if (cached && cached.until > this.now() && cached.user.rank.level === actor.rank) return cached.user;
    const key = `${actor.userId}:${actor.rank}`;
    const running = this.pending.get(key);
    if (running) return running;
    const generation = this.generation;
    const request = fetch()
      .then((user) => {
        if (generation === this.generation) this.keep(actor.userId, user);
        return user;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, request);
    return request;
  }

  forgetUser(userId: string): void {
    this.generation += 1;
    this.entries.delete(userId);
  }

  forgetPerson(personId: string): void {
    this.generation += 1;
    for (const [userId, entry] of this.entries) if (entry.user.personId === personId) this.entries.delete(userId);
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  private keep(userId: string, user: User): void {
    this.entries.delete(userId);
    this.entries.set(userId, { user, until: this.now() + this.options.maxAgeMs });
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}
