import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor,
  Ballot,
  Campaign,
  CampaignInputBody,
  CampaignRequestDto,
  CampaignResults,
  CampaignsQueryDto,
  CastBallotRequestDto,
  CreateEntryRequestDto,
  Entry,
  EntryRequestDto,
  ErrorCode,
  LiveCampaign,
  NoBody,
  Page,
  Requests,
  UpdateCampaignRequestDto,
  UpdateEntryRequestDto,
} from '@patt/contracts';
import { currentContext, EmptyBodyPipe, ServiceException } from '@patt/service-kit';
import { CampaignsService } from './campaigns.service';

/** The caller of a request that needs one (the gateway sends one on every route but the public ones). */
function signedIn(): Actor {
  const actor = currentContext()?.actor;
  if (!actor) throw new ServiceException(ErrorCode.Unauthenticated, 'Sign in first: this needs a signed-in member.');
  return actor;
}

/** The campaigns service's requests (libs/contracts CAMPAIGNS_REQUESTS), each validated as it arrives. */
@Controller()
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @MessagePattern(Requests.CampaignsList)
  list(@Payload() query: CampaignsQueryDto): Promise<Page<Campaign>> {
    return this.campaigns.list(query, currentContext()?.actor ?? null);
  }

  @MessagePattern(Requests.CampaignsCreate)
  create(@Payload() input: CampaignInputBody): Promise<Campaign> {
    return this.campaigns.create(input, signedIn());
  }

  @MessagePattern(Requests.CampaignsGet)
  get(@Payload() { id }: CampaignRequestDto): Promise<Campaign> {
    return this.campaigns.get(id, currentContext()?.actor ?? null);
  }

  @MessagePattern(Requests.CampaignsUpdate)
  update(@Payload() { id, ...change }: UpdateCampaignRequestDto): Promise<Campaign> {
    return this.campaigns.update(id, change, signedIn());
  }

  @MessagePattern(Requests.CampaignsDelete)
  delete(@Payload() { id }: CampaignRequestDto): Promise<null> {
    return this.campaigns.delete(id, signedIn());
  }

  @MessagePattern(Requests.CampaignsOpen)
  open(@Payload() { id }: CampaignRequestDto): Promise<Campaign> {
    return this.campaigns.open(id, signedIn());
  }

  @MessagePattern(Requests.CampaignsClose)
  close(@Payload() { id }: CampaignRequestDto): Promise<Campaign> {
    return this.campaigns.close(id, signedIn());
  }

  @MessagePattern(Requests.CampaignEntriesCreate)
  createEntry(@Payload() { campaignId, ...input }: CreateEntryRequestDto): Promise<Entry> {
    return this.campaigns.createEntry(campaignId, input, signedIn());
  }

  @MessagePattern(Requests.CampaignEntriesUpdate)
  updateEntry(@Payload() { campaignId, entryId, ...change }: UpdateEntryRequestDto): Promise<Entry> {
    return this.campaigns.updateEntry(campaignId, entryId, change, signedIn());
  }

  @MessagePattern(Requests.CampaignEntriesDelete)
  deleteEntry(@Payload() { campaignId, entryId }: EntryRequestDto): Promise<null> {
    return this.campaigns.deleteEntry(campaignId, entryId, signedIn());
  }

  @MessagePattern(Requests.BallotsCast)
  castBallot(@Payload() request: CastBallotRequestDto): Promise<Ballot> {
    return this.campaigns.castBallot(request, signedIn());
  }

  @MessagePattern(Requests.BallotsMine)
  myBallot(@Payload() { id }: CampaignRequestDto): Promise<Ballot> {
    return this.campaigns.myBallot(id, signedIn());
  }

  @MessagePattern(Requests.CampaignResultsGet)
  results(@Payload() { id }: CampaignRequestDto): Promise<CampaignResults> {
    return this.campaigns.results(id, currentContext()?.actor ?? null);
  }

  /** The seam for the Discord bot's slash commands: live votes, soonest to close first. */
  @MessagePattern(Requests.LiveCampaignsList)
  live(@Payload(EmptyBodyPipe) _body: NoBody): Promise<LiveCampaign[]> {
    return this.campaigns.live();
  }
}
