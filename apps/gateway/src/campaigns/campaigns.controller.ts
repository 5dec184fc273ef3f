import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  Ballot,
  BallotBody,
  Campaign,
  CampaignChangeBody,
  CampaignInputBody,
  CampaignResults,
  CampaignsQueryDto,
  Entry,
  EntryChangeBody,
  EntryInputBody,
  EntryParams,
  IdParam,
  NoBody,
  Page,
  Requests,
} from '@patt/contracts';
import { EmptyBodyPipe, ServiceClient } from '@patt/service-kit';
import { AnyMember, OfficerOnly, PublicOrSignedIn } from '../access/access.decorator';
import { BallotDto, CampaignDto, CampaignPageDto, CampaignResultsDto, EntryDto } from './dto/campaign-responses.dto';

const EMPTY_BODY = { schema: { type: 'object', additionalProperties: false, example: {} } };
const INVISIBLE = 'No campaign has this id, or the caller may not see it';

/** Votes (docs/api.md, "Votes"): each route validates and sends one request to the campaigns service. */
@ApiTags('votes')
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @PublicOrSignedIn()
  @ApiOkResponse({ type: CampaignPageDto, description: 'The campaigns the caller may view, newest first; drafts only for officers' })
  list(@Query() { status, limit, offset }: CampaignsQueryDto): Promise<Page<Campaign>> {
    return this.services.send(Requests.CampaignsList, { status, limit, offset });
  }

  @Post()
  @OfficerOnly()
  @ApiCreatedResponse({ type: CampaignDto, description: 'A draft' })
  @ApiBadRequestResponse({ description: 'Bad fields, a start in the past, or a view rank above your own' })
  create(@Body() body: CampaignInputBody): Promise<Campaign> {
    return this.services.send(Requests.CampaignsCreate, body);
  }

  @Get(':id')
  @PublicOrSignedIn()
  @ApiOkResponse({ type: CampaignDto, description: 'With its entries' })
  @ApiNotFoundResponse({ description: INVISIBLE })
  get(@Param() { id }: IdParam): Promise<Campaign> {
    return this.services.send(Requests.CampaignsGet, { id });
  }

  @Patch(':id')
  @OfficerOnly()
  @ApiOkResponse({ type: CampaignDto })
  @ApiNotFoundResponse({ description: INVISIBLE })
  @ApiConflictResponse({ description: 'CAMPAIGN_NOT_DRAFT: settings change only in draft' })
  update(@Param() { id }: IdParam, @Body() body: CampaignChangeBody): Promise<Campaign> {
    return this.services.send(Requests.CampaignsUpdate, { ...body, id });
  }

  @Delete(':id')
  @OfficerOnly()
  @ApiOkResponse({ description: '`data: null`' })
  @ApiNotFoundResponse({ description: INVISIBLE })
  @ApiConflictResponse({ description: 'CAMPAIGN_LIVE: close it first' })
  remove(@Param() { id }: IdParam): Promise<null> {
    return this.services.send(Requests.CampaignsDelete, { id });
  }

  @Post(':id/entries')
  @OfficerOnly()
  @ApiCreatedResponse({ type: EntryDto })
  @ApiNotFoundResponse({ description: INVISIBLE })
  @ApiConflictResponse({ description: 'CAMPAIGN_NOT_DRAFT' })
  addEntry(@Param() { id }: IdParam, @Body() body: EntryInputBody): Promise<Entry> {
    return this.services.send(Requests.CampaignEntriesCreate, { ...body, campaignId: id });
  }

  @Patch(':id/entries/:entryId')
  @OfficerOnly()
  @ApiOkResponse({ type: EntryDto })
  @ApiNotFoundResponse({ description: 'No such campaign or entry' })
  @ApiConflictResponse({ description: 'CAMPAIGN_NOT_DRAFT' })
  updateEntry(@Param() { id, entryId }: EntryParams, @Body() body: EntryChangeBody): Promise<Entry> {
    return this.services.send(Requests.CampaignEntriesUpdate, { ...body, campaignId: id, entryId });
  }

  @Delete(':id/entries/:entryId')
  @OfficerOnly()
  @ApiOkResponse({ description: '`data: null`' })
  @ApiNotFoundResponse({ description: 'No such campaign or entry' })
  @ApiConflictResponse({ description: 'CAMPAIGN_NOT_DRAFT' })
  removeEntry(@Param() { id, entryId }: EntryParams): Promise<null> {
    return this.services.send(Requests.CampaignEntriesDelete, { campaignId: id, entryId });
  }

  @Post(':id/open')
  @OfficerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiBody(EMPTY_BODY)
  @ApiOkResponse({ type: CampaignDto, description: 'Live from now; its end moves with it' })
  @ApiBadRequestResponse({ description: 'TOO_FEW_ENTRIES: fewer entries than picks' })
  @ApiConflictResponse({ description: 'CAMPAIGN_NOT_DRAFT' })
  open(@Param() { id }: IdParam, @Body(EmptyBodyPipe) _body: NoBody): Promise<Campaign> {
    return this.services.send(Requests.CampaignsOpen, { id });
  }

  @Post(':id/close')
  @OfficerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiBody(EMPTY_BODY)
  @ApiOkResponse({ type: CampaignDto, description: 'Closed; its results are final' })
  @ApiConflictResponse({ description: 'CAMPAIGN_NOT_LIVE' })
  close(@Param() { id }: IdParam, @Body(EmptyBodyPipe) _body: NoBody): Promise<Campaign> {
    return this.services.send(Requests.CampaignsClose, { id });
  }

  @Post(':id/ballots')
  @AnyMember()
  @ApiCreatedResponse({ type: BallotDto })
  @ApiBadRequestResponse({ description: 'Not exactly picksPerVoter different entries of this campaign ranked 1..picksPerVoter (details name each problem)' })
  @ApiForbiddenResponse({ description: 'RANK_TOO_LOW, NOT_A_MEMBER or ACCOUNT_DISABLED' })
  @ApiNotFoundResponse({ description: INVISIBLE })
  @ApiConflictResponse({ description: 'ALREADY_VOTED or CAMPAIGN_NOT_LIVE' })
  castBallot(@Param() { id }: IdParam, @Body() body: BallotBody): Promise<Ballot> {
    return this.services.send(Requests.BallotsCast, { ...body, campaignId: id });
  }

  @Get(':id/ballots/mine')
  @AnyMember()
  @ApiOkResponse({ type: BallotDto })
  @ApiNotFoundResponse({ description: 'No such campaign, or you have not voted in it' })
  myBallot(@Param() { id }: IdParam): Promise<Ballot> {
    return this.services.send(Requests.BallotsMine, { id });
  }

  @Get(':id/results')
  @PublicOrSignedIn()
  @ApiOkResponse({ type: CampaignResultsDto, description: 'Final once closed; while live, the standings, only to those who voted' })
  @ApiForbiddenResponse({ description: 'VOTE_FIRST: live standings are for those who voted' })
  @ApiNotFoundResponse({ description: INVISIBLE })
  @ApiConflictResponse({ description: 'CAMPAIGN_NOT_LIVE: a draft has no results' })
  results(@Param() { id }: IdParam): Promise<CampaignResults> {
    return this.services.send(Requests.CampaignResultsGet, { id });
  }
}
