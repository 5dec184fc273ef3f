import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByIdRequestDto, Member, MembersQueryDto, Page, Requests, UpdateMemberRequestDto } from '@patt/contracts';
import { MembersService } from './members.service';

@Controller()
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @MessagePattern(Requests.MembersList)
  list(@Payload() query: MembersQueryDto): Promise<Page<Member>> {
    return this.members.list(query);
  }

  @MessagePattern(Requests.MembersGet)
  get(@Payload() { id }: ByIdRequestDto): Promise<Member> {
    return this.members.get(id);
  }

  @MessagePattern(Requests.MembersUpdate)
  update(@Payload() change: UpdateMemberRequestDto): Promise<Member> {
    return this.members.update(change);
  }
}
