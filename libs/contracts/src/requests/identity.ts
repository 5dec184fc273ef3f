import { Page, PageQuery } from '../api/envelope';
import { ServiceHealth } from '../api/health';
import {
  Character,
  CharacterListItem,
  CharactersQuery,
  ConflictsQuery,
  IdentityLink,
  ImportResult,
  IntegrityIssue,
  IntegrityRunResult,
  IssuesQuery,
  LinkRequestBody,
  LinkSuggestion,
  MatchingConflict,
  MatchingRunResult,
  Member,
  MemberChange,
  MembersQuery,
  ReportAccepted,
} from '../api/identity';
import { Rank, RankLevel } from '../api/ranks';
import { NoBody } from './actor';

export const IDENTITY_REQUESTS = {
  IdentityHealth: 'identity.health',
  RanksList: 'identity.ranks.list',
  RanksUpdate: 'identity.ranks.update',
  MembersList: 'identity.members.list',
  MembersGet: 'identity.members.get',
  MembersUpdate: 'identity.members.update',
  CharactersList: 'identity.characters.list',
  CharactersGet: 'identity.characters.get',
  LinksCreate: 'identity.links.create',
  LinksDelete: 'identity.links.delete',
  SuggestionsList: 'identity.suggestions.list',
  SuggestionsConfirm: 'identity.suggestions.confirm',
  SuggestionsReject: 'identity.suggestions.reject',
  MatchingRunsStart: 'identity.matching-runs.start',
  IssuesList: 'identity.issues.list',
  ConflictsList: 'identity.conflicts.list',
  IntegrityRunsStart: 'identity.integrity-runs.start',
  ReportsCreate: 'identity.reports.create',
  ImportsApply: 'identity.imports.apply',
} as const;

export interface UpdateRankRequest {
  level: RankLevel;
  name?: string;
  discordRoleId?: string | null;
  gameRankIndexes?: number[];
}

/** Requests about one thing by its id. */
export interface ByIdRequest {
  id: string;
}

/** A confirmation, with whether the other characters of the same name join too. */
export interface ConfirmSuggestionRequest extends ByIdRequest {
  all: boolean;
}

export type UpdateMemberRequest = MemberChange & ByIdRequest;

/** The roster sheet as the officer sent it (UTF-8 text; the gateway decoded and size-checked it). */
export interface ImportRequest {
  csv: string;
}

export interface CreateReportRequest {
  full: boolean;
}

/**
 * Members' and characters' notes are shown by the caller's rank: identity reads it from the actor
 * the gateway sends with each request, so no request carries it.
 */
export interface IdentityRequestMap {
  [IDENTITY_REQUESTS.IdentityHealth]: { request: NoBody; response: ServiceHealth };
  [IDENTITY_REQUESTS.RanksList]: { request: NoBody; response: Rank[] };
  [IDENTITY_REQUESTS.RanksUpdate]: { request: UpdateRankRequest; response: Rank };
  [IDENTITY_REQUESTS.MembersList]: { request: MembersQuery; response: Page<Member> };
  [IDENTITY_REQUESTS.MembersGet]: { request: ByIdRequest; response: Member };
  [IDENTITY_REQUESTS.MembersUpdate]: { request: UpdateMemberRequest; response: Member };
  [IDENTITY_REQUESTS.CharactersList]: { request: CharactersQuery; response: Page<CharacterListItem> };
  [IDENTITY_REQUESTS.CharactersGet]: { request: ByIdRequest; response: Character };
  [IDENTITY_REQUESTS.LinksCreate]: { request: LinkRequestBody; response: IdentityLink };
  [IDENTITY_REQUESTS.LinksDelete]: { request: ByIdRequest; response: null };
  [IDENTITY_REQUESTS.SuggestionsList]: { request: PageQuery; response: Page<LinkSuggestion> };
  [IDENTITY_REQUESTS.SuggestionsConfirm]: { request: ConfirmSuggestionRequest; response: IdentityLink };
  [IDENTITY_REQUESTS.SuggestionsReject]: { request: ByIdRequest; response: null };
  [IDENTITY_REQUESTS.MatchingRunsStart]: { request: NoBody; response: MatchingRunResult };
  [IDENTITY_REQUESTS.IssuesList]: { request: IssuesQuery; response: Page<IntegrityIssue> };
  [IDENTITY_REQUESTS.ConflictsList]: { request: ConflictsQuery; response: Page<MatchingConflict> };
  [IDENTITY_REQUESTS.IntegrityRunsStart]: { request: NoBody; response: IntegrityRunResult };
  [IDENTITY_REQUESTS.ReportsCreate]: { request: CreateReportRequest; response: ReportAccepted };
  [IDENTITY_REQUESTS.ImportsApply]: { request: ImportRequest; response: ImportResult };
}
