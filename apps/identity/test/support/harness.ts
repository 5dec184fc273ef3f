// identity's services in this process, on a database of the suite's own (migrated as the service
// migrates it), with the event publisher writing to the outbox and no bus: tests apply events by
// calling the handlers in a transaction, run matching themselves, and read what was emitted from
// the outbox.
import { Global, INestApplicationContext, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DEFAULT_RANKS, EventEnvelope, EventSubject, PayloadOf, RankLevel } from '@patt/contracts';
import { EventPartsLedger, EventPublisher, MESSAGING_OPTIONS, resolveOptions } from '@patt/messaging';
import { PersistenceModule } from '@patt/persistence';
import { loadConfig, runInContext, ServiceKitModule } from '@patt/service-kit';
import { createTestDatabase, TestDatabase } from '@patt/testing';
import { IDENTITY_ENTITIES } from '../../src/app/identity-data.module';
import { IdentityConfig } from '../../src/app/identity.config';
import { IDENTITY_FEATURES } from '../../src/app/identity.module';
import { IDENTITY_MIGRATIONS } from '../../src/migrations';

export interface IdentityHarness {
  db: TestDatabase;
  app: INestApplicationContext;
  dataSource: DataSource;
  get<T>(type: Type<T>): T;
  /** A query as the service's own role. */
  sql<R = Record<string, unknown>>(query: string, params?: unknown[]): Promise<R[]>;
  /** Runs `work` in a transaction, as the consumer runs a handler. */
  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  /** Runs `work` as a request of `actor` (an Officer unless told). */
  as<T>(work: () => Promise<T>, actor?: Partial<Actor>): Promise<T>;
  /** Events emitted so far, oldest first, optionally of one subject. */
  emitted<S extends EventSubject>(subject?: S): Promise<Array<EventEnvelope<S>>>;
  /** Forgets the events emitted so far. */
  clearOutbox(): Promise<void>;
  /** Empties every table but the ranks (put back to their defaults): a fresh guild for the next test. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startIdentity(env: Record<string, string> = {}): Promise<IdentityHarness> {
  const db = await createTestDatabase(['identity']);
  const url = db.urls['identity'] as string;
  const config = loadConfig('identity', IdentityConfig, { DATABASE_URL: url, HEALTH_PORT: '0', LOG_LEVEL: 'silent', ...env });

  @Global()
  @Module({
    providers: [
      { provide: MESSAGING_OPTIONS, useValue: resolveOptions({ service: 'identity', schema: 'identity', natsUrl: 'nats://unused:4222', subjectRoot: 'test', stream: 'TEST' }) },
      EventPublisher,
      EventPartsLedger,
    ],
    exports: [EventPublisher, EventPartsLedger, MESSAGING_OPTIONS],
  })
  class OutboxOnlyMessaging {}

  @Module({
    imports: [
      ServiceKitModule.forService({ name: 'identity', config, configClass: IdentityConfig }),
      PersistenceModule.forService({ schema: 'identity', url, entities: IDENTITY_ENTITIES, migrations: IDENTITY_MIGRATIONS, poolSize: 6 }),
      OutboxOnlyMessaging,
      ...IDENTITY_FEATURES,
    ],
  })
  class IdentityUnderTest {}

  let app: INestApplicationContext;
  try {
    app = await NestFactory.createApplicationContext(IdentityUnderTest, { logger: false });
    await app.init();
  } catch (error) {
    await db.drop();
    throw error;
  }
  const dataSource = app.get(DataSource);
  return {
    db,
    app,
    dataSource,
    get: (type) => app.get(type),
    sql: async (query, params) => (await dataSource.query(query, params)) as never[],
    inTransaction: (work) => dataSource.transaction(work),
    as: (work, actor = {}) =>
      runInContext(
        {
          correlationId: randomUUID(),
          actor: { userId: randomUUID(), personId: null, username: 'officer', rank: RankLevel.Officer, ...actor },
        },
        work,
      ),
    emitted: async <S extends EventSubject>(subject?: S) => {
      const rows = (await dataSource.query(
        `SELECT id, subject, payload, producer, correlation_id, occurred_at FROM outbox ${subject ? 'WHERE subject = $1' : ''} ORDER BY seq`,
        subject ? [subject] : [],
      )) as Array<{ id: string; subject: S; payload: PayloadOf<S>; producer: string; correlation_id: string | null; occurred_at: Date }>;
      return rows.map((row) => ({
        id: row.id,
        subject: row.subject,
        payload: row.payload,
        producer: row.producer,
        correlationId: row.correlation_id,
        occurredAt: row.occurred_at.toISOString(),
      }));
    },
    clearOutbox: async () => {
      await dataSource.query('DELETE FROM outbox');
    },
    reset: async () => {
      await dataSource.query(
        `TRUNCATE characters, discord_members, event_parts, members, links, suggestions, matching_requests, matching_runs,
           matching_conflicts, integrity_issues, integrity_reports, outbox, battlenet_accounts, battlenet_claims, battlenet_reminders`,
      );
      for (const rank of DEFAULT_RANKS) {
        await dataSource.query('UPDATE ranks SET name = $2, discord_role_id = NULL, game_rank_indexes = $3 WHERE level = $1', [
          rank.level,
          rank.name,
          rank.gameRankIndexes,
        ]);
      }
    },
    stop: async () => {
      await app.close();
      await db.drop();
    },
  };
}
