import {
  Ballot,
  BallotInput,
  Campaign,
  CampaignChange,
  CampaignInput,
  CampaignResults,
  CampaignsQuery,
  Entry,
  EntryChange,
  EntryInput,
  LiveCampaign,
} from '../api/campaigns';
import { Page } from '../api/envelope';
import { ServiceHealth } from '../api/health';
import { NoBody } from './actor';

/**
 * The campaigns service's patterns. Who may see or change a campaign is decided by the service
 * from the actor the gateway sends (none for an anonymous caller of the public routes).
 */
export const CAMPAIGNS_REQUESTS = {
  CampaignsHealth: 'campaigns.health',
  CampaignsList: 'campaigns.list',
  CampaignsCreate: 'campaigns.create',
  CampaignsGet: 'campaigns.get',
  CampaignsUpdate: 'campaigns.update',
  CampaignsDelete: 'campaigns.delete',
  CampaignsOpen: 'campaigns.open',
  CampaignsClose: 'campaigns.close',
  CampaignEntriesCreate: 'campaigns.entries.create',
  CampaignEntriesUpdate: 'campaigns.entries.update',
  CampaignEntriesDelete: 'campaigns.entries.delete',
  BallotsCast: 'campaigns.ballots.cast',
  BallotsMine: 'campaigns.ballots.mine',
  CampaignResultsGet: 'campaigns.results.get',
  /** Live campaigns, soonest to close first: for the Discord bot's slash commands (not a gateway route). */
  LiveCampaignsList: 'campaigns.live.list',
} as const;

export interface CampaignRequest {
  id: string;
}

export type UpdateCampaignRequest = CampaignChange & CampaignRequest;

export interface EntryRequest {
  campaignId: string;
  entryId: string;
}

export type CreateEntryRequest = EntryInput & { campaignId: string };
export type UpdateEntryRequest = EntryChange & EntryRequest;
export type CastBallotRequest = BallotInput & { campaignId: string };

export interface CampaignsRequestMap {
  [CAMPAIGNS_REQUESTS.CampaignsHealth]: { request: NoBody; response: ServiceHealth };
  [CAMPAIGNS_REQUESTS.CampaignsList]: { request: CampaignsQuery; response: Page<Campaign> };
  [CAMPAIGNS_REQUESTS.CampaignsCreate]: { request: CampaignInput; response: Campaign };
  [CAMPAIGNS_REQUESTS.CampaignsGet]: { request: CampaignRequest; response: Campaign };
  [CAMPAIGNS_REQUESTS.CampaignsUpdate]: { request: UpdateCampaignRequest; response: Campaign };
  [CAMPAIGNS_REQUESTS.CampaignsDelete]: { request: CampaignRequest; response: null };
  [CAMPAIGNS_REQUESTS.CampaignsOpen]: { request: CampaignRequest; response: Campaign };
  [CAMPAIGNS_REQUESTS.CampaignsClose]: { request: CampaignRequest; response: Campaign };
  [CAMPAIGNS_REQUESTS.CampaignEntriesCreate]: { request: CreateEntryRequest; response: Entry };
  [CAMPAIGNS_REQUESTS.CampaignEntriesUpdate]: { request: UpdateEntryRequest; response: Entry };
  [CAMPAIGNS_REQUESTS.CampaignEntriesDelete]: { request: EntryRequest; response: null };
  [CAMPAIGNS_REQUESTS.BallotsCast]: { request: CastBallotRequest; response: Ballot };
  [CAMPAIGNS_REQUESTS.BallotsMine]: { request: CampaignRequest; response: Ballot };
  [CAMPAIGNS_REQUESTS.CampaignResultsGet]: { request: CampaignRequest; response: CampaignResults };
  [CAMPAIGNS_REQUESTS.LiveCampaignsList]: { request: NoBody; response: LiveCampaign[] };
}
