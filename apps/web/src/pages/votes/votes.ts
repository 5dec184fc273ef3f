// Words and small rules the vote pages share.
import { SEEDED_RANKS } from '../../app/ranks';
import { useSession } from '../../app/session';
import type { Campaign, CampaignStatus, Chattiness, CloseReason, VotingMethod } from '../../api/types';
import { useResource } from '../../hooks/useResource';

export const STATUS_NAMES: Record<CampaignStatus, string> = { draft: 'Draft', live: 'Voting open', closed: 'Closed' };
export const METHOD_NAMES: Record<VotingMethod, string> = { points: 'Points', instant_runoff: 'Instant runoff' };
export const CHATTINESS_NAMES: Record<Chattiness, string> = {
  quiet: 'Quiet: the opening and the results',
  normal: 'Normal: also the first ballot, half voted, everyone voted, a day and an hour left',
  hype: 'Hype: every milestone, each change of leader too',
};
export const CLOSE_REASONS: Record<CloseReason, string> = {
  officer: 'An officer closed it.',
  ended: 'Its time ran out.',
  all_voted: 'It closed early: everyone had voted.',
};

/** The rank names identity seeds, for visitors who cannot read the guild's own (GET /ranks needs a sign-in). */
const DEFAULT_RANK_NAMES = new Map(SEEDED_RANKS.map((rank) => [rank.level, rank.name] as const));
export const RANK_LEVELS = [1, 2, 3, 4, 5] as const;

/** The guild's names of its ranks when signed in, the seeded ones otherwise. */
export function useRankNames(): (level: number) => string {
  const { api, user } = useSession();
  const ranks = useResource(`ranks:${user ? 'signed-in' : 'anonymous'}`, () => (user ? api.ranks.list().then((page) => page.items) : Promise.resolve([])));
  const names = new Map(ranks.status === 'ready' ? ranks.data.map((rank) => [rank.level, rank.name] as const) : []);
  return (level) => names.get(level) ?? DEFAULT_RANK_NAMES.get(level) ?? `Rank ${level}`;
}

/** 1st, 2nd, 3rd, 4th … */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

/** "3 of 12 voted (25 %)"; without eligible voters, just the ballots. */
export function turnoutText(stats: Pick<Campaign['stats'], 'voted' | 'eligible' | 'percentVoted'>): string {
  if (stats.eligible <= 0) return `${stats.voted} ${stats.voted === 1 ? 'ballot' : 'ballots'} cast`;
  return `${stats.voted} of ${stats.eligible} voted (${stats.percentVoted} %)`;
}

/** What a ballot earns: "3 points for your 1st choice, down to 1 for your 3rd", or instant runoff's rule. */
export function howItCounts(campaign: Pick<Campaign, 'method' | 'picksPerVoter'>): string {
  if (campaign.method === 'instant_runoff') {
    return `Rank your top ${campaign.picksPerVoter}. Instant runoff: each round the entry with the fewest first choices goes out and its ballots count for their next choice, until one entry has more than half.`;
  }
  if (campaign.picksPerVoter === 1) return 'Pick your favourite: the entry with the most votes wins.';
  return `Rank your top ${campaign.picksPerVoter}: your 1st choice earns ${campaign.picksPerVoter} points, down to 1 point for your ${ordinal(campaign.picksPerVoter)}.`;
}

/** An ISO time as the value of a datetime-local input, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local input's value (the browser's time zone) as an ISO time; null when it is not one. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
