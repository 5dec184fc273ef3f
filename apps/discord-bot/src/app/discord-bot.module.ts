import { DynamicModule, Module } from '@nestjs/common';
import { Requests } from '@patt/contracts';
import { backendServiceModules } from '@patt/messaging';
import { AuditModule } from '../audit/audit.module';
import { AuditPostEntity } from '../audit/audit-post.entity';
import { DiscordModule } from '../discord/discord.module';
import { InviteDeliveryEntity } from '../invites/invite-delivery.entity';
import { InvitesModule } from '../invites/invites.module';
import { LinkedMemberEntity } from '../links/linked-member.entity';
import { DiscordMemberEntity } from '../members/discord-member.entity';
import { DiscordRoleEntity } from '../members/discord-role.entity';
import { MemberSyncEntity } from '../members/member-sync.entity';
import { MembersModule } from '../members/members.module';
import { MIGRATIONS } from '../migrations';
import { RankRoleEntity } from '../ranks/rank-role.entity';
import { IntegrityReportTallyEntity, RosterSyncTallyEntity } from '../reports/report-tally.entity';
import { ReportsModule } from '../reports/reports.module';
import { RoleSyncModule } from '../role-sync/role-sync.module';
import { WorkModule } from '../work/work.module';
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
  AuditPostEntity,
  RosterSyncTallyEntity,
  IntegrityReportTallyEntity,
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
        }),
        DiscordModule,
        WorkModule,
        MembersModule,
        RoleSyncModule,
        AuditModule,
        InvitesModule,
        ReportsModule,
      ],
    };
  }
}
