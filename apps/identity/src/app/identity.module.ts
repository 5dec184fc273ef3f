import { DynamicModule, Module } from '@nestjs/common';
import { Requests } from '@patt/contracts';
import { backendServiceModules } from '@patt/messaging';
import { IDENTITY_MIGRATIONS } from '../migrations';
import { RankEntity } from '../ranks/rank.entity';
import { RanksModule } from '../ranks/ranks.module';
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
          entities: [RankEntity],
          migrations: IDENTITY_MIGRATIONS,
        }),
        RanksModule,
      ],
    };
  }
}
