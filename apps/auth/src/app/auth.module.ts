import { DynamicModule, Module } from '@nestjs/common';
import { Requests } from '@patt/contracts';
import { MessagingModule } from '@patt/messaging';
import { PersistenceModule } from '@patt/persistence';
import { ServiceKitModule } from '@patt/service-kit';
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
        ServiceKitModule.forService({ name: SERVICE_NAME, config, configClass: AuthConfig, healthPattern: Requests.AuthHealth }),
        PersistenceModule.forService({
          schema: SCHEMA,
          url: config.DATABASE_URL,
          entities: [RankProjectionEntity],
          migrations: AUTH_MIGRATIONS,
        }),
        MessagingModule.forService({
          service: SERVICE_NAME,
          schema: SCHEMA,
          natsUrl: config.NATS_URL,
          subjectRoot: config.NATS_SUBJECT_ROOT,
          stream: config.NATS_STREAM,
        }),
        RanksProjectionModule,
        AccountsModule,
      ],
    };
  }
}
