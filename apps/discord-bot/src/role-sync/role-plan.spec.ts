import { isEmptyPlan, planRankRoles } from './role-plan';

const RANKS = ['10', '20', '30'];

describe('planRankRoles', () => {
  it('adds the rank’s role and removes the other rank roles, never touching other roles', () => {
    expect(planRankRoles({ wanted: '20', rankRoleIds: RANKS, current: ['10', '99', '30'] })).toEqual({ add: ['20'], remove: ['10', '30'] });
  });

  it('does nothing when the roles are already right', () => {
    const plan = planRankRoles({ wanted: '20', rankRoleIds: RANKS, current: ['20', '99'] });
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('removes every rank role when the member’s rank has no Discord role', () => {
    expect(planRankRoles({ wanted: null, rankRoleIds: RANKS, current: ['30', '99'] })).toEqual({ add: [], remove: ['30'] });
  });

  it('touches nothing when no rank has a role yet', () => {
    expect(planRankRoles({ wanted: null, rankRoleIds: [], current: ['30', '99'] })).toEqual({ add: [], remove: [] });
  });
});
