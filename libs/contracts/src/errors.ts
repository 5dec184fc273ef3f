/**
 * Every error code a service or the gateway may answer with. The gateway maps each to an HTTP
 * status with an exhaustive switch, so adding a code here without deciding its status fails to
 * compile.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  BadRequest = 'BAD_REQUEST',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  SyncInProgress = 'SYNC_IN_PROGRESS',
  /** Votes: entries and settings change only while the campaign is a draft (409). */
  CampaignNotDraft = 'CAMPAIGN_NOT_DRAFT',
  /** Votes: a live campaign cannot be deleted (409). */
  CampaignLive = 'CAMPAIGN_LIVE',
  /** Votes: the campaign is not live (a ballot or a close of a draft or closed campaign) (409). */
  CampaignNotLive = 'CAMPAIGN_NOT_LIVE',
  /** Votes: opening needs at least `picksPerVoter` entries (400). */
  TooFewEntries = 'TOO_FEW_ENTRIES',
  /** Votes: the caller's rank is below the campaign's `minRankToVote` (403). */
  RankTooLow = 'RANK_TOO_LOW',
  /** Votes: the caller's account belongs to no member of the guild, so it has no ballot to cast (403). */
  NotAMember = 'NOT_A_MEMBER',
  /** Votes: the caller's member has voted in this campaign already; a ballot is final (409). */
  AlreadyVoted = 'ALREADY_VOTED',
  /** Votes: live standings are shown only to those who voted (403). */
  VoteFirst = 'VOTE_FIRST',
  /** The account is disabled (by an officer, or its member left the guild): the sentence says why (403). */
  AccountDisabled = 'ACCOUNT_DISABLED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RateLimited = 'RATE_LIMITED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL',
}

/** One entry of `details` for a validation failure: which field, and what is wrong with it. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/**
 * The error a service answers a request with, carried over NATS as the reply's `err`.
 * `message` is a sentence a person can act on; it never carries internals.
 */
export interface ServiceErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown[];
}

export function isServiceErrorBody(value: unknown): value is ServiceErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate['code'] === 'string' &&
    typeof candidate['message'] === 'string' &&
    (Object.values(ErrorCode) as string[]).includes(candidate['code'])
  );
}
