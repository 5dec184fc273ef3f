import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase, eventually, freePort, startNatsServer, startProcess, testBus, TestDatabase } from '@patt/testing';
import { EventPublisher, OutboxRelay } from '@patt/messaging';
import { countEffects, probeOptions, ProbeOptions, startProbe } from './probe';

jest.setTimeout(120_000);

/** The backbone's waits: thousands of events through a real relay, stream and consumer. */
const WAIT_MS = 60_000;

/** A probe for `eventually`: the value once `done` holds of it. */
function until<T>(probe: () => Promise<T>, done: (value: T) => boolean): () => Promise<T | undefined> {
  return async () => {
    const value = await probe();
    return done(value) ? value : undefined;
  };
}

describe('the event backbone: outbox, relay, JetStream, durable consumers, inbox', () => {
  let db: TestDatabase;
  let consumerDb: DataSource;
  let producerDb: DataSource;
  let bus: ReturnType<typeof testBus>;

  const options = (role: 'producer' | 'consumer', overrides: Partial<ProbeOptions> = {}): ProbeOptions => probeOptions(db, bus, role, overrides);

  beforeEach(async () => {
    db = await createTestDatabase(['producer', 'consumer']);
    bus = testBus(db.token);
    consumerDb = await new DataSource({ type: 'postgres', url: db.urls['consumer'] }).initialize();
    producerDb = await new DataSource({ type: 'postgres', url: db.urls['producer'] }).initialize();
  });

  afterEach(async () => {
    await consumerDb?.destroy();
    await producerDb?.destroy();
    await db?.drop();
  });

  it('applies each of 1,000 events exactly once after the consumer was down while they were published', async () => {
    const producer = await startProbe(options('producer'));
    // The consumer has never run: its durable consumer does not even exist yet. The stream keeps
    // the events; the consumer created at start reads them from the beginning.
    await producer.producer.emit(1000, 'member', 10);
    await eventually('outbox drained', until(() => producer.producer.unpublished(), (n) => n === 0), WAIT_MS);
    const consumer = await startProbe(options('consumer'));
    await consumer.close();
    await producer.producer.emit(1000, 'later', 10);
    await eventually('outbox drained again', until(() => producer.producer.unpublished(), (n) => n === 0), WAIT_MS);
    // Now the durable consumer exists and is down while 1,000 more arrive.
    const restarted = await startProbe(options('consumer'));
    const effects = await eventually('all applied', until(() => countEffects(consumerDb), (c) => c.distinct >= 2000), WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await countEffects(consumerDb)).toEqual({ total: 2000, distinct: 2000 });
    expect(effects.distinct).toBe(2000);
    await restarted.close();
    await producer.close();
  });

  it('publishes nothing of a transaction that rolled back', async () => {
    const producer = await startProbe(options('producer'));
    const consumer = await startProbe(options('consumer'));
    const events = producer.app.get(EventPublisher);
    await producerDb
      .transaction(async (manager) => {
        await events.emit(manager, 'patt.auth.user-registered', { userId: 'x', personId: 'y', username: 'rolled-back' });
        throw new Error('the state change failed');
      })
      .catch(() => undefined);
    await producer.producer.emit(1, 'committed');
    await eventually('committed applied', until(() => countEffects(consumerDb), (c) => c.total === 1), WAIT_MS);
    const rows = (await consumerDb.query('SELECT username FROM effects')) as Array<{ username: string }>;
    expect(rows.map((r) => r.username)).toEqual(['committed-0']);
    await consumer.close();
    await producer.close();
  });

  it('drops the duplicates of a relay that died after publishing and before marking its rows', async () => {
    class DyingRelay extends OutboxRelay {
      dies = true;
      protected override async afterPublish(): Promise<void> {
        if (this.dies) {
          this.dies = false;
          throw new Error('the relay died before marking its rows');
        }
      }
    }
    const producer = await startProbe(options('producer'));
    await producer.relay.stop();
    const consumer = await startProbe(options('consumer'));
    await producer.producer.emit(50, 'member', 50);
    const relay = producer.relay as OutboxRelay;
    Object.setPrototypeOf(relay, DyingRelay.prototype);
    (relay as DyingRelay).dies = true;
    await expect(relay.relayBatch()).rejects.toThrow('died');
    expect(await producer.producer.unpublished()).toBe(50);
    // The 50 events are in the stream already; the next pass publishes all 50 again.
    expect(await relay.relayBatch()).toBe(50);
    expect(await producer.producer.unpublished()).toBe(0);
    await eventually('applied', until(() => countEffects(consumerDb), (c) => c.total >= 50), WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await countEffects(consumerDb)).toEqual({ total: 50, distinct: 50 });
    await consumer.close();
    await producer.close();
  });

  it('dead-letters a poison event after its attempts without blocking the others', async () => {
    const producer = await startProbe(options('producer'));
    const consumer = await startProbe(options('consumer', { maxAttempts: 3 }));
    await producer.producer.emit(20, 'member');
    await producer.producer.emit(1, 'poison');
    await producer.producer.emit(20, 'after');
    await eventually('others applied', until(() => countEffects(consumerDb), (c) => c.total === 40), WAIT_MS);
    const dead = await eventually(
      'poison dead-lettered',
      until(async () => (await consumerDb.query('SELECT subject, attempts, error, envelope FROM dead_letters')) as Array<{ subject: string; attempts: number; error: string; envelope: { payload: { username: string } } }>, (rows) => rows.length === 1),
      30_000,
    );
    expect(dead[0]).toMatchObject({ subject: 'patt.auth.user-registered', attempts: 3, error: 'this event cannot be applied' });
    expect(dead[0]?.envelope.payload.username).toBe('poison-0');
    expect(await countEffects(consumerDb)).toEqual({ total: 40, distinct: 40 });
    await consumer.close();
    await producer.close();
  });

  it('loses nothing and applies nothing twice when the consumer is SIGKILLed mid-batch', async () => {
    const producer = await startProbe(options('producer'));
    await producer.producer.emit(1500, 'member', 50);
    await eventually('outbox drained', until(() => producer.producer.unpublished(), (n) => n === 0), WAIT_MS);
    const port = await freePort();
    const env = {
      PROBE_SERVICE: 'consumer',
      PROBE_SCHEMA: 'consumer',
      DATABASE_URL: db.urls['consumer'] as string,
      NATS_URL: bus.natsUrl,
      NATS_SUBJECT_ROOT: bus.subjectRoot,
      NATS_STREAM: bus.stream,
      PROBE_DELAY_MS: '2',
      PORT: String(port),
    };
    const start = () =>
      startProcess('probe', { script: join(__dirname, 'probe-main.ts'), env, timeoutMs: 30_000, readyLine: 'probe ready' });
    const first = await start();
    await eventually('half applied', until(() => countEffects(consumerDb), (c) => c.total >= 400), WAIT_MS);
    await first.kill();
    const halfway = await countEffects(consumerDb);
    expect(halfway.total).toBeLessThan(1500);
    const second = await start();
    await eventually('all applied', until(() => countEffects(consumerDb), (c) => c.distinct === 1500), 90_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await countEffects(consumerDb)).toEqual({ total: 1500, distinct: 1500 });
    await second.stop();
    await producer.close();
  });

  it('stops gracefully on SIGTERM: the batch in hand finishes, and a restart applies the rest exactly once', async () => {
    const producer = await startProbe(options('producer'));
    await producer.producer.emit(600, 'member', 50);
    await eventually('outbox drained', until(() => producer.producer.unpublished(), (n) => n === 0), WAIT_MS);
    const env = {
      PROBE_SERVICE: 'consumer',
      PROBE_SCHEMA: 'consumer',
      DATABASE_URL: db.urls['consumer'] as string,
      NATS_URL: bus.natsUrl,
      NATS_SUBJECT_ROOT: bus.subjectRoot,
      NATS_STREAM: bus.stream,
      PROBE_DELAY_MS: '5',
    };
    const start = () => startProcess('probe', { script: join(__dirname, 'probe-main.ts'), env, timeoutMs: 30_000, readyLine: 'probe ready' });
    const first = await start();
    await eventually('some applied', until(() => countEffects(consumerDb), (c) => c.total >= 100), WAIT_MS);
    const stoppedAt = Date.now();
    await first.stop('SIGTERM');
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    // The batch in hand was finished and committed, none half-applied.
    const applied = await countEffects(consumerDb);
    expect(applied.total).toBe(applied.distinct);
    expect(first.output.join('\n')).not.toMatch(/"level":"error"|ERROR/);
    const second = await start();
    await eventually('all applied', until(() => countEffects(consumerDb), (c) => c.distinct === 600), WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await countEffects(consumerDb)).toEqual({ total: 600, distinct: 600 });
    await second.stop();
    await producer.close();
  });

  describe('with a NATS of its own that restarts while events flow', () => {
    let nats: ChildProcess;
    let store: string;
    let port: number;

    beforeEach(async () => {
      port = await freePort();
      store = mkdtempSync(join(tmpdir(), 'patt-nats-'));
      nats = await startNatsServer(port, store);
    });

    afterEach(async () => {
      nats.kill('SIGKILL');
      rmSync(store, { recursive: true, force: true });
    });

    it('reconnects by itself, drains the outbox and applies everything exactly once', async () => {
      const natsUrl = `nats://127.0.0.1:${port}`;
      const producer = await startProbe(options('producer', { natsUrl }));
      const consumer = await startProbe(options('consumer', { natsUrl }));
      await producer.producer.emit(200, 'before', 10);
      await eventually('first half applied', until(() => countEffects(consumerDb), (c) => c.total >= 100), WAIT_MS);
      nats.kill('SIGTERM');
      await new Promise((resolve) => nats.once('exit', resolve));
      // Events keep being written while NATS is away: they wait in the outbox.
      await producer.producer.emit(200, 'during', 10);
      expect(await producer.producer.unpublished()).toBeGreaterThan(0);
      nats = await startNatsServer(port, store);
      await producer.producer.emit(200, 'after', 10);
      await eventually('all applied', until(() => countEffects(consumerDb), (c) => c.distinct === 600), WAIT_MS);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await countEffects(consumerDb)).toEqual({ total: 600, distinct: 600 });
      expect(await producer.producer.unpublished()).toBe(0);
      await consumer.close();
      await producer.close();
    });
  });
});
