import { DynamicModule, Module } from '@nestjs/common';
import { Requests } from '@patt/contracts';
import { backendServiceModules } from '@patt/messaging';
import { AUTH_MIGRATIONS } from '../migrations';
import { RankProjectionEntity } from '../ranks/rank-projection.entity';
import { RanksProjectionModule } from '../ranks/ranks-projection.module';
import { AccountsModule } from './accounts.module';
import { AuthConfig } from './auth.config';

export const SERVICE_NAME = 'auth';
export const SCHEMA = 'auth';

@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        ...backendServiceModules({
          name: SERVICE_NAME,
          schema: SCHEMA,
          config,
          configClass: AuthConfig,
          healthPattern: Requests.AuthHealth,
          entities: [RankProjectionEntity],
          migrations: AUTH_MIGRATIONS,
        }),
        RanksProjectionModule,
        AccountsModule,
      ],
    };
  }
}
