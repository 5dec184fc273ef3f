import type { CampaignResults, RunoffRound } from '@patt/contracts';
import { ballots, entries, randomBallots, seeded } from '../test/ballots';
import { tallyResults, type TallyBallot, type TallyEntry } from '.';

function runoff(letters: string, picksPerVoter: number, cast: TallyBallot[], entryList: TallyEntry[] = entries(letters)): CampaignResults {
  return tallyResults({ campaignId: 'c1', method: 'instant_runoff', picksPerVoter, entries: entryList, ballots: cast, final: true, eligible: 20 });
}

/** A round as "A3 B2 C0 | out C D | exhausted 2". */
function round(text: string): RunoffRound {
  const [counts, out, exhausted] = text.split(' | ');
  return {
    counts: Object.fromEntries(counts.split(' ').map((cell) => [cell[0], Number(cell.slice(1))])),
    eliminated: out === 'out -' ? [] : out.slice('out '.length).split(' '),
    exhausted: Number(exhausted.slice('exhausted '.length)),
  };
}

type Cast = Array<string | [string, number]>;

describe('instant runoff', () => {
  it.each<[string, string, number, Cast, string[], string[], string[]]>([
    [
      'an entry with a majority of first choices wins in the first round',
      'ABC',
      2,
      ['A>B', 'A>C', 'B>A'],
      ['A2 B1 C0 | out - | exhausted 0'],
      ['A'],
      ['A 1', 'B 2', 'C 3'],
    ],
    [
      'ballots move to their next choice round by round until an entry holds a majority',
      'ABCD',
      3,
      [['A>B>C', 4], ['B>C>A', 3], ['C>B>A', 2]],
      ['A4 B3 C2 D0 | out D | exhausted 0', 'A4 B3 C2 | out C | exhausted 0', 'A4 B5 | out - | exhausted 0'],
      ['B'],
      ['B 1', 'A 2', 'C 3', 'D 4'],
    ],
    [
      'a ballot whose entries are all out is exhausted, and the majority is of the ballots still counting',
      'ABCD',
      2,
      // C (4 points) goes before B (3 + 4 = 7 points); C>D has nowhere left to go
      [['A>B', 3], ['B>A', 2], ['C>D', 2]],
      ['A3 B2 C2 D0 | out D | exhausted 0', 'A3 B2 C2 | out C | exhausted 0', 'A3 B2 | out - | exhausted 2'],
      ['A'],
      ['A 1', 'B 2', 'C 3', 'D 4'],
    ],
    [
      'a tie for last is broken by points, whichever entry is listed first',
      'CBAD',
      2,
      [['A>B', 3], ['B>A', 2], ['C>D', 2]],
      ['C2 B2 A3 D0 | out D | exhausted 0', 'C2 B2 A3 | out C | exhausted 0', 'B2 A3 | out - | exhausted 2'],
      ['A'],
      ['A 1', 'B 2', 'C 3', 'D 4'],
    ],
    [
      'entries still equal on ballots and points go out together, sharing a place',
      'ABCD',
      2,
      // B: 3 seconds + 1 first = 5 points stays; C and D: 3 points each go out together
      [['A>B', 3], 'C>D', 'D>C', 'B>A'],
      ['A3 B1 C1 D1 | out C D | exhausted 0', 'A3 B1 | out - | exhausted 2'],
      ['A'],
      ['A 1', 'B 2', 'C 3', 'D 3'],
    ],
    [
      'entries without a first choice go out one round at a time, fewest points first',
      'ABCDE',
      2,
      // then A and B are equal on ballots and points: both win
      [['A>C', 2], ['B>D', 2], 'E>C'],
      [
        'A2 B2 C0 D0 E1 | out D | exhausted 0',
        'A2 B2 C0 E1 | out C | exhausted 0',
        'A2 B2 E1 | out E | exhausted 0',
        'A2 B2 | out - | exhausted 1',
      ],
      ['A', 'B'],
      ['A 1', 'B 1', 'E 3', 'C 4', 'D 5'],
    ],
    [
      'two entries equal on everything both win: putting them out would leave none',
      'AB',
      2,
      ['A>B', 'B>A'],
      ['A1 B1 | out - | exhausted 0'],
      ['A', 'B'],
      ['A 1', 'B 1'],
    ],
    [
      'every entry equal: all win in the first round',
      'ABC',
      1,
      ['A', 'B', 'C'],
      ['A1 B1 C1 | out - | exhausted 0'],
      ['A', 'B', 'C'],
      ['A 1', 'B 1', 'C 1'],
    ],
    [
      'the entries left after an elimination all equal: they win together',
      'ABC',
      1,
      ['A', 'B'],
      ['A1 B1 C0 | out C | exhausted 0', 'A1 B1 | out - | exhausted 0'],
      ['A', 'B'],
      ['A 1', 'B 1', 'C 3'],
    ],
    [
      'entries equal at the bottom go out together even when that leaves one',
      'ABC',
      1,
      [['A', 2], 'B', 'C'],
      ['A2 B1 C1 | out B C | exhausted 0', 'A2 | out - | exhausted 2'],
      ['A'],
      ['A 1', 'B 2', 'C 2'],
    ],
    [
      'the rest of the last round is placed by its count, then points',
      'ABC',
      2,
      [['A>B', 3], 'B>C', 'C>B'],
      ['A3 B1 C1 | out - | exhausted 0'],
      ['A'],
      ['A 1', 'B 2', 'C 3'],
    ],
    [
      'the rest of the last round equal on count and points share a place',
      'ABC',
      1,
      [['A', 3], 'B', 'C'],
      ['A3 B1 C1 | out - | exhausted 0'],
      ['A'],
      ['A 1', 'B 2', 'C 2'],
    ],
    ['a single entry with one ballot wins', 'A', 1, ['A'], ['A1 | out - | exhausted 0'], ['A'], ['A 1']],
  ])('%s', (_name, letters, picksPerVoter, cast, expectedRounds, winners, places) => {
    const results = runoff(letters, picksPerVoter, ballots(...cast));
    expect(results.rounds).toEqual(expectedRounds.map(round));
    expect(results.winnerIds).toEqual(winners);
    expect(results.entries.map((entry) => `${entry.entryId} ${entry.place}`)).toEqual(places);
  });

  it('answers in the contract shape, with points and place counts of every ballot', () => {
    const results = runoff('ABCD', 2, ballots(['A>B', 3], ['B>A', 2], ['C>D', 2]));
    expect(results).toMatchObject({ campaignId: 'c1', method: 'instant_runoff', final: true, eligible: 20, voted: 7 });
    expect(results.entries).toEqual([
      { entryId: 'A', name: 'Entry A', place: 1, points: 8, placeCounts: [3, 2] },
      { entryId: 'B', name: 'Entry B', place: 2, points: 7, placeCounts: [2, 3] },
      { entryId: 'C', name: 'Entry C', place: 3, points: 4, placeCounts: [2, 0] },
      { entryId: 'D', name: 'Entry D', place: 4, points: 2, placeCounts: [0, 2] },
    ]);
  });

  it('with no ballots has no round and no winner, every entry present in first place', () => {
    const results = runoff('ABC', 3, []);
    expect(results).toMatchObject({ rounds: [], winnerIds: [], voted: 0 });
    expect(results.entries.map((entry) => `${entry.entryId} ${entry.place} ${entry.points}`)).toEqual(['A 1 0', 'B 1 0', 'C 1 0']);
  });

  it('with no entries and no ballots answers empty results', () => {
    expect(runoff('', 2, [])).toMatchObject({ entries: [], rounds: [], winnerIds: [] });
  });

  // The runoff moves only the ballots of the entries going out; a count that starts over every
  // round, written as plainly as the rule, must agree with it round for round.
  it.each([
    [1, 4, 1, 5],
    [2, 3, 2, 6],
    [3, 6, 2, 40],
    [4, 8, 3, 25],
    [5, 12, 3, 300],
    [6, 20, 5, 500],
    [7, 50, 10, 1000],
  ])('agrees with a recount of every round (seed %i: %i entries, %i picks, %i ballots)', (seed, entryCount, picks, count) => {
    for (let trial = 0; trial < 20; trial++) {
      const random = seeded(seed * 1000 + trial);
      const entryList = Array.from({ length: entryCount }, (_, index) => ({ id: `e${index}`, name: `Entry ${index}` }));
      const cast = randomBallots(random, entryList, picks, count);
      const results = runoff('', picks, cast, entryList);
      const expected = recount(entryList, cast, picks);
      expect(results.rounds).toEqual(expected.rounds);
      expect(results.winnerIds).toEqual(expected.winnerIds);
      expect(new Set(results.entries.map((entry) => entry.entryId)).size).toBe(entryCount);
    }
  });
});

