// libs/messaging's metrics move when the thing they count happens: a durable consumer's (an event
// applied, a poison event retried and dead-lettered, a redelivered duplicate, a dead letter
// replayed or discarded) and the outbox's backlog, read at scrape.
import type { JsMsg } from 'nats';
import { DataSource } from 'typeorm';
import { Actor, consumerName, Events, RankLevel } from '@patt/contracts';
import { DeadLetterDesk, EventConsumers } from '@patt/messaging';
import { Metrics } from '@patt/service-kit';
import { createTestDatabase, eventually, MetricFamily, parsePrometheusText, testBus, TestDatabase } from '@patt/testing';
import { countEffects, probeOptions, ProbeOptions, startProbe } from '../messaging/probe';

jest.setTimeout(120_000);

const leader: Actor = { userId: '5b0c1a0e-0000-4000-8000-000000000001', personId: null, username: 'the-leader', rank: RankLevel.GuildLeader };

/** A sample's value (0 while its series does not exist); `name` may carry a histogram's `_count`. */
function sample(families: Map<string, MetricFamily>, name: string, labels: Record<string, string>): number {
  const family = families.get(name.replace(/_count$/, ''));
  expect({ name, declared: family !== undefined }).toEqual({ name, declared: true });
  const found = family?.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found?.value ?? 0;
}

