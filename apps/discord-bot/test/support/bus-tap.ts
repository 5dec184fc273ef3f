import { randomUUID } from 'node:crypto';
import { connect, headers, type NatsConnection, type Subscription } from 'nats';
import { EventEnvelope, EventSubject, PayloadOf } from '@patt/contracts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * One NATS connection to a test bus: publishes events into its stream as their producers' relays
 * would (identity's and auth's, which these tests stand in for), and records every event seen on
 * the bus from the moment it opens (the bot's own included).
 */
export class BusTap {
  private readonly seen: EventEnvelope[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly connection: NatsConnection,
    private readonly subscription: Subscription,
    private readonly root: string,
  ) {}

  static async open(bus: { natsUrl: string; subjectRoot: string }): Promise<BusTap> {
    const connection = await connect({ servers: bus.natsUrl });
    const subscription = connection.subscribe(`${bus.subjectRoot}.>`);
    const tap = new BusTap(connection, subscription, bus.subjectRoot);
    void (async () => {
      for await (const message of subscription) {
        if (message.subject.startsWith(`${bus.subjectRoot}.rpc.`)) continue;
        try {
          tap.seen.push(JSON.parse(decoder.decode(message.data)) as EventEnvelope);
          tap.waiters.forEach((wake) => wake());
        } catch {
          // not an event
        }
      }
    })();
    await connection.flush();
    return tap;
  }

  async publish<S extends EventSubject>(subject: S, payload: PayloadOf<S>, options: { occurredAt?: Date; id?: string } = {}): Promise<EventEnvelope<S>> {
    const envelope: EventEnvelope<S> = {
      id: options.id ?? randomUUID(),
      subject,
      occurredAt: (options.occurredAt ?? new Date()).toISOString(),
      producer: 'test',
      correlationId: null,
      payload,
    };
    await this.connection.jetstream().publish(`${this.root}${subject.slice('patt'.length)}`, encoder.encode(JSON.stringify(envelope)), {
      msgID: envelope.id,
      headers: headers(),
    });
    return envelope;
  }

  events<S extends EventSubject>(subject: S, match: (event: EventEnvelope<S>) => boolean = () => true): EventEnvelope<S>[] {
    return this.seen.filter((event): event is EventEnvelope<S> => event.subject === subject).filter(match);
  }

  /** Waits until `count` matching events have been seen; returns them. */
  async waitFor<S extends EventSubject>(
    subject: S,
    match: (event: EventEnvelope<S>) => boolean,
    { count = 1, timeoutMs = 10_000 }: { count?: number; timeoutMs?: number } = {},
  ): Promise<EventEnvelope<S>[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events(subject, match);
      if (found.length >= count) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`saw ${found.length} of ${count} ${subject} events within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 500));
        this.waiters.add(wake);
      });
    }
  }

  async close(): Promise<void> {
    this.subscription.unsubscribe();
    await this.connection.drain();
  }
}
