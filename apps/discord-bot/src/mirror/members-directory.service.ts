import { Injectable } from '@nestjs/common';
import { DiscordMember, ListDiscordMembersRequest, Page } from '@patt/contracts';
import { RankRolesService } from '../ranks/rank-roles.service';
import { MembersRepository } from './members.repository';

/** The mirror as officers read it: each member with the guild rank their roles amount to. */
@Injectable()
export class MembersDirectoryService {
  constructor(
    private readonly members: MembersRepository,
    private readonly rankRoles: RankRolesService,
  ) {}

  async list(query: ListDiscordMembersRequest): Promise<Page<DiscordMember>> {
    const q = query.q?.trim();
    const [page, ranks] = await Promise.all([
      this.members.list({ linked: query.linked, present: query.present, q: q ? q : undefined, limit: query.limit, offset: query.offset }),
      this.rankRoles.current(),
    ]);
    return {
      total: page.total,
      items: page.items.map((member) => ({
        userId: member.userId,
        username: member.username,
        displayName: member.displayName,
        roleIds: member.roleIds,
        highestGuildRole: ranks.highestOf(member.roleIds),
        present: member.present,
        personId: member.personId,
      })),
    };
  }
}
