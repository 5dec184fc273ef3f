import { DynamicModule, Module } from '@nestjs/common';
import { Requests } from '@patt/contracts';
import { MessagingModule } from '@patt/messaging';
import { PersistenceModule } from '@patt/persistence';
import { ServiceKitModule } from '@patt/service-kit';
import { MIGRATIONS } from '../migrations';
import { DiscordBotConfig } from './discord-bot.config';

export const SERVICE_NAME = 'discord-bot';
export const SCHEMA = 'discord';

@Module({})
export class DiscordBotModule {
  static forRoot(config: DiscordBotConfig): DynamicModule {
    return {
      module: DiscordBotModule,
      imports: [
        ServiceKitModule.forService({ name: SERVICE_NAME, config, configClass: DiscordBotConfig, healthPattern: Requests.DiscordBotHealth }),
        PersistenceModule.forService({ schema: SCHEMA, url: config.DATABASE_URL, entities: [], migrations: MIGRATIONS }),
        MessagingModule.forService({
          service: SERVICE_NAME,
          schema: SCHEMA,
          natsUrl: config.NATS_URL,
          subjectRoot: config.NATS_SUBJECT_ROOT,
          stream: config.NATS_STREAM,
        }),
      ],
    };
  }
}
