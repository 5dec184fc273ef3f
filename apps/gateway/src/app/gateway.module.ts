import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { ServiceKitModule } from '@patt/service-kit';
import { AccessGuard } from '../access/access.guard';
import { AuthApiModule } from '../auth/auth-api.module';
import { CampaignsApiModule } from '../campaigns/campaigns-api.module';
import { DiscordApiModule } from '../discord/discord-api.module';
import { GuildSyncApiModule } from '../guild-sync/guild-sync-api.module';
import { IdentityApiModule } from '../identity/identity-api.module';
import { CachesModule } from '../caches/caches.module';
import { HealthController } from '../health/health.controller';
import { ContentTypeGuard } from '../http/content-type.guard';
import { EnvelopeFilter } from '../http/envelope.filter';
import { EnvelopeInterceptor } from '../http/envelope.interceptor';
import { DeadLettersController } from '../operations/dead-letters.controller';
import { RanksController } from '../ranks/ranks.controller';
import { VersionController } from '../system/version.controller';
import { GatewayConfig } from './gateway.config';

export const SERVICE_NAME = 'gateway';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ServiceKitModule.forService({ name: SERVICE_NAME, config, configClass: GatewayConfig, client: true, logRequests: true }),
        CachesModule.forGateway(SERVICE_NAME, config),
        DiscoveryModule,
        AuthApiModule,
        IdentityApiModule,
        GuildSyncApiModule,
        DiscordApiModule,
        CampaignsApiModule,
      ],
      controllers: [HealthController, VersionController, RanksController, DeadLettersController],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: ContentTypeGuard },
        { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
        { provide: APP_FILTER, useClass: EnvelopeFilter },
      ],
    };
  }
}
