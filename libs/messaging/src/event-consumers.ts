import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { BUS_SERVICES, BusService, EVENT_ACCESS, EventEnvelope, EventSubject, Headers } from '@patt/contracts';
import { correlationIdFrom, Metrics, runInContext } from '@patt/service-kit';
import { performance } from 'node:perf_hooks';
import { AckPolicy, Consumer, ConsumerMessages, DeliverPolicy, JsMsg, nanos } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { JetStreamConnection, isNotFound } from './jetstream';
import { EventHandler, ON_EVENT, OnEventMetadata } from './on-event.decorator';
import { MESSAGING_OPTIONS, ResolvedMessagingOptions } from './options';
import { consumerName, wireSubject } from './subjects';

export interface Registration {
  subject: EventSubject;
  durable: string;
  handler: EventHandler<EventSubject>;
}

type Outcome = { kind: 'ack'; applied: boolean } | { kind: 'retry'; delayMs: number; error: unknown } | { kind: 'dead'; error: string };

const decoder = new TextDecoder();

/** What became of a delivered event, as `messaging_consumer_events_total` counts it. */
type CountedOutcome = 'applied' | 'duplicate' | 'retried' | 'dead_lettered';

interface Lag {
  consumer: string;
  pending: number;
  unacked: number;
}

