/** The role calls that bring a member's roles in line with their rank. */
export interface RolePlan {
  add: string[];
  remove: string[];
}

export interface RolePlanInput {
  /** The role of the member's rank, or null when that rank has no Discord role. */
  wanted: string | null;
  /** Every role that stands for a rank: the only roles role sync may touch. */
  rankRoleIds: readonly string[];
  /** The member's roles now. */
  current: readonly string[];
}

/**
 * Adds the rank's role when missing and removes every other guild-rank role; any other role is
 * none of role sync's business. Nothing to do when the roles are already right.
 */
export function planRankRoles({ wanted, rankRoleIds, current }: RolePlanInput): RolePlan {
  return {
    add: wanted && !current.includes(wanted) ? [wanted] : [],
    remove: current.filter((roleId) => rankRoleIds.includes(roleId) && roleId !== wanted),
  };
}

export function isEmptyPlan(plan: RolePlan): boolean {
  return plan.add.length === 0 && plan.remove.length === 0;
}
