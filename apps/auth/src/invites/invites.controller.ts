import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ClaimInviteRequestDto,
  CreatedInvite,
  CreateInviteRequestDto,
  IdParam,
  InviteForDelivery,
  InviteSummary,
  ListInvitesRequestDto,
  Page,
  RequestedInvite,
  Requests,
} from '@patt/contracts';
import { currentActor } from '@patt/service-kit';
import { InvitesService } from './invites.service';

@Controller()
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @MessagePattern(Requests.InvitesCreate)
  create(@Payload() { personId, expiresInHours }: CreateInviteRequestDto): Promise<CreatedInvite> {
    return this.invites.create(personId, expiresInHours, currentActor());
  }

  @MessagePattern(Requests.InvitesList)
  list(@Payload() { personId, limit, offset }: ListInvitesRequestDto): Promise<Page<InviteSummary>> {
    return this.invites.list(personId, { limit, offset }, currentActor());
  }

  @MessagePattern(Requests.InvitesRevoke)
  async revoke(@Payload() { id }: IdParam): Promise<null> {
    await this.invites.revoke(id, currentActor());
    return null;
  }

  /** The Discord bot's /get-account, for the member who invoked it: no gateway route leads here. */
  @MessagePattern(Requests.InvitesRequestOwn)
  requestOwn(): Promise<RequestedInvite> {
    return this.invites.requestOwn(currentActor());
  }

  /** The Discord bot's, and only its: no gateway route leads here. */
  @MessagePattern(Requests.InvitesClaimForDelivery)
  claimForDelivery(@Payload() { inviteId }: ClaimInviteRequestDto): Promise<InviteForDelivery> {
    return this.invites.claimForDelivery(inviteId);
  }
}
