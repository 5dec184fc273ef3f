import { DynamicModule, Global, Module, Provider, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BaseConfig } from './config';
import { HealthController, healthRequestController } from './health';
import { loggingModule } from './logging';
import { Metrics, MetricsController, MetricsServer } from './metrics';
import { Readiness } from './readiness';
import { natsCredentialsOf } from './nats-transport';
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

/**
 * What every service gets: its config, logs, probes, readiness registry, Prometheus metrics (GET
 * /metrics beside the probes; the gateway serves them with MetricsServer) and (if asked) a client.
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forService<C extends BaseConfig>(options: ServiceKitOptions<C>): DynamicModule {
    const providers: Provider[] = [
      Readiness,
      { provide: Metrics, useValue: new Metrics({ enabled: options.config.METRICS_ENABLED !== false }) },
      MetricsServer,
      { provide: options.configClass, useValue: options.config },
    ];
    if (options.client) {
      providers.push({
        provide: ServiceClient,
        inject: [Metrics],
        useFactory: async (metrics: Metrics) => {
          const client = new ServiceClient({
            // Off: no histogram, and no clock read, on each request.
            metrics: metrics.enabled ? metrics : undefined,
            name: options.name,
            natsUrl: options.config.NATS_URL,
            credentials: natsCredentialsOf(options.name, options.config),
            subjectRoot: options.config.NATS_SUBJECT_ROOT,
            timeoutMs: options.config.NATS_REQUEST_TIMEOUT_MS,
          });
          await client.connect();
          return client;
        },
      });
    }
    const controllers: Type<unknown>[] = options.healthPattern
      ? [HealthController, MetricsController, healthRequestController(options.name, options.healthPattern)]
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
