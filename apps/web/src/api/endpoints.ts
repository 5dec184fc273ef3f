// Each endpoint of the API (docs/api.md) the app calls, typed, in one place: pages never spell a path.
import type { ApiClient } from './client';
import type {
  ApiKeySummary,
  BattlenetClaims,
  BattlenetCoverage,
  BattlenetRemindersQueued,
  Ballot,
  BallotPick,
  Campaign,
  CampaignChange,
  CampaignInput,
  CampaignResults,
  CampaignStatus,
  Entry,
  EntryChange,
  EntryInput,
  Character,
  CharacterListItem,
  CharacterSort,
  CreatedApiKey,
  CreatedInvite,
  DeadLetter,
  DeadLetterReplay,
  DeadLetterService,
  DiscordMember,
  DiscordRole,
  DiscordSyncAccepted,
  GuildSyncStatus,
  IdentityLink,
  InviteSummary,
  IntegrityIssue,
  IssueSeverity,
  MatchingConflict,
  Member,
  Page,
  Rank,
  Role,
  RosterEvent,
  RosterEventType,
  Suggestion,
  SyncRun,
  User,
} from './types';

export interface Paging {
  limit: number;
  offset: number;
}

export interface MemberFilter extends Paging {
  q?: string;
  rank?: number;
}

export interface CharacterFilter extends Paging {
  q?: string;
  linked?: boolean;
  inGuild?: boolean;
  /** A rank level: characters whose in-game rank maps to it. */
  rank?: number;
  className?: string;
  role?: Role;
  activeWithinDays?: number;
  sort?: CharacterSort;
  order?: 'asc' | 'desc';
  /** `member`: a member's characters together, main first. */
  group?: 'member';
}

export interface IssueFilter extends Paging {
  type?: string;
  severity?: IssueSeverity;
  resolved?: boolean;
}

export interface ConflictFilter extends Paging {
  kind?: string;
}

export interface RosterEventFilter extends Paging {
  type?: RosterEventType;
  since?: string;
}

export interface DiscordMemberFilter extends Paging {
  q?: string;
  linked?: boolean;
  present?: boolean;
}

export interface CampaignFilter extends Paging {
  status?: CampaignStatus;
}

export interface RankChange {
  name?: string;
  discordRoleId?: string | null;
  gameRankIndexes?: number[];
}

/** PATCH /members/{id}: null puts a field back to what is derived (the rank back to the characters'). */
export interface MemberChange {
  displayName?: string | null;
  mainCharacterId?: string | null;
  rankLevel?: number | null;
}

export interface LinkRequest {
  personId?: string;
  characterId?: string;
  discordUserId?: string;
}

const id = encodeURIComponent;

