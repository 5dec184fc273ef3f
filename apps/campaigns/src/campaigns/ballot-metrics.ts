import { ErrorCode } from '@patt/contracts';
import { Metrics, ServiceException } from '@patt/service-kit';

/** Why a ballot was refused, as a label value: one per rule a ballot can break (a bounded set). */
const REFUSALS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.NotAMember]: 'not_a_member',
  [ErrorCode.NotFound]: 'not_found',
  [ErrorCode.AccountDisabled]: 'account_disabled',
  [ErrorCode.CampaignNotLive]: 'not_live',
  [ErrorCode.RankTooLow]: 'rank_too_low',
  [ErrorCode.ValidationFailed]: 'invalid',
  [ErrorCode.AlreadyVoted]: 'already_voted',
};

export type BallotOutcome = { outcome: 'accepted'; reason: 'cast' } | { outcome: 'refused'; reason: string } | { outcome: 'failed'; reason: 'error' };

/** How a ballot's cast ended, for `patt_ballots_total`: the stored ballot, or the error it was answered with. */
export function ballotOutcome(error?: unknown): BallotOutcome {
  if (error === undefined) return { outcome: 'accepted', reason: 'cast' };
  if (error instanceof ServiceException) return { outcome: 'refused', reason: REFUSALS[error.code] ?? 'other' };
  return { outcome: 'failed', reason: 'error' };
}

/**
 * `patt_ballots_total{outcome, reason}`: every ballot the campaigns service was asked to cast, once
 * answered: `accepted` (reason `cast`: stored, its transaction committed), `refused` by a rule of
 * the vote (reason `not_a_member`, `not_found`, `account_disabled`, `not_live`, `rank_too_low`,
 * `invalid`, `already_voted`, `other`), or `failed` (reason `error`: its batch's transaction
 * failed, nothing stored). The accepted and the refusals a voter can meet are there from the
 * start, at 0.
 */
export function ballotMetrics(metrics: Metrics): (outcome: BallotOutcome) => void {
  const ballots = metrics.counter({
    name: 'patt_ballots_total',
    help: 'Ballots the campaigns service was asked to cast, once answered, by outcome (accepted, refused, failed) and reason (cast; the rule that refused it; error).',
    labelNames: ['outcome', 'reason'],
  });
  ballots.inc({ outcome: 'accepted', reason: 'cast' }, 0);
  for (const reason of Object.values(REFUSALS)) ballots.inc({ outcome: 'refused', reason: reason as string }, 0);
  ballots.inc({ outcome: 'failed', reason: 'error' }, 0);
  return (counted) => ballots.inc({ outcome: counted.outcome, reason: counted.reason });
}
