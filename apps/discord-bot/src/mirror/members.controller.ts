import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DiscordMember, DiscordMembersQueryDto, DiscordRole, DiscordSyncAccepted, Page, PageQueryDto, Requests } from '@patt/contracts';
import { MemberSyncService } from './member-sync.service';
import { MembersDirectoryService } from './members-directory.service';
import { RolesDirectoryService } from './roles-directory.service';

@Controller()
export class MembersController {
  constructor(
    private readonly directory: MembersDirectoryService,
    private readonly sync: MemberSyncService,
    private readonly roles: RolesDirectoryService,
  ) {}

  @MessagePattern(Requests.DiscordMembersList)
  list(@Payload() query: DiscordMembersQueryDto): Promise<Page<DiscordMember>> {
    return this.directory.list(query);
  }

  @MessagePattern(Requests.DiscordRolesList)
  listRoles(@Payload() query: PageQueryDto): Promise<Page<DiscordRole>> {
    return this.roles.list(query);
  }

  @MessagePattern(Requests.DiscordSyncsStart)
  startSync(): Promise<DiscordSyncAccepted> {
    return this.sync.requestByOfficer();
  }
}
