import { DynamicModule, Global, Module, Provider, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BaseConfig } from './config';
import { HealthController, healthRequestController } from './health';
import { loggingModule } from './logging';
import { Readiness } from './readiness';
import { ServiceClient } from './service-client';

export interface ServiceKitOptions<C extends BaseConfig> {
  /** The service's name, as logs and NATS connections show it. */
  name: string;
  /** The validated config; injectable by its class. */
  config: C;
  configClass: Type<C>;
  /** The request pattern the gateway asks this service's health on; the gateway has none. */
  healthPattern?: string;
  /** Whether this service sends requests to others (the gateway does). */
  client?: boolean;
  logRequests?: boolean;
}

/** What every service gets: its config, logs, probes, readiness registry and (if asked) a client. */
@Global()
@Module({})
export class ServiceKitModule {
  static forService<C extends BaseConfig>(options: ServiceKitOptions<C>): DynamicModule {
    const providers: Provider[] = [Readiness, { provide: options.configClass, useValue: options.config }];
    if (options.client) {
      providers.push({
        provide: ServiceClient,
        useFactory: async () => {
          const client = new ServiceClient({
            name: options.name,
            natsUrl: options.config.NATS_URL,
            subjectRoot: options.config.NATS_SUBJECT_ROOT,
            timeoutMs: options.config.NATS_REQUEST_TIMEOUT_MS,
          });
          await client.connect();
          return client;
        },
      });
    }
    const controllers: Type<unknown>[] = options.healthPattern
      ? [HealthController, healthRequestController(options.name, options.healthPattern)]
      : [];
    return {
      module: ServiceKitModule,
      imports: [loggingModule(options.name, options.config.LOG_LEVEL, { logRequests: options.logRequests ?? false }), TerminusModule],
      controllers,
      providers,
      exports: providers.map((p) => ('provide' in p ? p.provide : p)) as Array<Type<unknown> | string>,
    };
  }
}
