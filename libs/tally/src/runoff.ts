// Instant runoff (docs/api.md, "Votes"): each round counts every ballot for its best-ranked entry still
// in the race; an entry with more than half of the ballots still counting wins; otherwise the
// entry with the fewest is eliminated. Ties for last are broken by points (the points count of
// the same ballots), and entries still equal go out together, unless that would leave none: then
// the entries left win together. A ballot whose every entry is out is exhausted and no longer
// counts. Every round is recorded.
//
// Ballots move only when their entry goes out, each at most once per pick, so the whole runoff
// costs about one pass over the picks, however many rounds it takes.
import type { ResultEntry, RunoffRound } from '@patt/contracts';
import type { TallyEntry } from './ballots';
import { placeCountsOf, pointsOf, type PlaceCountTable } from './points';

export interface RunoffOutcome {
  rounds: RunoffRound[];
  winnerIds: string[];
  /**
   * Every entry with its place: the winners first (place 1); then the other entries of the last
   * round by its count (then points); then the entries eliminated in each earlier round, the
   * later out the higher, those out together sharing a place. Equal entries share a place and
   * keep the order they were given in.
   */
  entries: ResultEntry[];
}

export function instantRunoff(
  entries: readonly TallyEntry[],
  ranked: readonly Int32Array[],
  table: PlaceCountTable,
): RunoffOutcome {
  const entryCount = entries.length;
  const points = pointsOf(table);
  const line = (position: number, place: number): ResultEntry => ({
    entryId: entries[position].id,
    name: entries[position].name,
    place,
    points: points[position],
    placeCounts: placeCountsOf(table, position),
  });
  // No ballot, no count: every entry equal, no winner, no round.
  if (ranked.length === 0) {
    return { rounds: [], winnerIds: [], entries: entries.map((_, position) => line(position, 1)) };
  }

  const inRace = new Uint8Array(entryCount).fill(1);
  /** The ballots counting for each entry this round (their indices). */
  const holders: number[][] = Array.from({ length: entryCount }, () => []);
  /** Each ballot's pick counting now (an index into its ranking). */
  const at = new Int32Array(ranked.length);
  ranked.forEach((ballot, index) => holders[ballot[0]].push(index));

  let remaining = entryCount;
  let exhausted = 0;
  const rounds: RunoffRound[] = [];
  /** Entries out, round by round. */
  const outByRound: number[][] = [];
  let lastRound: number[] = [];
  let winners: number[] = [];

  for (;;) {
    const counting = ranked.length - exhausted;
    const counts: Record<string, number> = {};
    const racing: number[] = [];
    for (let e = 0; e < entryCount; e++) {
      if (!inRace[e]) continue;
      racing.push(e);
      counts[entries[e].id] = holders[e].length;
    }
    const majority = racing.find((e) => holders[e].length * 2 > counting);
    if (majority !== undefined) {
      winners = [majority];
      lastRound = racing;
      rounds.push({ counts, eliminated: [], exhausted });
      break;
    }
    // The fewest ballots, then the fewest points: the entries still equal at the bottom.
    let fewest = Infinity;
    let fewestPoints = Infinity;
    let last: number[] = [];
    for (const e of racing) {
      const count = holders[e].length;
      if (count < fewest || (count === fewest && points[e] < fewestPoints)) {
        fewest = count;
        fewestPoints = points[e];
        last = [e];
      } else if (count === fewest && points[e] === fewestPoints) {
        last.push(e);
      }
    }
    if (last.length === remaining) {
      winners = racing;
      lastRound = racing;
      rounds.push({ counts, eliminated: [], exhausted });
      break;
    }
    rounds.push({ counts, eliminated: last.map((e) => entries[e].id), exhausted });
    outByRound.push(last);
    for (const e of last) inRace[e] = 0;
    remaining -= last.length;
    for (const e of last) {
      for (const index of holders[e]) {
        const ballot = ranked[index];
        let next = at[index] + 1;
        while (next < ballot.length && !inRace[ballot[next]]) next++;
        at[index] = next;
        if (next === ballot.length) exhausted++;
        else holders[ballot[next]].push(index);
      }
      holders[e] = [];
    }
  }

  const results: ResultEntry[] = winners.map((position) => line(position, 1));
  // The rest of the last round, by its count then points; then each earlier round's eliminated.
  const winnerSet = new Set(winners);
  const finalists = lastRound
    .filter((e) => !winnerSet.has(e))
    .sort((a, b) => holders[b].length - holders[a].length || points[b] - points[a] || a - b);
  finalists.forEach((e, index) => {
    const previous = finalists[index - 1];
    const equal = previous !== undefined && holders[previous].length === holders[e].length && points[previous] === points[e];
    results.push(line(e, equal ? results[results.length - 1].place : results.length + 1));
  });
  for (let round = outByRound.length - 1; round >= 0; round--) {
    const place = results.length + 1;
    for (const e of outByRound[round]) results.push(line(e, place));
  }
  return { rounds, winnerIds: winners.map((position) => entries[position].id), entries: results };
}
