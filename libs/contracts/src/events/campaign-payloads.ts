// The campaigns service's events (docs/events.md, "Campaigns": campaign-opened, campaign-milestone, campaign-closed).
// Each carries everything the Discord bot needs to post without asking back: where (the channel,
// or null for the audit channel), whether and how much (announcements), the link (path, after the
// bot's PUBLIC_URL) and who may see it (minRankToView: a rank-gated campaign's entries and
// standings belong in a channel of that rank, not a public one).
import type {
  CampaignAnnouncements,
  CampaignResults,
  CampaignStats,
  Chattiness,
  CloseReason,
  Entry,
  ResultEntry,
  VotingMethod,
} from '../api/campaigns';
import type { RankLevel } from '../api/ranks';

/** Where and how a campaign is announced, the same on its three events. */
export interface CampaignAnnouncementTarget {
  campaignId: string;
  title: string;
  /** The campaign's page in the web app (`/votes/{id}`): the bot links `${PUBLIC_URL}${path}`. */
  path: string;
  /** The channel the officer chose; null: the audit channel. */
  discordChannelId: string | null;
  /** enabled false: post nothing about this campaign. Settings are frozen once live, so every event of a campaign carries the same. */
  announcements: CampaignAnnouncements;
  /** null: a public campaign; else only members of this rank or above may see it. */
  minRankToView: RankLevel | null;
  method: VotingMethod;
  endsAt: string;
  /**
   * This event's place among the campaign's events: 1 is campaign-opened, each milestone takes the
   * next number in the order the milestones were reached, and campaign-closed the one after the
   * last milestone; no number is skipped or used twice. The bot hears of a campaign's events
   * through three consumers (and maybe several replicas), so in any order: it posts them in this
   * one, and a milestone reached in the close's transaction still reads before the results.
   */
  sequence: number;
}

/** The campaign went live (an officer opened it, or the schedule did at `startsAt`). */
export interface CampaignOpenedPayload extends CampaignAnnouncementTarget {
  description: string | null;
  picksPerVoter: number;
  minRankToVote: RankLevel;
  /** When it went live (an officer's early opening moves it, and endsAt with it). */
  startsAt: string;
  openedAt: string;
  openedBy: 'officer' | 'schedule';
  /** Every entry, in `sortOrder`. */
  entries: Entry[];
  /** Eligible voters at the opening. */
  eligible: number;
}

export const CAMPAIGN_MILESTONES = [
  'first_ballot',
  'turnout_25',
  'turnout_50',
  'turnout_75',
  'all_voted',
  'hours_left_24',
  'hours_left_1',
  'lead_change',
] as const;

/**
 * What the campaigns service noticed while a campaign was live. Each is decided once, in the
 * transaction of the ballot or schedule tick that reached it:
 * - `first_ballot`: the first ballot was cast;
 * - `turnout_25|50|75`: that share of the eligible voters has voted (a ballot that passes several
 *   thresholds at once reaches each of them);
 * - `all_voted`: every eligible voter has voted (the campaign then closes early when
 *   `earlyCloseWhenAllVoted`; its `campaign-closed` follows either way when it closes);
 * - `hours_left_24|1`: that much time is left, only for a campaign that was live for longer than
 *   that (a 12-hour campaign never announces "24 hours left"), and not once a later one is due;
 * - `lead_change`: a different entry leads than the one that led before, from the first change of
 *   leader on (each change is its own milestone, `key` `lead_change:<n>`). Leading means standing
 *   alone at the top: by points then firsts, seconds… for `points`; by first choices (then points)
 *   for `instant_runoff`, whose full count is only done at the close.
 */
export type CampaignMilestone = (typeof CAMPAIGN_MILESTONES)[number];

/**
 * Which milestones each chattiness level announces (the opening and the results are announced at
 * every level). The campaigns service emits every milestone whatever the level, so that turnout is
 * on record; the bot posts those this says yes to.
 */
export const ANNOUNCED_MILESTONES: Readonly<Record<Chattiness, readonly CampaignMilestone[]>> = {
  quiet: [],
  normal: ['first_ballot', 'turnout_50', 'all_voted', 'hours_left_24', 'hours_left_1'],
  hype: CAMPAIGN_MILESTONES,
};

/** Whether a campaign's milestone is to be posted: announcements on, and the chattiness includes it. */
export function announcesMilestone(announcements: CampaignAnnouncements, milestone: CampaignMilestone): boolean {
  return announcements.enabled && ANNOUNCED_MILESTONES[announcements.chattiness].includes(milestone);
}

export interface CampaignLeader {
  entryId: string;
  name: string;
}

export interface CampaignMilestonePayload extends CampaignAnnouncementTarget {
  milestone: CampaignMilestone;
  /** Unique within the campaign: the milestone's name, or `lead_change:<n>` for the n-th change of leader. */
  key: string;
  reachedAt: string;
  /** Turnout when it was reached. */
  counts: CampaignStats;
  /**
   * The live standings when it was reached, by points then firsts, seconds… (every entry). While
   * live the web app shows standings only to members who voted: a post names the leader at most.
   */
  standings: ResultEntry[];
  /** The entry standing alone at the top (see `lead_change`), or null (no ballots, or a tie at the top). */
  leader: CampaignLeader | null;
  /** lead_change only: the entry that led before. */
  previousLeader: CampaignLeader | null;
}

/** The campaign closed and its results are final. Emitted for every closed campaign, however it closed. */
export interface CampaignClosedPayload extends CampaignAnnouncementTarget {
  closedAt: string;
  reason: CloseReason;
  /** Every eligible voter had voted by the close. */
  allVoted: boolean;
  /** The final results (`final: true`), every entry present; the podium is the entries of places 1 to 3. */
  results: CampaignResults;
}
