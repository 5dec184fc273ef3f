import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreatedInvite, CreateInviteRequestDto, Requests } from '@patt/contracts';
import { currentActor } from '@patt/service-kit';
import { InvitesService } from './invites.service';

@Controller()
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @MessagePattern(Requests.InvitesCreate)
  create(@Payload() { personId, expiresInHours }: CreateInviteRequestDto): Promise<CreatedInvite> {
    return this.invites.create(personId, expiresInHours, currentActor().userId);
  }
}
