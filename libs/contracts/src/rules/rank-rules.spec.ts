import { RankLevel } from '../api/ranks';
import { MemberAction, rankRuleVerdict } from './rank-rules';

const { Initiate, Member, Veteran, Officer, GuildLeader } = RankLevel;

const me = 'a0000000-0000-4000-8000-000000000001';
const other = 'b0000000-0000-4000-8000-000000000002';

type Row = [description: string, action: MemberAction, actorRank: RankLevel, actorPerson: string | null, targetPerson: string, targetRank: RankLevel, grant: RankLevel | undefined, allowed: boolean, reason: RegExp | null];

describe('rank rules', () => {
  // Every row has every column (no reason when allowed): jest takes a callback with a missing one for `done`.
  const table: Row[] = [
    // An officer and their own rank.
    ['an officer promoting themselves to Guild Leader', 'change_rank', Officer, me, me, Officer, GuildLeader, false, /your own rank/],
    ['an officer demoting themselves', 'change_rank', Officer, me, me, Officer, Member, false, /your own rank/],
    // An officer and those at or above them.
    ['an officer demoting the Guild Leader', 'change_rank', Officer, me, other, GuildLeader, Initiate, false, /Guild Leader, not ranked below you/],
    ['an officer demoting another officer', 'change_rank', Officer, me, other, Officer, Member, false, /Officer, not ranked below you/],
    // An officer and those below them.
    ['an officer promoting a Member to Veteran', 'change_rank', Officer, me, other, Member, Veteran, true, null],
    ['an officer demoting a Veteran to Initiate', 'change_rank', Officer, me, other, Veteran, Initiate, true, null],
    ['an officer giving a Veteran the rank they hold', 'change_rank', Officer, me, other, Veteran, Veteran, true, null],
    ['an officer promoting a Member to Officer', 'change_rank', Officer, me, other, Member, Officer, false, /at most the rank Veteran/],
    ['an officer promoting an Initiate to Guild Leader', 'change_rank', Officer, me, other, Initiate, GuildLeader, false, /at most the rank Veteran/],
    // The Guild Leader may do all of it.
    ['the Guild Leader making an Officer Guild Leader', 'change_rank', GuildLeader, me, other, Officer, GuildLeader, true, null],
    ['the Guild Leader demoting an Officer', 'change_rank', GuildLeader, me, other, Officer, Initiate, true, null],
    ['the Guild Leader changing their own rank', 'change_rank', GuildLeader, me, me, GuildLeader, Officer, true, null],
    ['the first Guild Leader (no member) promoting anyone', 'change_rank', GuildLeader, null, other, Member, Officer, true, null],
    // Below Officer: none of it.
    ['a Veteran promoting an Initiate', 'change_rank', Veteran, me, other, Initiate, Member, false, /Only officers/],
    ['a Member disabling an Initiate', 'disable_account', Member, me, other, Initiate, undefined, false, /Only officers/],
    // Accounts follow the same rules.
    ['an officer disabling a Member', 'disable_account', Officer, me, other, Member, undefined, true, null],
    ['an officer disabling another officer', 'disable_account', Officer, me, other, Officer, undefined, false, /only the Guild Leader may disable the account of them/],
    ['an officer disabling the Guild Leader', 'disable_account', Officer, me, other, GuildLeader, undefined, false, /not ranked below you/],
    ['an officer disabling themselves', 'disable_account', Officer, me, me, Officer, undefined, false, /cannot disable the account of yourself/],
    ['an officer enabling a Veteran', 'enable_account', Officer, me, other, Veteran, undefined, true, null],
    ['an officer enabling another officer', 'enable_account', Officer, me, other, Officer, undefined, false, /not ranked below you/],
    ['the Guild Leader disabling an officer', 'disable_account', GuildLeader, me, other, Officer, undefined, true, null],
    // And so do invites.
    ['an officer inviting a Veteran', 'invite', Officer, me, other, Veteran, undefined, true, null],
    ['an officer inviting an officer', 'invite', Officer, me, other, Officer, undefined, false, /only the Guild Leader may invite them/],
    ['an officer listing the invites of a Member', 'list_invites', Officer, me, other, Member, undefined, true, null],
    ['an officer listing the invites of the Guild Leader', 'list_invites', Officer, me, other, GuildLeader, undefined, false, /see the invites of/],
    ['an officer revoking the invite of an Initiate', 'revoke_invite', Officer, me, other, Initiate, undefined, true, null],
    ['an officer revoking the invite of an officer', 'revoke_invite', Officer, me, other, Officer, undefined, false, /revoke the invites of/],
    ['the Guild Leader inviting an officer', 'invite', GuildLeader, me, other, Officer, undefined, true, null],
  ];

  it.each(table)('%s', (_description, action, actorRank, actorPerson, targetPerson, targetRank, grant, allowed, reason) => {
    const verdict = rankRuleVerdict(action, { rank: actorRank, personId: actorPerson }, { personId: targetPerson, rank: targetRank }, grant);
    expect(verdict.allowed).toBe(allowed);
    if (!verdict.allowed) expect(verdict.reason).toMatch(reason as RegExp);
  });

  it('asks what a change of rank gives', () => {
    expect(() => rankRuleVerdict('change_rank', { rank: Officer, personId: me }, { personId: other, rank: Member })).toThrow(/the rank it gives/);
  });

  it('speaks of ranks by the names it is given', () => {
    const names = (level: RankLevel) => ['', 'Peon', 'Grunt', 'Stone Guard', 'Warlord', 'Warchief'][level];
    const verdict = rankRuleVerdict('change_rank', { rank: Officer, personId: me }, { personId: other, rank: Member }, Officer, names);
    expect(verdict).toEqual({ allowed: false, reason: 'You may give at most the rank Stone Guard; only the Guild Leader may make someone Warlord.' });
  });
});
