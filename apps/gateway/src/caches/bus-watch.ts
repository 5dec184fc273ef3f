import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { EventEnvelope, EventSubject, eventsWatchedBy, PayloadOf } from '@patt/contracts';
import { wireSubject } from '@patt/messaging';
import { NatsCredentials, natsAuthOptions } from '@patt/service-kit';

type Handler = (payload: never) => void;

/**
 * The events the gateway follows live (EVENT_ACCESS' watchers): a core NATS subscription per
 * subject on a connection of its own, every replica seeing every event, nothing acknowledged. What
 * they say goes to the caches that hold what the events make stale. While the connection is down,
 * events pass unseen: at its return every `onGap` handler runs (the caches start afresh).
 */
export class BusWatch implements OnApplicationShutdown {
  private readonly logger = new Logger(BusWatch.name);
  private readonly handlers = new Map<EventSubject, Handler[]>();
  private readonly gapHandlers: Array<() => void> = [];
  private connection: NatsConnection | null = null;

  constructor(
    private readonly options: { natsUrl: string; credentials: NatsCredentials | null; subjectRoot: string; name: string },
  ) {}

  on<S extends EventSubject>(subject: S, handler: (payload: PayloadOf<S>) => void): this {
    if (!eventsWatchedBy('gateway').includes(subject)) {
      throw new Error(`the gateway watches ${subject}, which the contracts do not let it follow: add it to its watchers in EVENT_ACCESS`);
    }
    this.handlers.set(subject, [...(this.handlers.get(subject) ?? []), handler as Handler]);
    return this;
  }

  onGap(handler: () => void): this {
    this.gapHandlers.push(handler);
    return this;
  }

  async start(): Promise<void> {
    const connection = await connect({
      ...natsAuthOptions(this.options.credentials),
      servers: this.options.natsUrl.split(','),
      name: `${this.options.name}-watch`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    this.connection = connection;
    for (const [subject, handlers] of this.handlers) {
      connection.subscribe(wireSubject(this.options.subjectRoot, subject), {
        callback: (error, message) => {
          if (error) return this.logger.warn({ msg: 'a watched subject failed', subject, err: error });
          let envelope: EventEnvelope;
          try {
            envelope = message.json<EventEnvelope>();
          } catch {
            return this.logger.warn({ msg: 'a watched event is not JSON; ignored', subject });
          }
          for (const handler of handlers) handler(envelope.payload as never);
        },
      });
    }
    await connection.flush();
    void (async () => {
      for await (const status of connection.status()) {
        if (status.type === 'reconnect') {
          this.logger.warn({ msg: 'the event watch reconnected: events may have passed unseen, the caches start afresh' });
          for (const handler of this.gapHandlers) handler();
        }
      }
    })();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    await this.connection?.drain().catch(() => undefined);
    this.connection = null;
  }
}
