import type { CampaignResults } from '@patt/contracts';
import { ballot, ballots, entries } from '../test/ballots';
import { pointsForRank, tallyResults, type TallyBallot } from '.';

function points(letters: string, picksPerVoter: number, cast: TallyBallot[]): CampaignResults {
  return tallyResults({ campaignId: 'c1', method: 'points', picksPerVoter, entries: entries(letters), ballots: cast, final: true, eligible: 10 });
}

/** Each line as "id place points firsts/seconds/…", to read a table at a glance. */
function lines(results: CampaignResults): string[] {
  return results.entries.map((entry) => `${entry.entryId} ${entry.place} ${entry.points} ${entry.placeCounts.join('/')}`);
}

type Cast = Array<string | [string, number]>;

describe('points', () => {
  it.each([
    [1, [1]],
    [2, [2, 1]],
    [3, [3, 2, 1]],
    [4, [4, 3, 2, 1]],
    [5, [5, 4, 3, 2, 1]],
  ])('with %i picks, ranks 1..N earn %j', (picksPerVoter, earned) => {
    const letters = 'ABCDE'.slice(0, picksPerVoter);
    const results = points(letters, picksPerVoter, [ballot([...letters].join('>'))]);
    expect(results.entries.map((entry) => entry.points)).toEqual(earned);
    expect(earned.map((_, index) => pointsForRank(picksPerVoter, index + 1))).toEqual(earned);
    expect(results.entries.map((entry) => entry.place)).toEqual(earned.map((_, index) => index + 1));
    expect(results.entries.map((entry) => entry.placeCounts)).toEqual(earned.map((_, index) => earned.map((__, rank) => (rank === index ? 1 : 0))));
    expect(results.winnerIds).toEqual(['A']);
  });

  it('adds up points over ballots, reading the ranks and not the order of the picks', () => {
    const shuffled: TallyBallot = { picks: [{ entryId: 'B', rank: 3 }, { entryId: 'A', rank: 1 }, { entryId: 'C', rank: 2 }] };
    const results = points('ABC', 3, [...ballots(['A>B>C', 2], 'C>A>B', 'B>C>A'), shuffled]);
    // A: 3+3+2+1+3 = 12 (3/1/1); B: 2+2+1+3+1 = 9 and C: 1+1+3+2+2 = 9, both 1/2/2
    expect(lines(results)).toEqual(['A 1 12 3/1/1', 'B 2 9 1/2/2', 'C 2 9 1/2/2']);
    expect(results).toMatchObject({ campaignId: 'c1', method: 'points', final: true, eligible: 10, voted: 5, winnerIds: ['A'] });
    expect(results.rounds).toBeUndefined();
  });

  it.each<[string, string, number, Cast, string[]]>([
    [
      'more firsts win a tie on points',
      'ABC',
      2,
      // A: 2+1+1 = 4 with one first, B: 2+2 = 4 with two
      ['A>C', 'C>A', 'C>A', 'B>C', 'B>C'],
      ['C 1 7 2/3', 'B 2 4 2/0', 'A 3 4 1/2'],
    ],
    [
      'more seconds win a tie on points and firsts',
      'XYPQRS',
      3,
      // X: 3+1+1+1 = 6 (1/0/3), Y: 3+2+1 = 6 (1/1/1)
      ['X>P>Y', 'Y>Q>X', 'R>Y>X', 'S>P>X'],
      ['Y 1 6 1/1/1', 'X 2 6 1/0/3', 'P 3 4 0/2/0', 'R 4 3 1/0/0', 'S 4 3 1/0/0', 'Q 6 2 0/1/0'],
    ],
    [
      'more thirds win a tie on points, firsts and seconds',
      'ABCDEF',
      4,
      // A: 2+2 = 4 (0/0/2/0), B: 1+1+2 = 4 (0/0/1/2), E: 4 (1/0/0/0) ahead of both by its first
      ['C>D>A>B', 'D>C>A>B', 'E>F>B>D'],
      ['D 1 8 1/1/0/1', 'C 2 7 1/1/0/0', 'E 3 4 1/0/0/0', 'A 4 4 0/0/2/0', 'B 5 4 0/0/1/2', 'F 6 3 0/1/0/0'],
    ],
    [
      'entries equal on every count share a place, and the next place skips',
      'ABCD',
      2,
      ['A>B', 'B>A', 'C>D'],
      ['A 1 3 1/1', 'B 1 3 1/1', 'C 3 2 1/0', 'D 4 1 0/1'],
    ],
    [
      'entries sharing a place keep the order they were given in',
      'DCBA',
      2,
      ['A>B', 'B>A', 'C>D'],
      ['B 1 3 1/1', 'A 1 3 1/1', 'C 3 2 1/0', 'D 4 1 0/1'],
    ],
    [
      'entries without a vote are present, sharing the last place',
      'ABCDE',
      2,
      [['A>B', 2]],
      ['A 1 4 2/0', 'B 2 2 0/2', 'C 3 0 0/0', 'D 3 0 0/0', 'E 3 0 0/0'],
    ],
  ])('%s', (_name, letters, picksPerVoter, cast, expected) => {
    expect(lines(points(letters, picksPerVoter, ballots(...cast)))).toEqual(expected);
  });

  it('names every entry sharing the first place a winner', () => {
    expect(points('ABCD', 2, ballots('A>B', 'B>A', 'C>D')).winnerIds).toEqual(['A', 'B']);
  });

  it('with no ballots lists every entry in first place and names no winner', () => {
    const results = points('ABC', 3, []);
    expect(lines(results)).toEqual(['A 1 0 0/0/0', 'B 1 0 0/0/0', 'C 1 0 0/0/0']);
    expect(results).toMatchObject({ voted: 0, winnerIds: [] });
  });

  it('with no entries and no ballots answers empty results', () => {
    expect(points('', 3, [])).toMatchObject({ entries: [], winnerIds: [], voted: 0 });
  });

  it('takes the names from the entries', () => {
    expect(points('AB', 1, ballots('B')).entries.map((entry) => entry.name)).toEqual(['Entry B', 'Entry A']);
  });
});
