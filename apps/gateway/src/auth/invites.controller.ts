import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CreatedInvite, CreateInviteBody, IdParam, Requests } from '@patt/contracts';
import { ServiceClient } from '@patt/service-kit';
import { OfficerOnly } from '../access/access.decorator';

/** Invites live under members in the API; auth makes the code and the Discord bot delivers it. */
@ApiTags('members')
@Controller('members')
export class InvitesController {
  constructor(private readonly services: ServiceClient) {}

  @Post(':id/invites')
  @OfficerOnly()
  @ApiCreatedResponse({ description: '{code, expiresAt}; the code is also sent to the member by Discord DM' })
  create(@Param() { id }: IdParam, @Body() body: CreateInviteBody): Promise<CreatedInvite> {
    return this.services.send(Requests.InvitesCreate, { personId: id, expiresInHours: body.expiresInHours ?? 72 });
  }
}
