// Test data for the count: entries named by one letter, ballots written as "A>B>C".
import type { BallotPick } from '@patt/contracts';
import type { TallyBallot, TallyEntry } from '../src';

/** Entries whose id is their letter and whose name is `Entry <letter>`. */
export function entries(letters: string): TallyEntry[] {
  return [...letters].map((letter) => ({ id: letter, name: `Entry ${letter}` }));
}

/** "A>B>C" ranks A first, B second, C third; `times` repeats it. */
export function ballot(order: string): TallyBallot {
  const picks: BallotPick[] = order.split('>').map((entryId, index) => ({ entryId, rank: index + 1 }));
  return { picks };
}

/** ["A>B", 3] is three ballots A>B; a bare string is one. */
export function ballots(...groups: Array<string | [string, number]>): TallyBallot[] {
  return groups.flatMap((group) => {
    const [order, times] = typeof group === 'string' ? [group, 1] : group;
    return Array.from({ length: times }, () => ballot(order));
  });
}

/** A small seeded generator (mulberry32), so random campaigns are the same every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` random ballots of `picks` different entries; popularity falls off with the entry's
 * position, so that counts differ (few ballots over few entries make ties).
 */
export function randomBallots(random: () => number, entryList: readonly TallyEntry[], picks: number, count: number): TallyBallot[] {
  const weights = entryList.map((_, index) => 1 / (index + 1));
  return Array.from({ length: count }, () => {
    const chosen: string[] = [];
    const left = entryList.map((entry, index) => ({ id: entry.id, weight: weights[index] }));
    while (chosen.length < picks) {
      const total = left.reduce((sum, item) => sum + item.weight, 0);
      let target = random() * total;
      let index = 0;
      while (index < left.length - 1 && target >= left[index].weight) target -= left[index++].weight;
      chosen.push(left[index].id);
      left.splice(index, 1);
    }
    // Shuffle the picks' order in the array: the count must read the ranks, not the order.
    const picksInOrder = chosen.map((entryId, index) => ({ entryId, rank: index + 1 }));
    for (let i = picksInOrder.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [picksInOrder[i], picksInOrder[j]] = [picksInOrder[j], picksInOrder[i]];
    }
    return { picks: picksInOrder };
  });
}