export function endpoints(api: ApiClient) {
  return {
    me: (): Promise<User> => api.get('/auth/me'),
    /** Sets a new password with the token of the reset link the Discord bot DMs (/reset-password). */
    resetPassword: (token: string, password: string): Promise<null> => api.post('/auth/reset-password', { token, password }),
    ranks: {
      list: (): Promise<Page<Rank>> => api.get('/ranks'),
      update: (level: number, change: RankChange): Promise<Rank> => api.patch(`/ranks/${level}`, change),
    },
    members: {
      list: (filter: MemberFilter, signal?: AbortSignal): Promise<Page<Member>> => api.get('/members', { ...filter }, signal),
      get: (memberId: string, signal?: AbortSignal): Promise<Member> => api.get(`/members/${id(memberId)}`, undefined, signal),
      invite: (memberId: string, expiresInHours?: number): Promise<CreatedInvite> =>
        api.post(`/members/${id(memberId)}/invites`, expiresInHours === undefined ? {} : { expiresInHours }),
      update: (memberId: string, change: MemberChange): Promise<Member> => api.patch(`/members/${id(memberId)}`, change),
      invites: (memberId: string, paging: Paging, signal?: AbortSignal): Promise<Page<InviteSummary>> =>
        api.get(`/members/${id(memberId)}/invites`, { ...paging }, signal),
      disableAccount: (memberId: string, reason: string): Promise<Member> => api.post(`/members/${id(memberId)}/account/disable`, { reason }),
      enableAccount: (memberId: string): Promise<Member> => api.post(`/members/${id(memberId)}/account/enable`, {}),
    },
    invites: {
      revoke: (inviteId: string): Promise<null> => api.delete(`/invites/${id(inviteId)}`),
    },
    characters: {
      list: (filter: CharacterFilter, signal?: AbortSignal): Promise<Page<CharacterListItem>> => api.get('/characters', { ...filter }, signal),
      get: (characterId: string, signal?: AbortSignal): Promise<Character> =>
        api.get(`/characters/${id(characterId)}`, undefined, signal),
      history: (characterId: string, paging: Paging, signal?: AbortSignal): Promise<Page<RosterEvent>> =>
        api.get(`/characters/${id(characterId)}/history`, { ...paging }, signal),
    },
    guildSync: {
      start: (): Promise<SyncRun> => api.post('/guild-sync/runs', {}),
      runs: (paging: Paging, signal?: AbortSignal): Promise<Page<SyncRun>> => api.get('/guild-sync/runs', { ...paging }, signal),
      run: (runId: string, signal?: AbortSignal): Promise<SyncRun> => api.get(`/guild-sync/runs/${id(runId)}`, undefined, signal),
      status: (signal?: AbortSignal): Promise<GuildSyncStatus> => api.get('/guild-sync/status', undefined, signal),
      rosterEvents: (filter: RosterEventFilter, signal?: AbortSignal): Promise<Page<RosterEvent>> =>
        api.get('/guild-sync/roster-events', { ...filter }, signal),
    },
    battlenet: {
      /** Blizzard's login page for the signed-in member; the platform keeps the state and binds it to this browser. */
      start: (): Promise<{ authorizeUrl: string }> => api.post('/auth/oauth/battlenet', {}),
      mine: (signal?: AbortSignal): Promise<BattlenetClaims> => api.get('/identity/battlenet/mine', undefined, signal),
      coverage: (filter: Paging & { linked?: boolean }, signal?: AbortSignal): Promise<Page<BattlenetCoverage>> =>
        api.get('/identity/battlenet-coverage', { ...filter }, signal),
      remind: (personIds?: string[]): Promise<BattlenetRemindersQueued> => api.post('/identity/battlenet-reminders', personIds ? { personIds } : {}),
    },
    identity: {
      link: (link: LinkRequest): Promise<IdentityLink> => api.post('/identity/links', link),
      suggestions: (paging: Paging, signal?: AbortSignal): Promise<Page<Suggestion>> =>
        api.get('/identity/suggestions', { ...paging }, signal),
      /** With `all`, the other characters of the same name suggested for that Discord user join its member too. */
      confirm: (suggestionId: string, options: { all?: boolean } = {}): Promise<IdentityLink> =>
        api.post(`/identity/suggestions/${id(suggestionId)}/confirm`, options.all ? { all: true } : undefined),
      reject: (suggestionId: string): Promise<null> => api.post(`/identity/suggestions/${id(suggestionId)}/reject`),
      issues: (filter: IssueFilter, signal?: AbortSignal): Promise<Page<IntegrityIssue>> =>
        api.get('/identity/issues', { ...filter }, signal),
      conflicts: (filter: ConflictFilter, signal?: AbortSignal): Promise<Page<MatchingConflict>> =>
        api.get('/identity/conflicts', { ...filter }, signal),
    },
    discord: {
      members: (filter: DiscordMemberFilter, signal?: AbortSignal): Promise<Page<DiscordMember>> =>
        api.get('/discord/members', { ...filter }, signal),
      /** The server's roles, highest first (a server has at most 250, so one page of 500 holds them all). */
      roles: (signal?: AbortSignal): Promise<Page<DiscordRole>> => api.get('/discord/roles', { limit: 500 }, signal),
      sync: (): Promise<DiscordSyncAccepted> => api.post('/discord/syncs', {}),
    },
    campaigns: {
      list: (filter: CampaignFilter, signal?: AbortSignal): Promise<Page<Campaign>> => api.get('/campaigns', { ...filter }, signal),
      get: (campaignId: string, signal?: AbortSignal): Promise<Campaign> => api.get(`/campaigns/${id(campaignId)}`, undefined, signal),
      create: (input: CampaignInput): Promise<Campaign> => api.post('/campaigns', input),
      update: (campaignId: string, change: CampaignChange): Promise<Campaign> => api.patch(`/campaigns/${id(campaignId)}`, change),
      remove: (campaignId: string): Promise<null> => api.delete(`/campaigns/${id(campaignId)}`),
      addEntry: (campaignId: string, entry: EntryInput): Promise<Entry> => api.post(`/campaigns/${id(campaignId)}/entries`, entry),
      updateEntry: (campaignId: string, entryId: string, change: EntryChange): Promise<Entry> =>
        api.patch(`/campaigns/${id(campaignId)}/entries/${id(entryId)}`, change),
      removeEntry: (campaignId: string, entryId: string): Promise<null> => api.delete(`/campaigns/${id(campaignId)}/entries/${id(entryId)}`),
      open: (campaignId: string): Promise<Campaign> => api.post(`/campaigns/${id(campaignId)}/open`, {}),
      close: (campaignId: string): Promise<Campaign> => api.post(`/campaigns/${id(campaignId)}/close`, {}),
      castBallot: (campaignId: string, picks: BallotPick[]): Promise<Ballot> => api.post(`/campaigns/${id(campaignId)}/ballots`, { picks }),
      myBallot: (campaignId: string, signal?: AbortSignal): Promise<Ballot> => api.get(`/campaigns/${id(campaignId)}/ballots/mine`, undefined, signal),
      results: (campaignId: string, signal?: AbortSignal): Promise<CampaignResults> =>
        api.get(`/campaigns/${id(campaignId)}/results`, undefined, signal),
    },
    apiKeys: {
      list: (paging: Paging, signal?: AbortSignal): Promise<Page<ApiKeySummary>> => api.get('/auth/api-keys', { ...paging }, signal),
      create: (name: string): Promise<CreatedApiKey> => api.post('/auth/api-keys', { name }),
      revoke: (keyId: string): Promise<null> => api.delete(`/auth/api-keys/${id(keyId)}`),
    },
    deadLetters: {
      list: (query: Paging & { service?: DeadLetterService }, signal?: AbortSignal): Promise<Page<DeadLetter>> =>
        api.get('/ops/dead-letters', { ...query }, signal),
      replay: (letterId: string): Promise<DeadLetterReplay> => api.post(`/ops/dead-letters/${id(letterId)}/replay`, {}),
      discard: (letterId: string): Promise<null> => api.delete(`/ops/dead-letters/${id(letterId)}`),
    },
  };
}

export type Endpoints = ReturnType<typeof endpoints>;
