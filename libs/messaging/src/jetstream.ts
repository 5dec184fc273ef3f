import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { natsAuthOptions, Readiness } from '@patt/service-kit';
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

/**
 * The stream every event is kept in: explicit subjects, so request subjects never land in it.
 * `replicas`: how many servers of a JetStream cluster keep each event (1 on a single server; the
 * bus setup's NATS_STREAM_REPLICAS, 3 on the Kubernetes cluster of three).
 */
export function streamConfig(name: string, root: string, replicas = 1): Partial<StreamConfig> & { name: string; subjects: string[] } {
  return {
    name,
    subjects: EVENT_SUBJECTS.map((subject) => wireSubject(root, subject)),
    num_replicas: replicas,
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

/**
 * Creates the stream, or widens its subjects when a newer contract added some. Idempotent.
 * `replicas` is the bus setup's: given, a stream kept on another number of servers is changed to
 * it (JetStream moves the data); left out (the services), the stream's replicas are not touched,
 * and a stream the service makes itself (an open bus) has one.
 */
export async function ensureStream(jsm: JetStreamManager, name: string, root: string, replicas?: number): Promise<void> {
  const wanted = streamConfig(name, root, replicas);
  try {
    const info = await jsm.streams.info(name);
    const missing = wanted.subjects.filter((s) => !info.config.subjects.includes(s));
    const replicasDiffer = replicas !== undefined && info.config.num_replicas !== replicas;
    if (missing.length > 0 || replicasDiffer) {
      await jsm.streams.update(name, {
        ...info.config,
        subjects: [...info.config.subjects, ...missing],
        ...(replicas !== undefined ? { num_replicas: replicas } : {}),
      });
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

/** A request NATS refused to this connection's user (its permissions do not hold the subject). */
export function isPermissionViolation(error: unknown): boolean {
  const text = String((error as { message?: string })?.message ?? error);
  return (error as { code?: string })?.code === 'PERMISSIONS_VIOLATION' || text.includes('Permissions Violation');
}

/**
 * The stream as a service finds it. On an open bus the service creates or widens it itself; on a
 * bus with users only the setup step may (setupBus), so a service whose user may not waits for
 * the stream to be there with every subject it needs, saying once what it waits for.
 */
export async function awaitStream(
  jsm: JetStreamManager,
  name: string,
  root: string,
  options: { pollMs?: number; onWait?: (missing: string[]) => void } = {},
): Promise<void> {
  let told = false;
  for (;;) {
    try {
      await ensureStream(jsm, name, root);
      return;
    } catch (error) {
      if (!isPermissionViolation(error)) throw error;
    }
    if (!told) {
      told = true;
      options.onWait?.(await missingSubjects(jsm, name, root));
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, options.pollMs ?? 1000));
  }
}

async function missingSubjects(jsm: JetStreamManager, name: string, root: string): Promise<string[]> {
  const wanted = streamConfig(name, root).subjects;
  try {
    const info = await jsm.streams.info(name);
    return wanted.filter((s) => !info.config.subjects.includes(s));
  } catch {
    return wanted;
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
  private readonly logger = new Logger(JetStreamConnection.name);
  private connection: NatsConnection | null = null;
  private manager: JetStreamManager | null = null;
  /** The open in progress or done: the consumers and the relay both open at bootstrap, at once. */
  private opening: Promise<void> | null = null;
  /** Shut down: a connection still being made is closed as soon as it is. */
  private closed = false;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    readiness: Readiness,
  ) {
    readiness.register('nats', async () => this.connection !== null && !this.connection.isClosed());
  }

  /**
   * Opens the connection, once: callers at the same time share the one open (two would each make
   * a connection, and the one not kept would never be drained). An open that failed is tried again
   * by the next caller.
   */
  open(): Promise<void> {
    this.opening ??= this.connectAndAwaitStream().catch((error: unknown) => {
      this.opening = null;
      throw error;
    });
    return this.opening;
  }

  private async connectAndAwaitStream(): Promise<void> {
    const connection = await connect({
      ...natsAuthOptions(this.options.natsCredentials),
      servers: this.options.natsUrl.split(','),
      name: `${this.options.service}-events`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
    });
    if (this.closed) {
      // Shut down while connecting: nothing will drain this one later.
      await connection.close();
      return;
    }
    this.connection = connection;
    void this.watch(connection);
    try {
      this.manager = await connection.jetstreamManager();
      await awaitStream(this.manager, this.options.stream, this.options.subjectRoot, {
        onWait: (missing) =>
          this.logger.warn(
            { stream: this.options.stream, missingSubjects: missing.length },
            `waiting for the stream ${this.options.stream} and its subjects: this service's NATS user may not create or change it; the bus setup does (npm start, the test platform and Compose's bus-setup run it)`,
          ),
      });
    } catch (error) {
      // The next open starts afresh; this connection is not left open beside it.
      if (this.connection === connection) this.connection = null;
      this.manager = null;
      if (!connection.isClosed()) await connection.close().catch(() => undefined);
      throw error;
    }
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
    this.closed = true;
    const connection = this.connection;
    this.connection = null;
    if (connection && !connection.isClosed()) await connection.drain();
  }
}
