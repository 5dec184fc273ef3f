import type { CampaignLeader, ResultEntry } from '@patt/contracts';
import { ballot, ballots, entries, randomBallots, seeded } from '../test/ballots';
import { isLeadChange, leaderOf, LiveStandings, tallyResults, TallyError } from '.';

const leader = (id: string): CampaignLeader => ({ entryId: id, name: `Entry ${id}` });

describe('live standings', () => {
  it('after each ballot equal the points results of the ballots so far', () => {
    const random = seeded(13);
    const entryList = entries('ABCDEFGHIJ');
    const cast = randomBallots(random, entryList, 3, 200);
    const live = new LiveStandings(entryList, 3);
    cast.forEach((one, index) => {
      live.add(one);
      if (index % 20 !== 19) return;
      const counted = cast.slice(0, index + 1);
      const results = tallyResults({ campaignId: 'c1', method: 'points', picksPerVoter: 3, entries: entryList, ballots: counted, final: false, eligible: 300 });
      expect(live.standings()).toEqual(results.entries);
      expect(live.voted).toBe(index + 1);
    });
  });

  it('start from the place counts the database keeps', () => {
    const entryList = entries('ABCD');
    const cast = ballots(['A>B', 3], ['B>C', 2], 'D>A');
    const rows = [
      { entryId: 'A', rank: 1, count: 3 },
      { entryId: 'B', rank: 2, count: 3 },
      { entryId: 'B', rank: 1, count: 2 },
      { entryId: 'C', rank: 2, count: 2 },
      { entryId: 'D', rank: 1, count: 1 },
      { entryId: 'A', rank: 2, count: 1 },
    ];
    const live = LiveStandings.fromPlaceCounts(entryList, 2, rows);
    const counted = new LiveStandings(entryList, 2);
    cast.forEach((one) => counted.add(one));
    expect(live.standings()).toEqual(counted.standings());
    expect(live.voted).toBe(6);
    live.add(ballot('C>D'));
    expect(live.voted).toBe(7);
    expect(live.standings().find((entry) => entry.entryId === 'C')?.placeCounts).toEqual([1, 2]);
  });

  it.each([
    ['an entry the campaign does not have', [{ entryId: 'Z', rank: 1, count: 1 }], /not an entry/],
    ['a rank beyond the picks', [{ entryId: 'A', rank: 3, count: 1 }], /ranks run from 1 to 2/],
    ['a negative count', [{ entryId: 'A', rank: 1, count: -1 }], /cannot hold -1/],
  ])('refuse place counts naming %s', (_name, rows, message) => {
    expect(() => LiveStandings.fromPlaceCounts(entries('AB'), 2, rows)).toThrow(message);
  });

  it('refuse a ballot that is not one of the campaign', () => {
    const live = new LiveStandings(entries('AB'), 2);
    expect(() => live.add(ballot('A>Z'))).toThrow(TallyError);
    live.add(ballot('A>B'));
    // A refused ballot left nothing behind: the next one counts cleanly.
    expect(live.voted).toBe(1);
    expect(live.standings().map((entry) => entry.placeCounts)).toEqual([[1, 0], [0, 1]]);
  });
});

describe('the leader', () => {
  it.each<[string, 'points' | 'instant_runoff', string, number, Array<string | [string, number]>, string | null]>([
    ['points: no one before the first ballot', 'points', 'ABC', 2, [], null],
    ['points: the entry alone at the top', 'points', 'ABC', 2, ['A>B', 'B>C', 'A>C'], 'A'],
    ['points: no one while the top is shared', 'points', 'ABC', 2, ['A>B', 'B>A'], null],
    // A: 2+2 = 4 with two firsts; B and C: 2+1+1 = 4 with one
    ['points: a tie on points broken by firsts', 'points', 'ABCD', 2, [['A>C', 2], 'B>D', 'C>B', 'D>B'], 'A'],
    ['points: a single entry with a ballot leads', 'points', 'A', 1, ['A'], 'A'],
    // B has the most points (2+2+2+2 = 8 against A's 3+3+1 = 7) but A the most first choices
    ['instant runoff: the most first choices, not the most points', 'instant_runoff', 'ABCD', 3, [['A>B>C', 2], 'C>B>A', 'D>B>C'], 'A'],
    ['instant runoff: equal first choices broken by points', 'instant_runoff', 'ABC', 2, ['A>C', 'B>A', 'C>A'], 'A'],
    ['instant runoff: no one while first choices and points are equal', 'instant_runoff', 'AB', 2, ['A>B', 'B>A'], null],
    ['instant runoff: no one before the first ballot', 'instant_runoff', 'AB', 2, [], null],
  ])('%s', (_name, method, letters, picksPerVoter, cast, expected) => {
    const live = new LiveStandings(entries(letters), picksPerVoter);
    ballots(...cast).forEach((one) => live.add(one));
    expect(live.leader(method)).toEqual(expected === null ? null : leader(expected));
    expect(leaderOf(method, live.standings())).toEqual(live.leader(method));
  });

  it('leads by first choices under instant runoff where points would name another entry', () => {
    const standings: ResultEntry[] = [
      { entryId: 'B', name: 'Entry B', place: 1, points: 9, placeCounts: [0, 3, 3] },
      { entryId: 'A', name: 'Entry A', place: 2, points: 7, placeCounts: [2, 0, 1] },
      { entryId: 'C', name: 'Entry C', place: 3, points: 5, placeCounts: [1, 0, 2] },
    ];
    expect(leaderOf('points', standings)).toEqual(leader('B'));
    expect(leaderOf('instant_runoff', standings)).toEqual(leader('A'));
  });

  it('has no one to name among no entries', () => {
    expect(leaderOf('points', [])).toBeNull();
    expect(leaderOf('instant_runoff', [])).toBeNull();
  });

  it.each<[string, string | null, string | null, boolean]>([
    ['the first leader is no change: no one led before', null, 'A', false],
    ['the same leader again is no change', 'A', 'A', false],
    ['another entry taking the lead is a change', 'A', 'B', true],
    ['a tie at the top is no change', 'A', null, false],
    ['no leader ever is no change', null, null, false],
  ])('%s', (_name, lastLeaderId, now, expected) => {
    expect(isLeadChange(lastLeaderId, now === null ? null : leader(now))).toBe(expected);
  });
});
