import { DynamicModule, Module } from '@nestjs/common';
import { Requests } from '@patt/contracts';
import { backendServiceModules } from '@patt/messaging';
import { PostsModule } from '../posts/posts.module';
import { ChannelPostEntity } from '../posts/channel-post.entity';
import { CommandsModule } from '../commands/commands.module';
import { DiscordModule } from '../discord/discord.module';
import { InviteDeliveryEntity } from '../invites/invite-delivery.entity';
import { InvitesModule } from '../invites/invites.module';
import { LinkedMemberEntity } from '../links/linked-member.entity';
import { DiscordMemberEntity } from '../mirror/discord-member.entity';
import { DiscordRoleEntity } from '../mirror/discord-role.entity';
import { MemberSyncEntity } from '../mirror/member-sync.entity';
import { MirrorModule } from '../mirror/mirror.module';
import { MIGRATIONS } from '../migrations';
import { RankRoleEntity } from '../ranks/rank-role.entity';
import { IntegrityReportTallyEntity, RosterSyncTallyEntity } from '../reports/report-tally.entity';
import { ReportsModule } from '../reports/reports.module';
import { RemindersModule } from '../reminders/reminders.module';
import { RoleSyncModule } from '../role-sync/role-sync.module';
import { VoteAnnouncementEntity, VoteCampaignEntity } from '../votes/vote-announcement.entity';
import { VotesModule } from '../votes/votes.module';
import { DiscordBotConfig } from './discord-bot.config';

export const SERVICE_NAME = 'discord-bot';
export const SCHEMA = 'discord';

export const ENTITIES = [
  DiscordMemberEntity,
  DiscordRoleEntity,
  MemberSyncEntity,
  RankRoleEntity,
  LinkedMemberEntity,
  InviteDeliveryEntity,
  ChannelPostEntity,
  RosterSyncTallyEntity,
  IntegrityReportTallyEntity,
  VoteCampaignEntity,
  VoteAnnouncementEntity,
];

@Module({})
export class DiscordBotModule {
  static forRoot(config: DiscordBotConfig): DynamicModule {
    return {
      module: DiscordBotModule,
      imports: [
        ...backendServiceModules({
          name: SERVICE_NAME,
          schema: SCHEMA,
          config,
          configClass: DiscordBotConfig,
          healthPattern: Requests.DiscordBotHealth,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          // It asks auth for each invite's code as it sends the DM, and the services the slash
          // commands need, for the member who invoked them (libs/contracts, REQUEST_ACCESS).
          client: true,
        }),
        DiscordModule,
        MirrorModule,
        RoleSyncModule,
        PostsModule,
        InvitesModule,
        ReportsModule,
        RemindersModule,
        VotesModule,
        CommandsModule,
      ],
    };
  }
}
