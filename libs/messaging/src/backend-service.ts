import { DynamicModule, Type } from '@nestjs/common';
import { PersistenceModule, PersistenceOptions } from '@patt/persistence';
import { natsCredentialsOf, ServiceConfig, ServiceKitModule } from '@patt/service-kit';
import { MessagingModule } from './messaging.module';

export interface BackendServiceOptions<C extends ServiceConfig> {
  name: string;
  schema: string;
  config: C;
  configClass: Type<C>;
  /** The request pattern the gateway asks this service's health on. */
  healthPattern: string;
  entities: PersistenceOptions['entities'];
  migrations: PersistenceOptions['migrations'];
  /** Whether the service sends requests to others (the Discord bot asks auth for invite codes). */
  client?: boolean;
}

/**
 * What every backend service stands on, wired the one way: its config, logs and probes, its
 * schema (migrated at start) and its event backbone on that schema.
 */
export function backendServiceModules<C extends ServiceConfig>(options: BackendServiceOptions<C>): DynamicModule[] {
  const { name, schema, config } = options;
  return [
    ServiceKitModule.forService({ name, config, configClass: options.configClass, healthPattern: options.healthPattern, client: options.client ?? false }),
    PersistenceModule.forService({ schema, url: config.DATABASE_URL, entities: options.entities, migrations: options.migrations }),
    MessagingModule.forService({
      service: name,
      schema,
      natsUrl: config.NATS_URL,
      natsCredentials: natsCredentialsOf(name, config),
      subjectRoot: config.NATS_SUBJECT_ROOT,
      stream: config.NATS_STREAM,
    }),
  ];
}
