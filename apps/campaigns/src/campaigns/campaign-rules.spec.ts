import { Actor, RankLevel } from '@patt/contracts';
import { allVoted, ballotProblems, closeDue, mayView, percentVoted, timeLeftMilestone, turnoutMilestones, votingRank } from './campaign-rules';

const actor = (rank: RankLevel): Actor => ({ userId: 'u', personId: 'p', username: 'x', rank });

describe('who may see a campaign', () => {
  it.each([
    // status, minRankToView, caller rank (null: anonymous), visible
    ['draft', null, null, false],
    ['draft', null, 3, false],
    ['draft', null, 4, true],
    ['draft', 5, 4, true],
    ['live', null, null, true],
    ['live', null, 1, true],
    ['live', 3, null, false],
    ['live', 3, 2, false],
    ['live', 3, 3, true],
    ['closed', 5, 4, false],
    ['closed', 5, 5, true],
    ['closed', null, null, true],
  ] as const)('%s, minRankToView %s, caller %s: %s', (status, minRankToView, rank, visible) => {
    expect(mayView({ status, minRankToView }, rank === null ? null : actor(rank))).toBe(visible);
  });
});

describe('the rank a voter votes with', () => {
  it('is the member’s rank as identity last said it, the token’s until it has', () => {
    expect(votingRank(actor(4), 2)).toBe(2);
    expect(votingRank(actor(4), null)).toBe(4);
  });
});

describe('what makes a ballot', () => {
  const entries = new Set(['a', 'b', 'c', 'd']);
  const picks = (...pairs: Array<[string, number]>) => pairs.map(([entryId, rank]) => ({ entryId, rank }));

  it.each([
    ['three picks ranked 1..3', picks(['a', 1], ['b', 2], ['c', 3]), 3, []],
    ['in any order', picks(['c', 3], ['a', 1], ['b', 2]), 3, []],
    ['one pick', picks(['d', 1]), 1, []],
    ['too few', picks(['a', 1], ['b', 2]), 3, ['picks']],
    ['too many', picks(['a', 1], ['b', 2], ['c', 3]), 2, ['picks', 'picks.2.rank']],
    ['an entry of another campaign', picks(['a', 1], ['z', 2]), 2, ['picks.1.entryId']],
    ['an entry twice', picks(['a', 1], ['a', 2]), 2, ['picks.1.entryId']],
    ['a rank twice', picks(['a', 1], ['b', 1]), 2, ['picks.1.rank']],
    ['a rank beyond the picks', picks(['a', 1], ['b', 3]), 2, ['picks.1.rank']],
    ['nothing', [], 1, ['picks']],
  ])('%s', (_name, given, picksPerVoter, fields) => {
    expect(ballotProblems(given, picksPerVoter, entries).map((p) => p.field)).toEqual(fields);
  });

  it('says what is wrong in words', () => {
    expect(ballotProblems(picks(['a', 1]), 3, entries)).toEqual([{ field: 'picks', problems: ['must rank exactly 3 different entries; it ranks 1'] }]);
  });
});

describe('turnout', () => {
  it.each([
    [0, 0, 0],
    [3, 0, 0],
    [0, 10, 0],
    [1, 3, 33],
    [2, 3, 66],
    [99, 100, 99],
    [100, 100, 100],
    [101, 100, 100],
  ])('%i of %i eligible is %i %%', (voted, eligible, percent) => {
    expect(percentVoted(voted, eligible)).toBe(percent);
  });

  it('is all voted only with someone eligible and everyone voted', () => {
    expect(allVoted(0, 0)).toBe(false);
    expect(allVoted(2, 3)).toBe(false);
    expect(allVoted(3, 3)).toBe(true);
    expect(allVoted(4, 3)).toBe(true);
  });

  it.each([
    [0, 10, []],
    [1, 10, ['first_ballot']],
    [2, 8, ['first_ballot', 'turnout_25']],
    [3, 4, ['first_ballot', 'turnout_25', 'turnout_50', 'turnout_75']],
    [1, 1, ['first_ballot', 'turnout_25', 'turnout_50', 'turnout_75', 'all_voted']],
    [24, 100, ['first_ballot']],
    [25, 100, ['first_ballot', 'turnout_25']],
    [49, 100, ['first_ballot', 'turnout_25']],
    [50, 100, ['first_ballot', 'turnout_25', 'turnout_50']],
    [1, 0, ['first_ballot']],
  ])('%i of %i eligible reaches %j', (voted, eligible, milestones) => {
    expect(turnoutMilestones(voted, eligible)).toEqual(milestones);
  });
});

describe('time left', () => {
  const H = 3_600_000;
  const at = (hours: number) => new Date(Date.UTC(2026, 11, 1) + hours * H);

  it.each([
    // live for (h), time left (h), milestone
    [72, 30, null],
    [72, 24, 'hours_left_24'],
    [72, 2, 'hours_left_24'],
    [72, 1, 'hours_left_1'],
    [72, 0.5, 'hours_left_1'],
    [72, 0, null],
    [24, 24, null], // live for exactly a day: never "24 hours left"
    [24, 23, null],
    [24, 1, 'hours_left_1'],
    [12, 11, null], // a 12-hour campaign never says "24 hours left"
    [12, 0.9, 'hours_left_1'],
    [1, 1, null], // an hour-long campaign never says "1 hour left"
    [1, 0.5, null],
  ])('live for %s h with %s h left: %s', (span, left, milestone) => {
    const openedAt = at(0);
    const endsAt = at(span);
    expect(timeLeftMilestone(openedAt, endsAt, at(span - left))).toBe(milestone);
  });

  it('is due to close at its end, not before', () => {
    expect(closeDue(at(5), at(4.99))).toBeNull();
    expect(closeDue(at(5), at(5))).toBe('ended');
  });
});
