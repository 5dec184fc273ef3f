// The points count (docs/api.md, "Votes"): with N picks, rank r earns N − r + 1. Entries are ordered by
// points, then by first places, then second places, and so on; entries still equal share their
// place (1, 1, 3). Every entry is in the standings, votes or none.
import type { ResultEntry } from '@patt/contracts';
import type { TallyEntry } from './ballots';

/** The points a pick of this rank earns on a ballot of `picksPerVoter` picks. */
export function pointsForRank(picksPerVoter: number, rank: number): number {
  return picksPerVoter - rank + 1;
}

/**
 * How many ballots ranked each entry 1st, 2nd, …: `counts[position * picksPerVoter + rank - 1]`,
 * positions as the entries were given. Built once per count, or kept live (LiveStandings).
 */
export interface PlaceCountTable {
  readonly entryCount: number;
  readonly picksPerVoter: number;
  readonly counts: Int32Array;
}

export function emptyPlaceCounts(entryCount: number, picksPerVoter: number): PlaceCountTable {
  return { entryCount, picksPerVoter, counts: new Int32Array(entryCount * picksPerVoter) };
}

/** Adds one ballot, given as entry positions in rank order. */
export function addRanked(table: PlaceCountTable, ranked: Int32Array): void {
  const n = table.picksPerVoter;
  for (let r = 0; r < n; r++) table.counts[ranked[r] * n + r] += 1;
}

export function pointsOf(table: PlaceCountTable): Int32Array {
  const { entryCount, picksPerVoter: n, counts } = table;
  const points = new Int32Array(entryCount);
  for (let e = 0; e < entryCount; e++) {
    let sum = 0;
    for (let r = 0; r < n; r++) sum += counts[e * n + r] * (n - r);
    points[e] = sum;
  }
  return points;
}

/** Negative when entry a stands above entry b by points then firsts, seconds, …; 0 when equal. */
export function comparePoints(table: PlaceCountTable, points: Int32Array, a: number, b: number): number {
  if (points[a] !== points[b]) return points[b] - points[a];
  const { picksPerVoter: n, counts } = table;
  for (let r = 0; r < n; r++) {
    const difference = counts[b * n + r] - counts[a * n + r];
    if (difference !== 0) return difference;
  }
  return 0;
}

export function placeCountsOf(table: PlaceCountTable, position: number): number[] {
  const n = table.picksPerVoter;
  return Array.from(table.counts.subarray(position * n, position * n + n));
}

/**
 * Every entry in points order with its place. Entries still equal after every tie-break share the
 * place of the first of them and keep the order they were given in (the service gives them in
 * `sortOrder`), so equal entries list the same way every time.
 */
export function pointsStandings(entries: readonly TallyEntry[], table: PlaceCountTable): ResultEntry[] {
  if (entries.length !== table.entryCount) throw new RangeError('the place counts are of another list of entries');
  const points = pointsOf(table);
  const order = entries.map((_, position) => position);
  order.sort((a, b) => comparePoints(table, points, a, b) || a - b);
  const standings: ResultEntry[] = [];
  let place = 0;
  order.forEach((position, index) => {
    if (index === 0 || comparePoints(table, points, order[index - 1], position) !== 0) place = index + 1;
    standings.push({
      entryId: entries[position].id,
      name: entries[position].name,
      place,
      points: points[position],
      placeCounts: placeCountsOf(table, position),
    });
  });
  return standings;
}

/** The winners of a points count: the entries of place 1, none when no ballot was cast. */
export function pointsWinners(standings: readonly ResultEntry[]): string[] {
  if (standings.length === 0 || standings[0].points === 0) return [];
  return standings.filter((entry) => entry.place === 1).map((entry) => entry.entryId);
}
