// Each endpoint of API.md the app calls, typed, in one place: pages never spell a path.
import type { ApiClient } from './client';
import type {
  ApiKeySummary,
  Character,
  CreatedApiKey,
  CreatedInvite,
  DiscordMember,
  DiscordSyncAccepted,
  GuildSyncStatus,
  IdentityLink,
  IntegrityIssue,
  IssueSeverity,
  Member,
  Page,
  Rank,
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
}

export interface IssueFilter extends Paging {
  type?: string;
  severity?: IssueSeverity;
  resolved?: boolean;
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

export interface RankChange {
  name?: string;
  discordRoleId?: string | null;
  gameRankIndexes?: number[];
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
    ranks: {
      list: (): Promise<Page<Rank>> => api.get('/ranks'),
      update: (level: number, change: RankChange): Promise<Rank> => api.patch(`/ranks/${level}`, change),
    },
    members: {
      list: (filter: MemberFilter, signal?: AbortSignal): Promise<Page<Member>> => api.get('/members', { ...filter }, signal),
      get: (memberId: string, signal?: AbortSignal): Promise<Member> => api.get(`/members/${id(memberId)}`, undefined, signal),
      invite: (memberId: string, expiresInHours?: number): Promise<CreatedInvite> =>
        api.post(`/members/${id(memberId)}/invites`, expiresInHours === undefined ? {} : { expiresInHours }),
    },
    characters: {
      list: (filter: CharacterFilter, signal?: AbortSignal): Promise<Page<Character>> => api.get('/characters', { ...filter }, signal),
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
    identity: {
      link: (link: LinkRequest): Promise<IdentityLink> => api.post('/identity/links', link),
      suggestions: (paging: Paging, signal?: AbortSignal): Promise<Page<Suggestion>> =>
        api.get('/identity/suggestions', { ...paging }, signal),
      confirm: (suggestionId: string): Promise<IdentityLink> => api.post(`/identity/suggestions/${id(suggestionId)}/confirm`),
      reject: (suggestionId: string): Promise<null> => api.post(`/identity/suggestions/${id(suggestionId)}/reject`),
      issues: (filter: IssueFilter, signal?: AbortSignal): Promise<Page<IntegrityIssue>> =>
        api.get('/identity/issues', { ...filter }, signal),
    },
    discord: {
      members: (filter: DiscordMemberFilter, signal?: AbortSignal): Promise<Page<DiscordMember>> =>
        api.get('/discord/members', { ...filter }, signal),
      sync: (): Promise<DiscordSyncAccepted> => api.post('/discord/syncs', {}),
    },
    apiKeys: {
      list: (paging: Paging, signal?: AbortSignal): Promise<Page<ApiKeySummary>> => api.get('/auth/api-keys', { ...paging }, signal),
      create: (name: string): Promise<CreatedApiKey> => api.post('/auth/api-keys', { name }),
      revoke: (keyId: string): Promise<null> => api.delete(`/auth/api-keys/${id(keyId)}`),
    },
  };
}

export type Endpoints = ReturnType<typeof endpoints>;
