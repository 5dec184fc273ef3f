import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GuildSyncConfig, missingSyncSettings } from '../app/guild-sync.config';
import { RosterModule } from '../roster/roster.module';
import { BlizzardAccess } from './blizzard-access';
import { RosterSync } from './roster-sync';
import { SyncLock } from './sync-lock';
import { SyncRunEntity } from './sync-run.entity';
import { SyncRunsController } from './sync-runs.controller';
import { SyncRunsRepository } from './sync-runs.repository';
import { SyncRunsService } from './sync-runs.service';
import { scheduledRosterSync } from './scheduled-roster-sync';
import { SyncSchedule } from './sync-schedule';

/** Blizzard sync runs: the pipeline, one run at a time, on SYNC_CRON and on an officer's request. */
@Module({})
export class SyncModule {
  static forRoot(config: GuildSyncConfig): DynamicModule {
    const canSync = missingSyncSettings(config).length === 0;
    return {
      module: SyncModule,
      imports: [TypeOrmModule.forFeature([SyncRunEntity]), RosterModule],
      controllers: [SyncRunsController],
      providers: [
        BlizzardAccess,
        RosterSync,
        SyncLock,
        SyncRunsRepository,
        SyncRunsService,
        SyncSchedule,
        ...(canSync ? [scheduledRosterSync(config.SYNC_CRON)] : []),
      ],
    };
  }
}
