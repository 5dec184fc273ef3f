import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RanksModule } from '../ranks/ranks.module';
import { DiscordMemberEntity } from './discord-member.entity';
import { DiscordRoleEntity } from './discord-role.entity';
import { GuildRolesRepository } from './guild-roles.repository';
import { MemberEventsListener } from './member-events.listener';
import { MemberSyncEntity } from './member-sync.entity';
import { MemberSyncService } from './member-sync.service';
import { MemberSyncsRepository } from './member-syncs.repository';
import { MembersDirectoryService } from './members-directory.service';
import { MembersMirrorService } from './members-mirror.service';
import { MembersController } from './members.controller';
import { MembersRepository } from './members.repository';
import { MirrorObservers } from './mirror-observers';
import { RolesDirectoryService } from './roles-directory.service';

/** The mirror of the Discord server's members and roles: full syncs, gateway events, the list. */
@Module({
  imports: [TypeOrmModule.forFeature([DiscordMemberEntity, DiscordRoleEntity, MemberSyncEntity]), RanksModule],
  controllers: [MembersController],
  providers: [
    MembersRepository,
    GuildRolesRepository,
    MemberSyncsRepository,
    MirrorObservers,
    MembersMirrorService,
    MemberSyncService,
    MemberEventsListener,
    MembersDirectoryService,
    RolesDirectoryService,
  ],
  exports: [MembersRepository, MembersMirrorService, MemberSyncService, MemberSyncsRepository, MirrorObservers],
})
export class MirrorModule {}
