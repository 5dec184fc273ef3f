/**
 * A small seeded generator (mulberry32): the same seed gives the same guild, the same Discord
 * server and the same injected faults on every machine, so a failing test can be replayed and a
 * benchmark measures the same data each run. Nothing in the stand-ins may touch Math.random.
 */
export class SeededRandom {
  private state: number;

  /** Starts from `seed` as given. */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /**
   * Starts from `seed` spread over the whole 32-bit space first, so that small neighbouring seeds
   * (1, 2, 3 …) do not begin alike. The Discord stand-in's generators use this.
   */
  static spread(seed: number): SeededRandom {
    return new SeededRandom(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by weight: `weighted([[a, 3], [b, 1]])` returns a three times as often as b. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return (entries[entries.length - 1] as readonly [T, number])[0];
  }

  /** Lower-case hex of the given length, e.g. for session ids. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
}
