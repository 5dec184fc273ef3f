// The rules of a campaign that need no database: who may see it, what makes a ballot, how turnout
// reads, which milestones a ballot or the clock has reached. The service applies them under the
// campaign's row lock; here they are plain functions with table tests.
import {
  Actor,
  BallotPick,
  CampaignMilestone,
  CampaignStatus,
  CloseReason,
  FieldProblem,
  RankLevel,
} from '@patt/contracts';

/** Officers and the Guild Leader run campaigns: they see drafts and change them. */
export const OFFICER: RankLevel = RankLevel.Officer;

export interface Visibility {
  status: CampaignStatus;
  minRankToView: RankLevel | null;
}

/**
 * Whether the caller may see a campaign at all: drafts only officers; others anyone at or above
 * `minRankToView` (null: everyone, signed in or not). A campaign one may not see is "not found".
 */
export function mayView(campaign: Visibility, actor: Actor | null): boolean {
  const rank = actor?.rank ?? 0;
  if (campaign.status === 'draft') return rank >= OFFICER;
  return campaign.minRankToView === null || rank >= campaign.minRankToView;
}

/** The rank a voter votes with: the member's rank as identity last said it, or the token's until it has. */
export function votingRank(actor: Actor, projected: RankLevel | null): RankLevel {
  return projected ?? actor.rank;
}

/**
 * What is wrong with a ballot's picks for a campaign of `picksPerVoter` picks and these entries,
 * one problem per field (empty: it is a ballot). Exactly `picksPerVoter` picks, each an entry of
 * the campaign, no entry twice, the ranks 1..picksPerVoter each once.
 */
export function ballotProblems(picks: readonly BallotPick[], picksPerVoter: number, entryIds: ReadonlySet<string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (picks.length !== picksPerVoter) {
    problems.push({ field: 'picks', problems: [`must rank exactly ${picksPerVoter} ${picksPerVoter === 1 ? 'entry' : 'different entries'}; it ranks ${picks.length}`] });
  }
  const seenEntries = new Set<string>();
  const seenRanks = new Set<number>();
  picks.forEach((pick, index) => {
    const field = `picks.${index}`;
    if (!entryIds.has(pick.entryId)) problems.push({ field: `${field}.entryId`, problems: ['is not an entry of this campaign'] });
    else if (seenEntries.has(pick.entryId)) problems.push({ field: `${field}.entryId`, problems: ['ranks an entry already ranked on this ballot'] });
    seenEntries.add(pick.entryId);
    if (pick.rank > picksPerVoter) problems.push({ field: `${field}.rank`, problems: [`must be 1 to ${picksPerVoter}`] });
    else if (seenRanks.has(pick.rank)) problems.push({ field: `${field}.rank`, problems: [`uses the rank ${pick.rank} twice`] });
    seenRanks.add(pick.rank);
  });
  return problems;
}

/** voted ÷ eligible in whole percent, rounded down, at most 100 (100 only when everyone voted). */
export function percentVoted(voted: number, eligible: number): number {
  if (eligible <= 0) return 0;
  return Math.min(100, Math.floor((voted * 100) / eligible));
}

/** Every eligible voter has voted (never true with nobody eligible). */
export function allVoted(voted: number, eligible: number): boolean {
  return eligible > 0 && voted >= eligible;
}

const TURNOUT: ReadonlyArray<[CampaignMilestone, number]> = [
  ['turnout_25', 25],
  ['turnout_50', 50],
  ['turnout_75', 75],
];

/**
 * The milestones of turnout a campaign has reached with `voted` of `eligible` (in their order),
 * whether new or not: the caller records each once. A ballot that passes several thresholds at
 * once reaches each of them.
 */
export function turnoutMilestones(voted: number, eligible: number): CampaignMilestone[] {
  const reached: CampaignMilestone[] = [];
  if (voted >= 1) reached.push('first_ballot');
  for (const [milestone, percent] of TURNOUT) {
    if (eligible > 0 && voted * 100 >= eligible * percent) reached.push(milestone);
  }
  if (allVoted(voted, eligible)) reached.push('all_voted');
  return reached;
}

const HOUR_MS = 3_600_000;

/**
 * The "time left" milestone due now, if any: `hours_left_24` once a day or less is left, then
 * `hours_left_1` once an hour or less; each only for a campaign live for longer than that (a
 * 12-hour campaign never says "24 hours left"), and "24 hours left" no more once an hour or less
 * is left (the later one is due).
 */
export function timeLeftMilestone(openedAt: Date, endsAt: Date, now: Date): CampaignMilestone | null {
  const left = endsAt.getTime() - now.getTime();
  const span = endsAt.getTime() - openedAt.getTime();
  if (left <= 0) return null;
  if (left <= HOUR_MS) return span > HOUR_MS ? 'hours_left_1' : null;
  if (left <= 24 * HOUR_MS) return span > 24 * HOUR_MS ? 'hours_left_24' : null;
  return null;
}

/** Why a live campaign closes now, by itself: its time ran out. null: not yet. */
export function closeDue(endsAt: Date, now: Date): CloseReason | null {
  return now.getTime() >= endsAt.getTime() ? 'ended' : null;
}

