import { DynamicModule, Module } from '@nestjs/common';
import { Requests } from '@patt/contracts';
import { MessagingModule } from '@patt/messaging';
import { PersistenceModule } from '@patt/persistence';
import { ServiceKitModule } from '@patt/service-kit';
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
        ServiceKitModule.forService({ name: SERVICE_NAME, config, configClass: IdentityConfig, healthPattern: Requests.IdentityHealth }),
        PersistenceModule.forService({ schema: SCHEMA, url: config.DATABASE_URL, entities: [RankEntity], migrations: IDENTITY_MIGRATIONS }),
        MessagingModule.forService({
          service: SERVICE_NAME,
          schema: SCHEMA,
          natsUrl: config.NATS_URL,
          subjectRoot: config.NATS_SUBJECT_ROOT,
          stream: config.NATS_STREAM,
        }),
        RanksModule,
      ],
    };
  }
}
