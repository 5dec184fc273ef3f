import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DiscordMember, DiscordSyncAccepted, Page, Requests } from '@patt/contracts';
import { ListDiscordMembersDto } from './dto/list-discord-members.dto';
import { MemberSyncService } from './member-sync.service';
import { MembersDirectoryService } from './members-directory.service';

@Controller()
export class MembersController {
  constructor(
    private readonly directory: MembersDirectoryService,
    private readonly sync: MemberSyncService,
  ) {}

  @MessagePattern(Requests.DiscordMembersList)
  list(@Payload() query: ListDiscordMembersDto): Promise<Page<DiscordMember>> {
    return this.directory.list(query);
  }

  @MessagePattern(Requests.DiscordSyncsStart)
  startSync(): DiscordSyncAccepted {
    return this.sync.requestByOfficer();
  }
}
