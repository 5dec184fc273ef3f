import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByIdRequestDto, CreateLinkBody, IdentityLink, Requests } from '@patt/contracts';
import { LinksService } from './links.service';

@Controller()
export class LinksController {
  constructor(private readonly links: LinksService) {}

  @MessagePattern(Requests.LinksCreate)
  create(@Payload() body: CreateLinkBody): Promise<IdentityLink> {
    return this.links.create(body);
  }

  @MessagePattern(Requests.LinksDelete)
  async remove(@Payload() { id }: ByIdRequestDto): Promise<null> {
    await this.links.remove(id);
    return null;
  }
}
