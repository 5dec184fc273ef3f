import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Requests } from '@patt/contracts';
import { MessagingModule } from '@patt/messaging';
import { PersistenceModule } from '@patt/persistence';
import { ServiceKitModule } from '@patt/service-kit';
import { MIGRATIONS } from '../migrations';
import { CharacterEntity } from '../roster/character.entity';
import { RosterEventEntity } from '../roster/roster-event.entity';
import { SyncRunEntity } from '../sync/sync-run.entity';
import { SyncModule } from '../sync/sync.module';
import { GuildSyncConfig } from './guild-sync.config';

export const SERVICE_NAME = 'guild-sync';
export const SCHEMA = 'guild_sync';

@Module({})
export class GuildSyncModule {
  static forRoot(config: GuildSyncConfig): DynamicModule {
    return {
      module: GuildSyncModule,
      imports: [
        ServiceKitModule.forService({ name: SERVICE_NAME, config, configClass: GuildSyncConfig, healthPattern: Requests.GuildSyncHealth }),
        PersistenceModule.forService({
          schema: SCHEMA,
          url: config.DATABASE_URL,
          entities: [CharacterEntity, RosterEventEntity, SyncRunEntity],
          migrations: MIGRATIONS,
        }),
        MessagingModule.forService({
          service: SERVICE_NAME,
          schema: SCHEMA,
          natsUrl: config.NATS_URL,
          subjectRoot: config.NATS_SUBJECT_ROOT,
          stream: config.NATS_STREAM,
        }),
        ScheduleModule.forRoot(),
        SyncModule.forRoot(config),
      ],
    };
  }
}