/** The consumers' families; the `consumer` label is the durable's name (one per service and subject). */
function consumerMetrics(metrics: Metrics, readLag: () => Promise<Lag[]>, readDeadLetters: () => Promise<Map<string, number>>) {
  // Both lag gauges are read from one round of consumer infos per scrape.
  let reading: Promise<Lag[]> | null = null;
  const lag = () =>
    (reading ??= readLag().finally(() => {
      reading = null;
    }));
  return {
    pending: metrics.gauge({
      name: 'messaging_consumer_pending_events',
      help: 'Events in the stream a durable consumer has not been delivered yet (JetStream’s num_pending; the same on every replica of the service). NaN when JetStream does not answer.',
      labelNames: ['consumer'],
      async collect() {
        for (const { consumer, pending } of await lag()) this.set({ consumer }, pending);
      },
    }),
    deadLetters: metrics.gauge({
      name: 'messaging_dead_letters_open',
      help: 'Dead letters of a durable consumer that no one has replayed or discarded yet (the service’s dead_letters table, read at scrape). NaN when the database does not answer.',
      labelNames: ['consumer'],
      async collect() {
        for (const [consumer, open] of await readDeadLetters()) this.set({ consumer }, open);
      },
    }),
    unacked: metrics.gauge({
      name: 'messaging_consumer_unacked_events',
      help: 'Events delivered to a durable consumer and not yet acknowledged (JetStream’s num_ack_pending). NaN when JetStream does not answer.',
      labelNames: ['consumer'],
      async collect() {
        for (const { consumer, unacked } of await lag()) this.set({ consumer }, unacked);
      },
    }),
    events: metrics.counter({
      name: 'messaging_consumer_events_total',
      help: 'Event deliveries a durable consumer handled, by outcome: applied, duplicate (in the inbox already), retried (nak for a later delivery), dead_lettered.',
      labelNames: ['consumer', 'outcome'],
    }),
    redeliveries: metrics.counter({
      name: 'messaging_consumer_redeliveries_total',
      help: 'Deliveries of an event after its first (a failure, a lost ack or a restart before the ack).',
      labelNames: ['consumer'],
    }),
    batches: metrics.histogram({
      name: 'messaging_consumer_batch_duration_seconds',
      help: 'How long a durable consumer took to apply one batch of events, its transaction included.',
      labelNames: ['consumer'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
  };
}

/**
 * A service of the bus consumes only what the contracts say it does (EVENT_ACCESS): its NATS user
 * may create no other consumer, so a handler of anything else is refused at start, with the fix.
 */
function undeclaredConsumption(service: string, subject: EventSubject): void {
  if (!(BUS_SERVICES as readonly string[]).includes(service)) return;
  if (EVENT_ACCESS[subject].consumers.includes(service as BusService)) return;
  throw new Error(
    `${service} handles ${subject}, which the contracts do not let it consume: add it to the consumers of ${subject} in libs/contracts/src/bus/access.ts (EVENT_ACCESS) and regenerate the NATS authorization (npm run nats:config)`,
  );
}

/** Exponential backoff with full jitter for redelivery of an event that failed. */
export function retryDelay(delivery: number): number {
  const ceiling = Math.min(30_000, 250 * 2 ** Math.max(0, delivery - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Runs the service's durable consumers. Each pulls its subject, applies a batch of events in one
 * transaction (one savepoint each, so one failing event does not undo the others), records each
 * in the inbox with its effects, and acks only after the commit. A redelivered event finds its
 * inbox row and is acked without being applied again. An event that fails `maxAttempts` times
 * goes to the dead-letter table and stops blocking the rest.
 */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventConsumers.name);
  private readonly loops: Array<{ stop: () => Promise<void> }> = [];
  /** The durables this process consumes, by name: their lag is read from JetStream at scrape. */
  private readonly consumers = new Map<string, Consumer>();
  /** Absent where the app has no service-kit (a bare context in a test): nothing is counted. */
  private readonly metrics?: ReturnType<typeof consumerMetrics>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly jetstream: JetStreamConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    @Optional() metrics?: Metrics,
  ) {
    this.metrics = metrics ? consumerMetrics(metrics, () => this.lag(), () => this.openDeadLetters()) : undefined;
  }

  private found: Registration[] | null = null;

  /** The consumer of that durable name among this service's handlers; undefined if none is any more. */
  registration(durable: string): Registration | undefined {
    this.found ??= this.registrations();
    return this.found.find((r) => r.durable === durable);
  }

  registrations(): Registration[] {
    const found: Registration[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || wrapper.isNotMetatype) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const meta = this.reflector.get<OnEventMetadata | undefined>(ON_EVENT, fn as () => unknown);
        if (!meta) continue;
        undeclaredConsumption(this.options.service, meta.subject);
        const durable = consumerName(this.options.service, meta.subject);
        if (found.some((r) => r.durable === durable)) {
          throw new Error(`${this.options.service} has two handlers for ${meta.subject}; keep one`);
        }
        found.push({ subject: meta.subject, durable, handler: (fn as EventHandler<EventSubject>).bind(instance) });
      }
    }
    return found;
  }

  async onApplicationBootstrap(): Promise<void> {
    const registrations = this.registrations();
    if (registrations.length === 0) return;
    await this.jetstream.open();
    for (const registration of registrations) {
      const consumer = await this.ensureConsumer(registration);
      this.consumers.set(registration.durable, consumer);
      this.loops.push(this.consume(registration, consumer));
    }
    this.logger.log({ consumers: registrations.map((r) => r.durable) }, 'consuming events');
  }

  /** Each durable's backlog as JetStream counts it (one info request each). */
  private lag(): Promise<Lag[]> {
    return Promise.all(
      [...this.consumers].map(([consumer, handle]) =>
        handle.info().then(
          (info): Lag => ({ consumer, pending: info.num_pending, unacked: info.num_ack_pending }),
          (): Lag => ({ consumer, pending: NaN, unacked: NaN }),
        ),
      ),
    );
  }

  /** Open dead letters by consumer: 0 for each of this process's consumers without any. */
  private async openDeadLetters(): Promise<Map<string, number>> {
    const open = new Map<string, number>([...this.consumers.keys()].map((consumer) => [consumer, 0]));
    if (open.size === 0) return open;
    try {
      const rows = (await this.dataSource.query(
        `SELECT consumer, count(*)::int AS n FROM "${this.options.schema}".dead_letters WHERE resolution IS NULL GROUP BY consumer`,
      )) as Array<{ consumer: string; n: number }>;
      for (const row of rows) open.set(row.consumer, row.n);
    } catch {
      for (const consumer of open.keys()) open.set(consumer, NaN);
    }
    return open;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.loops.splice(0).map((loop) => loop.stop()));
  }

  private async ensureConsumer(registration: Registration): Promise<Consumer> {
    const config = {
      durable_name: registration.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: wireSubject(this.options.subjectRoot, registration.subject),
      ack_wait: nanos(this.options.ackWaitSeconds * 1000),
      // Dead-lettering is ours (it must write a row); JetStream keeps redelivering until we say.
      max_deliver: -1,
      max_ack_pending: 10_000,
    };
    const jsm = this.jetstream.jsm;
    try {
      await jsm.consumers.info(this.options.stream, registration.durable);
      await jsm.consumers.update(this.options.stream, registration.durable, {
        ack_wait: config.ack_wait,
        max_ack_pending: config.max_ack_pending,
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await jsm.consumers.add(this.options.stream, config).catch((addError: unknown) => {
        if (!String(addError).includes('already')) throw addError;
      });
    }
    return this.jetstream.js.consumers.get(this.options.stream, registration.durable);
  }

  /**
   * One consumer's loop. Messages are taken from JetStream as an iterator, so the library pulls
   * more only as this loop takes them: at most two batches wait in memory, and none sits there
   * long enough for its ack_wait to run out. They are applied in batches.
   */
  private consume(registration: Registration, consumer: Consumer): { stop: () => Promise<void> } {
    const limit = this.options.batchSize * 2;
    const queue: JsMsg[] = [];
    let wakeApplier: (() => void) | null = null;
    let wakePuller: (() => void) | null = null;
    let stopping = false;
    let messages: ConsumerMessages | null = null;
    const wait = (set: (wake: () => void) => void, ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        set(() => {
          clearTimeout(timer);
          resolve();
        });
      });

    const pull = async () => {
      while (!stopping) {
        try {
          messages = await consumer.consume({ max_messages: this.options.batchSize });
          for await (const message of messages) {
            queue.push(message);
            wakeApplier?.();
            while (queue.length >= limit && !stopping) await wait((wake) => (wakePuller = wake), 1000);
            if (stopping) break;
          }
        } catch (error) {
          if (!stopping) this.logger.warn({ err: error, consumer: registration.durable }, 'event pull interrupted; resuming');
        }
        if (!stopping) await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };

    const apply = async () => {
      while (!stopping) {
        if (queue.length === 0) {
          await wait((wake) => (wakeApplier = wake), 1000);
          continue;
        }
        const batch = queue.splice(0, this.options.batchSize);
        wakePuller?.();
        await this.applyBatch(registration, batch);
      }
    };

    const pulling = pull();
    const applying = apply();
    return {
      stop: async () => {
        stopping = true;
        wakeApplier?.();
        wakePuller?.();
        // The batch in hand finishes; what waits behind it is handed back at once.
        await applying;
        messages?.stop();
        await pulling;
        queue.splice(0).forEach((message) => message.nak());
        await this.jetstream.nc.flush().catch(() => undefined);
      },
    };
  }

  async applyBatch(registration: Registration, batch: JsMsg[]): Promise<void> {
    const started = performance.now();
    let outcomes: Outcome[];
    try {
      outcomes = (await this.applyAtOnce(registration, batch)) ?? (await this.applyOneByOne(registration, batch));
    } catch (error) {
      // The commit itself failed: nothing of the batch was applied; all of it comes again.
      this.logger.warn({ err: error, consumer: registration.durable }, 'event batch not committed; will be redelivered');
      batch.forEach((message) => message.nak(retryDelay(message.info.redeliveryCount)));
      this.count(registration, batch, batch.map(() => 'retried'), started);
      return;
    }
    batch.forEach((message, index) => {
      const outcome = outcomes[index];
      if (outcome?.kind === 'retry') message.nak(outcome.delayMs);
      else message.ack();
    });
    this.count(
      registration,
      batch,
      outcomes.map((o): CountedOutcome => (o.kind === 'retry' ? 'retried' : o.kind === 'dead' ? 'dead_lettered' : o.applied ? 'applied' : 'duplicate')),
      started,
    );
  }

  /** After the commit (or its failure): what the batch's deliveries came to, and its time. */
  private count(registration: Registration, batch: JsMsg[], outcomes: CountedOutcome[], started: number): void {
    if (!this.metrics) return;
    const consumer = registration.durable;
    const tally = new Map<CountedOutcome, number>();
    for (const outcome of outcomes) tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
    for (const [outcome, n] of tally) this.metrics.events.inc({ consumer, outcome }, n);
    const redelivered = batch.filter((message) => message.info.redeliveryCount > 1).length;
    if (redelivered > 0) this.metrics.redeliveries.inc({ consumer }, redelivered);
    this.metrics.batches.observe({ consumer }, (performance.now() - started) / 1000);
  }

  /**
   * The usual case, in as few round trips as it takes: the batch's inbox rows in one statement,
   * then each new event's handler, all in one transaction. Returns null, having changed nothing,
   * when an event fails or is due for the dead-letter table: the careful path handles those.
   */
  private async applyAtOnce(registration: Registration, batch: JsMsg[]): Promise<Outcome[] | null> {
    const envelopes = batch.map((message) => this.decode(message));
    if (envelopes.some((envelope, i) => !envelope || (batch[i] as JsMsg).info.redeliveryCount > this.options.maxAttempts)) return null;
    const schema = this.options.schema;
    const failed = Symbol('failed');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const ids = (envelopes as EventEnvelope[]).map((envelope) => envelope.id);
        const recorded = (await manager.query(
          `INSERT INTO "${schema}".inbox (consumer, event_id, subject)
           SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id ON CONFLICT DO NOTHING RETURNING event_id`,
          [registration.durable, ids, registration.subject],
        )) as Array<{ event_id: string }>;
        const fresh = new Set(recorded.map((row) => row.event_id));
        const applied = new Set<number>();
        for (const [index, envelope] of (envelopes as EventEnvelope[]).entries()) {
          if (!fresh.has(envelope.id)) continue;
          fresh.delete(envelope.id); // the same event twice in one batch is applied once
          applied.add(index);
          const message = batch[index] as JsMsg;
          const correlationId = correlationIdFrom(envelope.correlationId ?? message.headers?.get(Headers.CorrelationId));
          const delivery = message.info.redeliveryCount;
          try {
            await runInContext({ correlationId }, async () => {
              await registration.handler(envelope, { manager, delivery });
              this.logger.debug({ eventId: envelope.id, subject: registration.subject, delivery }, 'event applied');
            });
          } catch {
            throw failed;
          }
        }
        return batch.map((_message, index): Outcome => ({ kind: 'ack', applied: applied.has(index) }));
      });
    } catch (error) {
      if (error === failed) return null;
      throw error;
    }
  }

  /** Each event behind its own savepoint, so one failing event does not undo the others. */
  private applyOneByOne(registration: Registration, batch: JsMsg[]): Promise<Outcome[]> {
    return this.dataSource.transaction(async (manager) => {
      const results: Outcome[] = [];
      for (const message of batch) results.push(await this.applyOne(registration, message, manager));
      return results;
    });
  }

  private async applyOne(registration: Registration, message: JsMsg, manager: EntityManager): Promise<Outcome> {
    const schema = this.options.schema;
    const delivery = message.info.redeliveryCount;
    const envelope = this.decode(message);
    const eventId = envelope?.id ?? message.headers?.get('Nats-Msg-Id') ?? null;
    if (!envelope || !eventId) {
      await this.deadLetter(manager, registration, message, null, 'the message is not an event envelope', delivery);
      return { kind: 'dead', error: 'malformed' };
    }
    await manager.query('SAVEPOINT patt_event');
    try {
      const recorded = (await manager.query(
        `INSERT INTO "${schema}".inbox (consumer, event_id, subject) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [registration.durable, eventId, registration.subject],
      )) as unknown[];
      if (recorded.length === 0) {
        await manager.query('RELEASE SAVEPOINT patt_event');
        return { kind: 'ack', applied: false };
      }
      if (delivery > this.options.maxAttempts) {
        // It was delivered that often without being acked (a crash while applying it, say):
        // apply it no more.
        throw new GiveUp(`gave up after ${delivery - 1} deliveries without an ack`);
      }
      const correlationId = correlationIdFrom(envelope.correlationId ?? message.headers?.get(Headers.CorrelationId));
      await runInContext({ correlationId }, async () => {
        await registration.handler(envelope, { manager, delivery });
        this.logger.debug({ eventId, subject: registration.subject, delivery }, 'event applied');
      });
      await manager.query('RELEASE SAVEPOINT patt_event');
      return { kind: 'ack', applied: true };
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT patt_event');
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof GiveUp || delivery >= this.options.maxAttempts) {
        await this.deadLetter(manager, registration, message, envelope, reason, delivery);
        this.logger.error({ eventId, subject: registration.subject, attempts: delivery, reason }, 'event dead-lettered');
        return { kind: 'dead', error: reason };
      }
      this.logger.warn({ eventId, subject: registration.subject, attempt: delivery, reason }, 'event failed; will retry');
      return { kind: 'retry', delayMs: retryDelay(delivery), error };
    }
  }

  private async deadLetter(
    manager: EntityManager,
    registration: Registration,
    message: JsMsg,
    envelope: EventEnvelope | null,
    error: string,
    attempts: number,
  ): Promise<void> {
    const schema = this.options.schema;
    const eventId = envelope?.id ?? message.headers?.get('Nats-Msg-Id') ?? `00000000-0000-0000-0000-${String(message.seq).padStart(12, '0')}`;
    await manager.query(
      `INSERT INTO "${schema}".dead_letters (consumer, event_id, subject, envelope, error, attempts)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6) ON CONFLICT (consumer, event_id) DO NOTHING`,
      [registration.durable, eventId, registration.subject, envelope ? JSON.stringify(envelope) : null, error.slice(0, 2000), attempts],
    );
    // Marked as dead-lettering's own, so a replay can tell it from an event that was applied.
    await manager.query(
      `INSERT INTO "${schema}".inbox (consumer, event_id, subject, dead_lettered) VALUES ($1, $2, $3, true) ON CONFLICT DO NOTHING`,
      [registration.durable, eventId, registration.subject],
    );
  }

  private decode(message: JsMsg): EventEnvelope | null {
    try {
      const value = JSON.parse(decoder.decode(message.data)) as EventEnvelope;
      return typeof value?.id === 'string' && typeof value.subject === 'string' && 'payload' in value ? value : null;
    } catch {
      return null;
    }
  }
}

class GiveUp extends Error {}