/** The rule read literally: every round counts every ballot afresh. */
function recount(entryList: TallyEntry[], cast: TallyBallot[], picks: number): { rounds: RunoffRound[]; winnerIds: string[] } {
  const points = new Map(entryList.map((entry) => [entry.id, 0]));
  for (const one of cast) for (const pick of one.picks) points.set(pick.entryId, points.get(pick.entryId)! + picks - pick.rank + 1);
  const orders = cast.map((one) => [...one.picks].sort((a, b) => a.rank - b.rank).map((pick) => pick.entryId));
  let racing = entryList.map((entry) => entry.id);
  const rounds: RunoffRound[] = [];
  for (;;) {
    const counts: Record<string, number> = Object.fromEntries(racing.map((id) => [id, 0]));
    let exhausted = 0;
    for (const order of orders) {
      const choice = order.find((id) => racing.includes(id));
      if (choice === undefined) exhausted++;
      else counts[choice]++;
    }
    const counting = cast.length - exhausted;
    const winner = racing.find((id) => counts[id] * 2 > counting);
    if (winner) {
      rounds.push({ counts, eliminated: [], exhausted });
      return { rounds, winnerIds: [winner] };
    }
    const fewest = Math.min(...racing.map((id) => counts[id]));
    const fewestPoints = Math.min(...racing.filter((id) => counts[id] === fewest).map((id) => points.get(id)!));
    const out = racing.filter((id) => counts[id] === fewest && points.get(id) === fewestPoints);
    if (out.length === racing.length) {
      rounds.push({ counts, eliminated: [], exhausted });
      return { rounds, winnerIds: racing };
    }
    rounds.push({ counts, eliminated: out, exhausted });
    racing = racing.filter((id) => !out.includes(id));
  }
}
