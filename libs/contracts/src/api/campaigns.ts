// Shared API types of the votes endpoints (docs/api.md, "Votes"): campaigns, their entries, ballots and
// results, as the gateway answers them and the campaigns service builds them.
import type { PageQuery } from './envelope';
import type { RankLevel } from './ranks';

export const CAMPAIGN_STATUSES = ['draft', 'live', 'closed'] as const;
/** `draft` → `live` → `closed`; entries and settings change only in draft. */
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const VOTING_METHODS = ['points', 'instant_runoff'] as const;
export type VotingMethod = (typeof VOTING_METHODS)[number];

export const CHATTINESS_LEVELS = ['quiet', 'normal', 'hype'] as const;
/** How much the Discord bot says about a campaign (see `announcesMilestone`). */
export type Chattiness = (typeof CHATTINESS_LEVELS)[number];

/** The bounds of the votes API, and the few it leaves to us, in one place for both doors. */
export const CAMPAIGN_LIMITS = {
  titleMaxLength: 120,
  descriptionMaxLength: 4000,
  picksPerVoterMin: 1,
  picksPerVoterMax: 10,
  picksPerVoterDefault: 3,
  durationHoursMin: 1,
  durationHoursMax: 720,
  entriesMax: 100,
  entryNameMaxLength: 100,
  entryDescriptionMaxLength: 2000,
  imageUrlMaxLength: 2048,
  sortOrderMax: 10_000,
} as const;

export interface CampaignAnnouncements {
  /** false: the bot posts nothing about this campaign. */
  enabled: boolean;
  chattiness: Chattiness;
}

/**
 * `campaignInput`, as a client sends it to create a draft. `minRankToVote` and
 * `minRankToView` must be given (null is a public campaign: anyone may view it, signed in or not).
 */
export interface CampaignInput {
  title: string;
  description?: string | null;
  /** Default `points`. */
  method?: VotingMethod;
  /** 1..10, default 3. */
  picksPerVoter?: number;
  minRankToVote: RankLevel;
  minRankToView: RankLevel | null;
  /** When the schedule opens it (ISO-8601 with a time zone). */
  startsAt: string;
  /** 1..720; the campaign ends `durationHours` after it opens. */
  durationHours: number;
  /** Default true. */
  earlyCloseWhenAllVoted?: boolean;
  /** Where the bot announces it; null or absent: the audit channel. */
  discordChannelId?: string | null;
  /** Defaults: enabled, normal. */
  announcements?: Partial<CampaignAnnouncements>;
}

/** PATCH: any fields of `campaignInput`; null clears the nullable ones. */
export type CampaignChange = Partial<CampaignInput>;

export interface CampaignStats {
  /** Members with an enabled account at or above `minRankToVote`: now while draft or live, at the close once closed. */
  eligible: number;
  /** Ballots cast. */
  voted: number;
  /** voted ÷ eligible in whole percent, rounded down (100 only when everyone voted), at most 100. */
  percentVoted: number;
}

/** Why a campaign closed: an officer closed it, its time ran out, or every eligible voter voted. */
export type CloseReason = 'officer' | 'ended' | 'all_voted';

/** A campaign's `entry`. */
export interface Entry {
  id: string;
  name: string;
  description: string | null;
  imageUrl: string | null;
  sortOrder: number;
  /** The member the entry is about ("member of the month"), or null. */
  personId: string | null;
}

export interface EntryInput {
  name: string;
  description?: string | null;
  /** An http(s) address of an image. */
  imageUrl?: string | null;
  /** Default: after the last entry. */
  sortOrder?: number;
  personId?: string | null;
}

export type EntryChange = Partial<EntryInput>;

/** The caller's own relation to a campaign (null for anonymous callers). */
export interface CampaignViewer {
  /** The caller's member has cast a ballot in it. */
  voted: boolean;
  /** The caller may cast a ballot now: live, a member with an enabled account, rank high enough, not yet voted. */
  mayVote: boolean;
}

/** `campaign`: `campaignInput` with every default filled in, plus what the platform keeps. */
export interface Campaign {
  id: string;
  title: string;
  description: string | null;
  method: VotingMethod;
  picksPerVoter: number;
  minRankToVote: RankLevel;
  minRankToView: RankLevel | null;
  startsAt: string;
  durationHours: number;
  earlyCloseWhenAllVoted: boolean;
  discordChannelId: string | null;
  announcements: CampaignAnnouncements;
  status: CampaignStatus;
  /** startsAt + durationHours. */
  endsAt: string;
  /** The user id of the officer who created it. */
  createdBy: string;
  /** Their username, for display. */
  createdByName: string;
  createdAt: string;
  openedAt: string | null;
  closedAt: string | null;
  closeReason: CloseReason | null;
  stats: CampaignStats;
  /** In `GET /campaigns/{id}` and the answers about one campaign; absent from lists. */
  entries?: Entry[];
  viewer: CampaignViewer | null;
}

export interface CampaignsFilter {
  status?: CampaignStatus;
}

export type CampaignsQuery = CampaignsFilter & PageQuery;

export interface BallotPick {
  entryId: string;
  /** 1 is the voter's favourite. */
  rank: number;
}

export interface BallotInput {
  /** Exactly `picksPerVoter` different entries of the campaign, ranked 1..picksPerVoter, each rank once. */
  picks: BallotPick[];
}

/** `ballot`: picks in rank order. */
export interface Ballot {
  id: string;
  campaignId: string;
  picks: BallotPick[];
  castAt: string;
}

/** One entry's line in the results: every entry is there, votes or none. */
export interface ResultEntry {
  entryId: string;
  name: string;
  /** 1 is first; entries still equal after every tie-break share a place (1, 1, 3). */
  place: number;
  /** With N picks, rank r earns N − r + 1. */
  points: number;
  /** [firsts, seconds, …]: how many ballots ranked it 1, 2, …, one count per rank. */
  placeCounts: number[];
}

/** One round of instant runoff. */
export interface RunoffRound {
  /** Ballots counting for each entry still in the race this round (eliminated entries are absent). */
  counts: Record<string, number>;
  /** The entries eliminated at the end of this round (empty in the round that has a winner). */
  eliminated: string[];
  /** Ballots that no longer count: every entry they rank is out. */
  exhausted: number;
}

/** A campaign's `results`. */
export interface CampaignResults {
  campaignId: string;
  method: VotingMethod;
  /** True once the campaign closed; live standings are not final. */
  final: boolean;
  eligible: number;
  voted: number;
  /** In place order (by points, then firsts, seconds, …; for instant runoff the winners first). */
  entries: ResultEntry[];
  /** Instant runoff only: every round, in order. */
  rounds?: RunoffRound[];
  /** The winning entries: one, or several when they tie. Empty with no ballots. */
  winnerIds: string[];
}

/** What the Discord bot may ask for later (a slash command listing live votes): the seam of issue 13. */
export interface LiveCampaign {
  id: string;
  title: string;
  method: VotingMethod;
  picksPerVoter: number;
  minRankToVote: RankLevel;
  minRankToView: RankLevel | null;
  endsAt: string;
  discordChannelId: string | null;
  stats: CampaignStats;
  /** The campaign's page in the web app, to put after PUBLIC_URL. */
  path: string;
}

/** The web app's page of a campaign: `${PUBLIC_URL}${campaignPath(id)}`. */
export function campaignPath(campaignId: string): string {
  return `/votes/${campaignId}`;
}
