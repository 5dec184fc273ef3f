import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreatedInvite, CreateInviteBody, IdParam, InviteSummary, Page, PageQueryDto, Requests } from '@patt/contracts';
import { ServiceClient } from '@patt/service-kit';
import { OfficerOnly } from '../access/access.decorator';
import { CarriesSecrets } from '../http/security-headers';
import { InviteSummaryPageDto } from './dto/invite.dto';

const WITHIN_RANK_RULES = 'Below Officer, or the member is not ranked below the caller (the Guild Leader may do all)';

/**
 * Invites live under members in the API; auth makes the code (shown here once) and the Discord bot
 * takes it from auth, once, to DM it. Officers list and revoke a member's invites.
 */
@ApiTags('members')
@Controller()
export class InvitesController {
  constructor(private readonly services: ServiceClient) {}

  @Post('members/:id/invites')
  @CarriesSecrets()
  @OfficerOnly()
  @ApiCreatedResponse({ description: '{code, expiresAt}; the code is shown only here, and the member gets it by Discord DM' })
  @ApiForbiddenResponse({ description: WITHIN_RANK_RULES })
  create(@Param() { id }: IdParam, @Body() body: CreateInviteBody): Promise<CreatedInvite> {
    return this.services.send(Requests.InvitesCreate, { personId: id, expiresInHours: body.expiresInHours ?? 72 });
  }

  @Get('members/:id/invites')
  @OfficerOnly()
  @ApiOkResponse({ type: InviteSummaryPageDto, description: 'Newest first, never the code, with how each DM went' })
  @ApiForbiddenResponse({ description: WITHIN_RANK_RULES })
  @ApiNotFoundResponse({ description: 'No member has this id' })
  list(@Param() { id }: IdParam, @Query() { limit, offset }: PageQueryDto): Promise<Page<InviteSummary>> {
    return this.services.send(Requests.InvitesList, { personId: id, limit, offset });
  }

  @Delete('invites/:id')
  @OfficerOnly()
  @ApiOkResponse({ description: '`data: null`; the code stops working (revoking a revoked invite changes nothing)' })
  @ApiForbiddenResponse({ description: WITHIN_RANK_RULES })
  @ApiNotFoundResponse({ description: 'No invite has this id' })
  @ApiConflictResponse({ description: 'The invite was used: the member has an account' })
  revoke(@Param() { id }: IdParam): Promise<null> {
    return this.services.send(Requests.InvitesRevoke, { id });
  }
}
