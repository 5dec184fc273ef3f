import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Readiness } from '@patt/service-kit';
import { EVENT_SUBJECTS } from '@patt/contracts';
import {
  connect,
  DiscardPolicy,
  JetStreamClient,
  JetStreamManager,
  NatsConnection,
  nanos,
  RetentionPolicy,
  StorageType,
  StreamConfig,
} from 'nats';
import { MESSAGING_OPTIONS, ResolvedMessagingOptions } from './options';
import { wireSubject } from './subjects';

/** The stream every event is kept in: explicit subjects, so request subjects never land in it. */
export function streamConfig(name: string, root: string): Partial<StreamConfig> & { name: string; subjects: string[] } {
  return {
    name,
    subjects: EVENT_SUBJECTS.map((subject) => wireSubject(root, subject)),
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(7 * 24 * 60 * 60 * 1000),
    max_msg_size: 1024 * 1024,
    // A relay that died between publishing and marking its rows re-publishes them when it comes
    // back; within this window JetStream drops them by their Nats-Msg-Id.
    duplicate_window: nanos(10 * 60 * 1000),
  };
}

/** Creates the stream, or widens its subjects when a newer contract added some. Idempotent. */
export async function ensureStream(jsm: JetStreamManager, name: string, root: string): Promise<void> {
  const wanted = streamConfig(name, root);
  try {
    const info = await jsm.streams.info(name);
    const missing = wanted.subjects.filter((s) => !info.config.subjects.includes(s));
    if (missing.length > 0) {
      await jsm.streams.update(name, { ...info.config, subjects: [...info.config.subjects, ...missing] });
    }
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add(wanted);
    } catch (addError) {
      // Another service created it between our look and our add.
      if (!String(addError).includes('already in use')) throw addError;
    }
  }
}

export function isNotFound(error: unknown): boolean {
  const text = String((error as { message?: string })?.message ?? error);
  return text.includes('not found') || (error as { code?: string })?.code === '404';
}

/**
 * The service's connection for events (Nest's request transport has its own). It reconnects for
 * as long as it takes, and is drained last at shutdown, after consumers and the relay stopped.
 */
@Injectable()
export class JetStreamConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('JetStream');
  private connection: NatsConnection | null = null;
  private manager: JetStreamManager | null = null;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    readiness: Readiness,
  ) {
    readiness.register('nats', async () => this.connection !== null && !this.connection.isClosed());
  }

  async open(): Promise<void> {
    if (this.connection) return;
    this.connection = await connect({
      servers: this.options.natsUrl.split(','),
      name: `${this.options.service}-events`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
    });
    void this.watch(this.connection);
    this.manager = await this.connection.jetstreamManager();
    await ensureStream(this.manager, this.options.stream, this.options.subjectRoot);
  }

  private async watch(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') {
        this.logger.warn({ status: status.type }, `NATS ${status.type}`);
      }
    }
  }

  get nc(): NatsConnection {
    if (!this.connection) throw new Error('JetStream connection is not open');
    return this.connection;
  }

  get js(): JetStreamClient {
    return this.nc.jetstream();
  }

  get jsm(): JetStreamManager {
    if (!this.manager) throw new Error('JetStream connection is not open');
    return this.manager;
  }

  async onApplicationShutdown(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    if (connection && !connection.isClosed()) await connection.drain();
  }
}
