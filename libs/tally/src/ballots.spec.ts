import { ballot, entries } from '../test/ballots';
import { tallyResults, TallyError, type TallyBallot, type TallyEntry } from '.';

function count(cast: TallyBallot[], picksPerVoter = 2, entryList: TallyEntry[] = entries('ABC')) {
  return () => tallyResults({ campaignId: 'c1', method: 'points', picksPerVoter, entries: entryList, ballots: cast, final: false, eligible: 3 });
}

describe('ballots the count refuses', () => {
  it.each<[string, TallyBallot, RegExp]>([
    ['fewer picks than the campaign asks', ballot('A'), /ballot 2 has 1 picks; the campaign asks for 2/],
    ['more picks than the campaign asks', ballot('A>B>C'), /ballot 2 has 3 picks/],
    ['an entry of another campaign', ballot('A>Z'), /ballot 2 picks Z, which is not an entry/],
    ['the same entry twice', { picks: [{ entryId: 'A', rank: 1 }, { entryId: 'A', rank: 2 }] }, /ballot 2 picks A twice/],
    ['the same rank twice', { picks: [{ entryId: 'A', rank: 1 }, { entryId: 'B', rank: 1 }] }, /ballot 2 uses rank 1 twice/],
    ['a rank beyond the picks', { picks: [{ entryId: 'A', rank: 1 }, { entryId: 'B', rank: 3 }] }, /ranks B 3; ranks run from 1 to 2/],
    ['a rank of 0', { picks: [{ entryId: 'A', rank: 0 }, { entryId: 'B', rank: 1 }] }, /ranks A 0/],
    ['a rank that is not whole', { picks: [{ entryId: 'A', rank: 1.5 }, { entryId: 'B', rank: 1 }] }, /ranks A 1.5/],
  ])('%s', (_name, bad, message) => {
    const attempt = count([ballot('A>B'), bad]);
    expect(attempt).toThrow(TallyError);
    expect(attempt).toThrow(message);
  });

  it('refuses an entry listed twice', () => {
    expect(count([], 1, [...entries('AB'), { id: 'A', name: 'Again' }])).toThrow(/entry A is listed twice/);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %p picks per voter', (picksPerVoter) => {
    expect(count([], picksPerVoter)).toThrow(/picksPerVoter must be a whole number of at least 1/);
  });
});
