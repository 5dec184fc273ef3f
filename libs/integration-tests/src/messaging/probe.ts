// A small service made of the real messaging parts, for the backbone's own tests and benchmark:
// a producer that emits `user-registered` events in transactions, and a consumer whose handler
// writes one effect row per application, so tests can count effects exactly.
import { DynamicModule, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { EventEnvelope, Events } from '@patt/contracts';
import { PersistenceModule } from '@patt/persistence';
import { ServiceConfig, ServiceKitModule } from '@patt/service-kit';
import { DeadLetterRepairs1765300000000, EventContext, EventPublisher, MessagingModule, MessagingTables1764100000000, OnEvent, OutboxRelay } from '@patt/messaging';

export class ProbeEffects1764100009999 implements MigrationInterface {
  name = 'ProbeEffects1764100009999';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE effects (
      event_id uuid NOT NULL, username text NOT NULL, occurred_at timestamptz NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE effects');
  }
}

export interface ProbeOptions {
  service: string;
  schema: string;
  databaseUrl: string;
  natsUrl: string;
  subjectRoot: string;
  stream: string;
  consume: boolean;
  handlerDelayMs?: number;
  maxAttempts?: number;
  ackWaitSeconds?: number;
  logLevel?: string;
}

/** A probe of the producer or consumer role on the suite's database and bus (the consumer consumes). */
export function probeOptions(
  db: { urls: Record<string, string> },
  bus: { natsUrl: string; subjectRoot: string; stream: string },
  role: 'producer' | 'consumer',
  overrides: Partial<ProbeOptions> = {},
): ProbeOptions {
  return {
    service: role,
    schema: role,
    databaseUrl: db.urls[role] as string,
    natsUrl: bus.natsUrl,
    subjectRoot: bus.subjectRoot,
    stream: bus.stream,
    consume: role === 'consumer',
    ...overrides,
  };
}

@Injectable()
export class ProbeProducer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
  ) {}

  /** Emits `count` events, `perTransaction` to a transaction, as a service would with its state. */
  async emit(count: number, prefix = 'member', perTransaction = 1): Promise<void> {
    for (let i = 0; i < count; i += perTransaction) {
      await this.dataSource.transaction(async (manager) => {
        for (let j = i; j < Math.min(count, i + perTransaction); j += 1) {
          await this.events.emit(manager, Events.UserRegistered, { userId: `u${j}`, personId: `p${j}`, username: `${prefix}-${j}` });
        }
      });
    }
  }

  async unpublished(): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')) as Array<{ n: number }>;
    return row?.n ?? 0;
  }
}

export class ProbeHandlerOptions {
  delayMs = 0;
  /** The fix of a poison event's bug: once true, `poison` events apply as any other. */
  poisonCured = false;
}

@Injectable()
export class ProbeHandler {
  constructor(private readonly options: ProbeHandlerOptions) {}

  @OnEvent(Events.UserRegistered)
  async onRegistered(event: EventEnvelope<typeof Events.UserRegistered>, { manager }: EventContext): Promise<void> {
    if (event.payload.username.startsWith('poison') && !this.options.poisonCured) throw new Error('this event cannot be applied');
    if (this.options.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
    await manager.query('INSERT INTO effects (event_id, username, occurred_at) VALUES ($1, $2, $3)', [
      event.id,
      event.payload.username,
      event.occurredAt,
    ]);
  }
}

class ProbeConfig extends ServiceConfig {}

@Module({})
export class ProbeModule {
  static forRoot(options: ProbeOptions): DynamicModule {
    const config = Object.assign(new ProbeConfig(), {
      DATABASE_URL: options.databaseUrl,
      NATS_URL: options.natsUrl,
      HEALTH_PORT: 0,
      LOG_LEVEL: options.logLevel ?? 'warn',
    });
    return {
      module: ProbeModule,
      imports: [
        ServiceKitModule.forService({ name: options.service, config, configClass: ProbeConfig }),
        PersistenceModule.forService({
          schema: options.schema,
          url: options.databaseUrl,
          entities: [],
          migrations: [MessagingTables1764100000000, DeadLetterRepairs1765300000000, ProbeEffects1764100009999],
        }),
        MessagingModule.forService({
          service: options.service,
          schema: options.schema,
          natsUrl: options.natsUrl,
          subjectRoot: options.subjectRoot,
          stream: options.stream,
          maxAttempts: options.maxAttempts ?? 3,
          ackWaitSeconds: options.ackWaitSeconds ?? 5,
          relayPollMs: 200,
        }),
      ],
      providers: [
        ProbeProducer,
        { provide: ProbeHandlerOptions, useValue: Object.assign(new ProbeHandlerOptions(), { delayMs: options.handlerDelayMs ?? 0 }) },
        ...(options.consume ? [ProbeHandler] : []),
      ],
      exports: [ProbeProducer, ProbeHandlerOptions],
    };
  }
}

/** Starts a probe in this process; `close()` shuts it down as SIGTERM would. */
export async function startProbe(options: ProbeOptions) {
  const app = await NestFactory.createApplicationContext(ProbeModule.forRoot(options), { logger: ['error', 'warn'] });
  await app.init();
  return { app, producer: app.get(ProbeProducer), relay: app.get(OutboxRelay), handler: app.get(ProbeHandlerOptions), close: () => app.close() };
}

/** Counts of effects in a probe's schema: all rows, and distinct events. */
export async function countEffects(dataSource: DataSource): Promise<{ total: number; distinct: number }> {
  const [row] = (await dataSource.query('SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct FROM effects')) as Array<{
    total: number;
    distinct: number;
  }>;
  return row ?? { total: 0, distinct: 0 };
}
