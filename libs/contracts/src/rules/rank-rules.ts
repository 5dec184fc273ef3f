import { RankLevel } from '../api/ranks';

/**
 * What an officer does to another member that the rank rules govern (docs/api.md,
 * "Auth"). identity applies them to every change of rank, auth to accounts and invites.
 */
export type MemberAction = 'change_rank' | 'disable_account' | 'enable_account' | 'invite' | 'list_invites' | 'revoke_invite';

export interface RankRuleActor {
  /** The rank the caller holds now (a service passes the lower of the token's and its own record's). */
  rank: RankLevel;
  /** The caller's member; null for an account with no member (the first Guild Leader). */
  personId: string | null;
}

export interface RankRuleTarget {
  personId: string;
  /** The rank the member holds now (an unranked member holds Initiate). */
  rank: RankLevel;
}

export type RankRuleVerdict = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: RankRuleVerdict = { allowed: true };

/** "Guild Leader", "Officer", …: the contract's names, for sentences. */
export function rankLevelName(level: RankLevel): string {
  return RankLevel[level]?.replace(/([a-z])([A-Z])/g, '$1 $2') ?? `rank ${level}`;
}

const DOING: Readonly<Record<MemberAction, string>> = {
  change_rank: 'change the rank of',
  disable_account: 'disable the account of',
  enable_account: 'enable the account of',
  invite: 'invite',
  list_invites: 'see the invites of',
  revoke_invite: 'revoke the invites of',
};

/**
 * The rank rules, in one place: the Guild Leader may do all of it; an officer acts only on members
 * ranked below themselves, gives at most the rank below their own, and never changes their own
 * rank (nor their own account); anyone below Officer does none of it. `grant` is the rank the
 * member would hold after a change of rank (for the other actions it is not asked).
 */
export function rankRuleVerdict(
  action: MemberAction,
  actor: RankRuleActor,
  target: RankRuleTarget,
  grant?: RankLevel,
  name: (level: RankLevel) => string = rankLevelName,
): RankRuleVerdict {
  if (actor.rank >= RankLevel.GuildLeader) return ALLOWED;
  if (actor.rank < RankLevel.Officer) {
    return { allowed: false, reason: `Only officers and the Guild Leader may ${DOING[action]} a member.` };
  }
  if (actor.personId !== null && actor.personId === target.personId) {
    return {
      allowed: false,
      reason:
        action === 'change_rank'
          ? 'You cannot change your own rank; the Guild Leader can.'
          : `You cannot ${DOING[action]} yourself; the Guild Leader can.`,
    };
  }
  if (target.rank >= actor.rank) {
    return {
      allowed: false,
      reason: `This member is ${name(target.rank)}, not ranked below you (${name(actor.rank)}); only the Guild Leader may ${DOING[action]} them.`,
    };
  }
  if (action === 'change_rank') {
    const highest = (actor.rank - 1) as RankLevel;
    if (grant === undefined) throw new Error('a change of rank needs the rank it gives');
    if (grant > highest) {
      return {
        allowed: false,
        reason: `You may give at most the rank ${name(highest)}; only the Guild Leader may make someone ${name(grant)}.`,
      };
    }
  }
  return ALLOWED;
}
