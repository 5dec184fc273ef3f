import { DynamicModule, Module } from '@nestjs/common';
import { Requests } from '@patt/contracts';
import { backendServiceModules } from '@patt/messaging';
import { ImportsModule } from '../imports/imports.module';
import { MembersModule } from '../members/members.module';
import { IDENTITY_MIGRATIONS } from '../migrations';
import { RanksModule } from '../ranks/ranks.module';
import { MatchingWorkerModule, RunsModule } from '../runs/runs.module';
import { IDENTITY_ENTITIES, IdentityDataModule } from './identity-data.module';
import { IdentityConfig } from './identity.config';

export const SERVICE_NAME = 'identity';
export const SCHEMA = 'identity';

@Module({})
export class IdentityModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        ...backendServiceModules({
          name: SERVICE_NAME,
          schema: SCHEMA,
          config,
          configClass: IdentityConfig,
          healthPattern: Requests.IdentityHealth,
          entities: IDENTITY_ENTITIES,
          migrations: IDENTITY_MIGRATIONS,
        }),
        IdentityDataModule,
        RanksModule,
        MembersModule,
        ImportsModule,
        RunsModule,
        MatchingWorkerModule,
      ],
    };
  }
}