describe('a durable consumer’s metrics', () => {
  let db: TestDatabase;
  let consumerDb: DataSource;
  let bus: ReturnType<typeof testBus>;

  const options = (role: 'producer' | 'consumer', overrides: Partial<ProbeOptions> = {}): ProbeOptions => probeOptions(db, bus, role, overrides);

  beforeAll(async () => {
    db = await createTestDatabase(['producer', 'consumer']);
    bus = testBus(db.token);
    consumerDb = await new DataSource({ type: 'postgres', url: db.urls['consumer'] }).initialize();
  });

  afterAll(async () => {
    await consumerDb?.destroy();
    await db?.drop();
  });

  it('counts events applied, retried and dead-lettered, redeliveries and batches, a duplicate, then dead letters replayed and discarded', async () => {
    const producer = await startProbe(options('producer'));
    const consumer = await startProbe(options('consumer', { maxAttempts: 3 }));
    try {
      const scrape = async () => parsePrometheusText(await consumer.app.get(Metrics).exposition());
      const durable = consumerName('consumer', Events.UserRegistered);
      await producer.producer.emit(5, 'member');
      await producer.producer.emit(2, 'poison');
      await eventually('five applied, the two poison events dead-lettered', async () => {
        const [{ n }] = (await consumerDb.query('SELECT count(*)::int AS n FROM dead_letters')) as [{ n: number }];
        return (await countEffects(consumerDb)).total === 5 && n === 2 ? true : undefined;
      }, 60_000);
      // The counts follow the commit: let the last batch's finish.
      const families = await eventually('counted', async () => {
        const scraped = await scrape();
        return sample(scraped, 'messaging_consumer_events_total', { consumer: durable, outcome: 'dead_lettered' }) === 2 ? scraped : undefined;
      }, 10_000);
      const events = (outcome: string) => sample(families, 'messaging_consumer_events_total', { consumer: durable, outcome });
      expect({ applied: events('applied'), retried: events('retried'), dead: events('dead_lettered'), duplicate: events('duplicate') }).toEqual({
        applied: 5,
        retried: 4, // deliveries 1 and 2 of each poison event; the third (maxAttempts) dead-letters it
        dead: 2,
        duplicate: 0,
      });
      expect(sample(families, 'messaging_consumer_redeliveries_total', { consumer: durable })).toBe(4);
      expect(sample(families, 'messaging_dead_letters_open', { consumer: durable })).toBe(2);
      expect(families.get('messaging_consumer_batch_duration_seconds')?.type).toBe('histogram');
      expect(sample(families, 'messaging_consumer_batch_duration_seconds_count', { consumer: durable })).toBeGreaterThanOrEqual(3);

      // An event delivered again after it was applied (its ack lost): acked, not applied, counted as a duplicate.
      const [{ event_id: eventId }] = (await consumerDb.query('SELECT event_id FROM effects LIMIT 1')) as [{ event_id: string }];
      const consumers = consumer.app.get(EventConsumers);
      const registration = consumers.registrations().find((r) => r.durable === durable);
      const envelope = { id: eventId, subject: Events.UserRegistered, occurredAt: new Date().toISOString(), payload: { userId: 'u0', personId: 'p0', username: 'member-0' } };
      const acks: string[] = [];
      const redelivered = {
        data: new TextEncoder().encode(JSON.stringify(envelope)),
        info: { redeliveryCount: 2 },
        headers: undefined,
        seq: 1,
        ack: () => acks.push('ack'),
        nak: () => acks.push('nak'),
      } as unknown as JsMsg;
      await consumers.applyBatch(registration!, [redelivered]);
      expect(acks).toEqual(['ack']);
      expect((await countEffects(consumerDb)).total).toBe(5);
      const after = await scrape();
      expect(sample(after, 'messaging_consumer_events_total', { consumer: durable, outcome: 'duplicate' })).toBe(1);
      expect(sample(after, 'messaging_consumer_events_total', { consumer: durable, outcome: 'applied' })).toBe(5);
      expect(sample(after, 'messaging_consumer_redeliveries_total', { consumer: durable })).toBe(5);

      // The dead letters repaired through the service's desk: each replay counted by how it ended,
      // each discard; and resolved ones are open no more. Every series is there at 0 beforehand.
      const desk = consumer.app.get(DeadLetterDesk);
      const repairs = async () => {
        const scraped = await scrape();
        const replays = (outcome: string) => sample(scraped, 'messaging_dead_letter_replays_total', { consumer: durable, outcome });
        return {
          applied: replays('applied'),
          alreadyApplied: replays('already_applied'),
          failed: replays('failed'),
          discarded: sample(scraped, 'messaging_dead_letters_discarded_total', { consumer: durable }),
          open: sample(scraped, 'messaging_dead_letters_open', { consumer: durable }),
        };
      };
      expect(parsePrometheusText(await consumer.app.get(Metrics).exposition()).get('messaging_dead_letter_replays_total')?.samples).toContainEqual({
        name: 'messaging_dead_letter_replays_total',
        labels: { consumer: durable, outcome: 'applied' },
        value: 0,
      });
      const [first, second] = (await desk.list({ limit: 10, offset: 0 })).items.map((item) => item.id.split('.')[1] as string);
      await expect(desk.replay({ row: first as string }, leader)).rejects.toMatchObject({ body: { message: expect.stringContaining('failed again') } });
      expect(await repairs()).toEqual({ applied: 0, alreadyApplied: 0, failed: 1, discarded: 0, open: 2 });
      consumer.handler.poisonCured = true;
      expect(await desk.replay({ row: first as string }, leader)).toMatchObject({ outcome: 'applied' });
      expect(await desk.discard({ row: second as string }, leader)).toBeNull();
      expect(await repairs()).toEqual({ applied: 1, alreadyApplied: 0, failed: 1, discarded: 1, open: 0 });
      // A refused one (resolved already) runs nothing and counts nothing.
      await expect(desk.discard({ row: second as string }, leader)).rejects.toMatchObject({ body: { message: expect.stringContaining('discarded already') } });
      expect(await repairs()).toEqual({ applied: 1, alreadyApplied: 0, failed: 1, discarded: 1, open: 0 });
    } finally {
      await consumer.close();
      await producer.close();
    }
  });

  it('reads the outbox backlog at scrape: what waits and how long the oldest has', async () => {
    const producer = await startProbe(options('producer'));
    try {
      const scrape = async () => parsePrometheusText(await producer.app.get(Metrics).exposition());
      await producer.relay.stop();
      const idle = await scrape();
      expect(sample(idle, 'messaging_outbox_unpublished_events', {})).toBe(0);
      expect(sample(idle, 'messaging_outbox_oldest_unpublished_age_seconds', {})).toBe(0);
      await producer.producer.emit(3, 'waiting');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const waiting = await scrape();
      expect(sample(waiting, 'messaging_outbox_unpublished_events', {})).toBe(3);
      const age = sample(waiting, 'messaging_outbox_oldest_unpublished_age_seconds', {});
      expect(age).toBeGreaterThanOrEqual(1);
      expect(age).toBeLessThan(60);
      expect(await producer.relay.relayBatch()).toBe(3);
      const drained = await scrape();
      expect(sample(drained, 'messaging_outbox_unpublished_events', {})).toBe(0);
      expect(sample(drained, 'messaging_outbox_oldest_unpublished_age_seconds', {})).toBe(0);
    } finally {
      await producer.close();
    }
  });

  it('reads each consumer’s lag from JetStream at scrape: events not yet delivered, delivered and not acked', async () => {
    const producer = await startProbe(options('producer'));
    // 100 ms an event: the batch of 20 stays unacknowledged for two seconds.
    const consumer = await startProbe(options('consumer', { handlerDelayMs: 100 }));
    try {
      const durable = consumerName('consumer', Events.UserRegistered);
      const lagOf = async () => {
        const families = parsePrometheusText(await consumer.app.get(Metrics).exposition());
        return {
          pending: sample(families, 'messaging_consumer_pending_events', { consumer: durable }),
          unacked: sample(families, 'messaging_consumer_unacked_events', { consumer: durable }),
        };
      };
      await producer.producer.emit(20, 'slow', 20);
      const behind = await eventually('a backlog seen', async () => {
        const lag = await lagOf();
        return lag.pending + lag.unacked > 0 ? lag : undefined;
      }, 30_000, 50);
      expect(behind.pending + behind.unacked).toBeLessThanOrEqual(23);
      // The earlier test's three relayed events arrive here too; these twenty are the slow ones.
      const slowApplied = async () => ((await consumerDb.query(`SELECT count(*)::int AS n FROM effects WHERE username LIKE 'slow-%'`)) as [{ n: number }])[0].n;
      await eventually('all applied', async () => ((await slowApplied()) === 20 ? true : undefined), 60_000);
      expect(await eventually('caught up', async () => {
        const lag = await lagOf();
        return lag.pending === 0 && lag.unacked === 0 ? lag : undefined;
      }, 10_000)).toEqual({ pending: 0, unacked: 0 });
    } finally {
      await consumer.close();
      await producer.close();
    }
  });
});
