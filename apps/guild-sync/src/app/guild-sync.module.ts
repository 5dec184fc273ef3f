import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Requests } from '@patt/contracts';
import { backendServiceModules } from '@patt/messaging';
import { BattlenetModule } from '../battlenet/battlenet.module';
import { MIGRATIONS } from '../migrations';
import { CharacterEntity } from '../roster/character.entity';
import { RosterEventEntity } from '../roster/roster-event.entity';
import { SyncRunEntity } from '../sync/sync-run.entity';
import { SyncModule } from '../sync/sync.module';
import { UploadsModule } from '../uploads/uploads.module';
import { GuildSyncConfig } from './guild-sync.config';

export const SERVICE_NAME = 'guild-sync';
export const SCHEMA = 'guild_sync';

@Module({})
export class GuildSyncModule {
  static forRoot(config: GuildSyncConfig): DynamicModule {
    return {
      module: GuildSyncModule,
      imports: [
        ...backendServiceModules({
          name: SERVICE_NAME,
          schema: SCHEMA,
          config,
          configClass: GuildSyncConfig,
          healthPattern: Requests.GuildSyncHealth,
          entities: [CharacterEntity, RosterEventEntity, SyncRunEntity],
          migrations: MIGRATIONS,
        }),
        ScheduleModule.forRoot(),
        SyncModule.forRoot(config),
        UploadsModule,
        BattlenetModule,
      ],
    };
  }
}
