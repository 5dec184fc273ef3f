import { Page, Rank } from '@patt/contracts';

export interface RanksCacheOptions {
  /** Longest the table is reused when no event said it changed. */
  maxAgeMs: number;
  now?: () => number;
}

export const DEFAULT_RANKS_CACHE: RanksCacheOptions = { maxAgeMs: 30_000 };

/**
 * The rank table as `GET /ranks` answers it, so the page every member's app asks for on every
 * view does not cross the bus while nothing changed. identity announces every change as
 * `ranks-changed` with the whole table after it (BusWatch): that table becomes the answer at once
 * (`replace`), on every gateway replica, whichever identity replica made the change, so no replica
 * still holding the old table in its own memory can answer it after the event. A watch that
 * reconnected may have missed an event: `clear`. And the table is never reused past `maxAgeMs`.
 * Concurrent misses share one request; an answer that was under way across a replace or a clear
 * is returned but not kept.
 */
export class RanksCache {
  private kept: { page: Page<Rank>; until: number } | null = null;
  private pending: Promise<Page<Rank>> | null = null;
  /** Bumped by every replace and clear: an answer fetched across one is not kept. */
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly options: RanksCacheOptions = DEFAULT_RANKS_CACHE) {
    this.now = options.now ?? Date.now;
  }

  /** The kept page (the same object while it lasts), or the one `fetch` brings. */
  page(fetch: () => Promise<Rank[]>): Page<Rank> | Promise<Page<Rank>> {
    if (this.kept && this.kept.until > this.now()) return this.kept.page;
    if (this.pending) return this.pending;
    const generation = this.generation;
    const request = fetch()
      .then((ranks) => {
        const page = pageOf(ranks);
        if (generation === this.generation) this.keep(page);
        return page;
      })
      .finally(() => {
        if (this.pending === request) this.pending = null;
      });
    this.pending = request;
    return request;
  }

  /** The table identity announced after a change: the answer from now on. */
  replace(ranks: Rank[]): void {
    this.generation += 1;
    this.pending = null;
    this.keep(pageOf(ranks));
  }

  clear(): void {
    this.generation += 1;
    this.pending = null;
    this.kept = null;
  }

  private keep(page: Page<Rank>): void {
    this.kept = { page, until: this.now() + this.options.maxAgeMs };
  }
}

function pageOf(ranks: Rank[]): Page<Rank> {
  return { items: ranks, total: ranks.length };
}
