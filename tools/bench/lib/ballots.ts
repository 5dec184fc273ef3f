// Ballots for the vote benchmarks: each `picks` different entries, drawn with a popularity that
// falls with the entry's position, from a seeded generator so every run counts the same ballots.
import type { BallotPick } from '@patt/contracts';
import { SeededRandom } from '../../../libs/testing/src/seeded-random';

/** `count` ballots over `entryIds`, the entry at `index` drawn with weight `popularity(index)`. */
export function weightedBallots(
  entryIds: readonly string[],
  picks: number,
  count: number,
  seed: number,
  popularity: (index: number) => number,
): BallotPick[][] {
  const random = new SeededRandom(seed);
  const weights = entryIds.map((_, index) => popularity(index));
  return Array.from({ length: count }, () => {
    const left = entryIds.map((id, index) => ({ id, weight: weights[index] }));
    const chosen: BallotPick[] = [];
    while (chosen.length < picks) {
      let target = random.next() * left.reduce((sum, item) => sum + item.weight, 0);
      let index = 0;
      while (index < left.length - 1 && target >= left[index].weight) target -= left[index++].weight;
      chosen.push({ entryId: left[index].id, rank: chosen.length + 1 });
      left.splice(index, 1);
    }
    return chosen;
  });
}
