import { SeededRandom } from '../../seeded-random';

/** Discord's epoch: the first second of 2015 (UTC). */
export const DISCORD_EPOCH_MS = 1_420_070_400_000;

/** Builds a snowflake (timestamp, worker, process, increment) the way Discord lays out its ids. */
export function snowflakeAt(timestampMs: number, increment: number, workerId = 1, processId = 0): string {
  const sinceEpoch = BigInt(Math.max(0, Math.floor(timestampMs - DISCORD_EPOCH_MS)));
  const id = (sinceEpoch << 22n) | (BigInt(workerId & 0x1f) << 17n) | (BigInt(processId & 0x1f) << 12n) | BigInt(increment & 0xfff);
  return id.toString();
}

/** The creation time encoded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH_MS;
}

/** Orders snowflakes numerically (string order is wrong when lengths differ). */
export function compareSnowflakes(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isSnowflake(value: string): boolean {
  return /^\d{1,20}$/.test(value);
}

/**
 * Hands out unique snowflakes. `at(ms)` gives an id created at a chosen moment (fixtures, seeded);
 * `now()` gives an id for something created during the run (messages, DM channels).
 */
export class SnowflakeFactory {
  private readonly issued = new Set<string>();
  private increment: number;

  constructor(private readonly random: SeededRandom = SeededRandom.spread(1)) {
    this.increment = random.int(0, 0xfff);
  }

  at(timestampMs: number): string {
    for (;;) {
      this.increment = (this.increment + 1) & 0xfff;
      const id = snowflakeAt(timestampMs, this.increment, this.random.int(0, 31), this.random.int(0, 31));
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }

  /** A moment picked uniformly between two dates, then its id. */
  between(fromMs: number, toMs: number): string {
    return this.at(fromMs + Math.floor(this.random.next() * (toMs - fromMs)));
  }

  now(): string {
    return this.at(Date.now());
  }
}
