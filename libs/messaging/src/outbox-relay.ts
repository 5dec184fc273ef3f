import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { EventEnvelope, EventSubject, Headers } from '@patt/contracts';
import { Metrics } from '@patt/service-kit';
import { headers as natsHeaders } from 'nats';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { OUTBOX_CHANNEL } from './event-publisher';
import { JetStreamConnection } from './jetstream';
import { MESSAGING_OPTIONS, ResolvedMessagingOptions } from './options';
import { wireSubject } from './subjects';

interface OutboxRow {
  seq: string;
  id: string;
  subject: EventSubject;
  payload: unknown;
  producer: string;
  correlation_id: string | null;
  occurred_at: Date;
}

const encoder = new TextEncoder();

/**
 * Moves committed outbox rows to JetStream. Rows are claimed with FOR UPDATE SKIP LOCKED, and one
 * relay per schema works at a time (a transaction advisory lock), so events leave in the order
 * they were written. Each is published with Nats-Msg-Id = event id: when a relay dies after
 * publishing but before marking its rows, the next one publishes them again and JetStream drops
 * the duplicates.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private listener: Client | null = null;
  private lastCleanup = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jetstream: JetStreamConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    @Optional() metrics?: Metrics,
  ) {
    if (metrics) this.measureBacklog(metrics);
  }

  /**
   * The outbox's backlog, read from the table when Prometheus scrapes (one query for both gauges):
   * `messaging_outbox_unpublished_events` and `messaging_outbox_oldest_unpublished_age_seconds`
   * (0 when nothing waits). NaN when the database does not answer: unknown, not "empty".
   */
  private measureBacklog(metrics: Metrics): void {
    let reading: Promise<{ unpublished: number; oldest: number }> | null = null;
    const read = () =>
      (reading ??= this.dataSource
        .query(
          `SELECT count(*)::int AS unpublished, coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float8 AS oldest
             FROM "${this.options.schema}".outbox WHERE published_at IS NULL`,
        )
        .then(
          (rows: Array<{ unpublished: number; oldest: number }>) => rows[0] ?? { unpublished: 0, oldest: 0 },
          () => ({ unpublished: NaN, oldest: NaN }),
        )
        .finally(() => {
          reading = null;
        }));
    metrics.gauge({
      name: 'messaging_outbox_unpublished_events',
      help: 'Events written to this service’s outbox and not yet published to JetStream.',
      async collect() {
        this.set((await read()).unpublished);
      },
    });
    metrics.gauge({
      name: 'messaging_outbox_oldest_unpublished_age_seconds',
      help: 'How long the oldest unpublished event of this service’s outbox has waited (0 when none waits).',
      async collect() {
        this.set(Math.max(0, (await read()).oldest));
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jetstream.open();
    await this.start();
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  /** Publishes what is waiting, one batch; returns how many events left. */
  async relayBatch(): Promise<number> {
    const schema = this.options.schema;
    return this.dataSource.transaction(async (manager) => {
      const [lock] = (await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS acquired', [
        `patt-relay:${schema}`,
      ])) as Array<{ acquired: boolean }>;
      if (!lock?.acquired) return 0;
      const rows = (await manager.query(
        `SELECT seq, id, subject, payload, producer, correlation_id, occurred_at FROM "${schema}".outbox
          WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.relayBatchSize],
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      await Promise.all(rows.map((row) => this.publish(row)));
      await this.afterPublish(rows.length);
      await manager.query(`UPDATE "${schema}".outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
        rows.map((row) => row.seq),
      ]);
      return rows.length;
    });
  }

  /** A seam for the reliability tests: a relay that dies between publishing and marking. */
  protected async afterPublish(_count: number): Promise<void> {
    return;
  }

  private async publish(row: OutboxRow): Promise<void> {
    const envelope: EventEnvelope = {
      id: row.id,
      subject: row.subject,
      occurredAt: new Date(row.occurred_at).toISOString(),
      producer: row.producer,
      correlationId: row.correlation_id,
      payload: row.payload as EventEnvelope['payload'],
    };
    const headers = natsHeaders();
    if (row.correlation_id) headers.set(Headers.CorrelationId, row.correlation_id);
    await this.jetstream.js.publish(wireSubject(this.options.subjectRoot, row.subject), encoder.encode(JSON.stringify(envelope)), {
      msgID: row.id,
      headers,
      timeout: 5000,
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let relayed = 0;
      try {
        relayed = await this.relayBatch();
        failures = 0;
        await this.cleanup();
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0) {
          this.logger.warn({ err: error, failures }, 'could not relay outbox events; retrying');
        }
        await this.sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6)));
        continue;
      }
      if (relayed < this.options.relayBatchSize) await this.sleep(this.options.relayPollMs);
    }
  }

  /** Sleeps until the poll interval passes or a commit NOTIFYs the outbox channel. */
  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async listen(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) return;
    try {
      const client = new Client({ connectionString: url, application_name: `${this.options.schema}-relay` });
      client.on('notification', () => this.wake?.());
      client.on('error', (error) => {
        this.logger.warn({ err: error }, 'outbox listener lost; polling until restart');
        this.listener = null;
      });
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL(this.options.schema)}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot LISTEN for outbox commits; polling only');
    }
  }

  /** Published rows are kept a week for inspection; applied-event ids a month. */
  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 60 * 60 * 1000) return;
    this.lastCleanup = Date.now();
    const schema = this.options.schema;
    await this.dataSource.query(`DELETE FROM "${schema}".outbox WHERE published_at < now() - interval '7 days'`);
    await this.dataSource.query(`DELETE FROM "${schema}".inbox WHERE processed_at < now() - interval '30 days'`);
  }
}
