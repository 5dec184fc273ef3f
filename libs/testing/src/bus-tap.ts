import { randomUUID } from 'node:crypto';
import { connect, headers, type NatsConnection, type Subscription } from 'nats';
import { EventEnvelope, EventSubject, PayloadOf } from '@patt/contracts';
import { busConnectOptions, TestBus } from './test-database';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * One NATS connection to a test bus: records every event seen on the bus from the moment it opens
 * (requests and replies left out), and publishes events into its stream as a producing service's
 * relay would, for suites that stand in for a producer. Close it at the end of the suite.
 */
export class BusTap {
  private readonly seen: EventEnvelope[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly connection: NatsConnection,
    private readonly subscription: Subscription,
    private readonly root: string,
  ) {}

  static async open(bus: Pick<TestBus, 'natsUrl' | 'subjectRoot'> & { credentials?: TestBus['credentials'] }): Promise<BusTap> {
    const connection = await connect(busConnectOptions(bus));
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

  /** Publishes an event (producer "test") into the bus's stream. */
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

  /** The events of `subject` seen so far (those `match` accepts), oldest first. */
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
