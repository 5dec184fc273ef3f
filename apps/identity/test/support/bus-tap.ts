import { connect, type NatsConnection, type Subscription } from 'nats';
import { EventEnvelope, EventSubject } from '@patt/contracts';

const decoder = new TextDecoder();

/** Records every event published on a test bus from the moment it opens. */
export class BusTap {
  private readonly seen: EventEnvelope[] = [];

  private constructor(
    private readonly connection: NatsConnection,
    private readonly subscription: Subscription,
  ) {}

  static async open(bus: { natsUrl: string; subjectRoot: string }): Promise<BusTap> {
    const connection = await connect({ servers: bus.natsUrl });
    const subscription = connection.subscribe(`${bus.subjectRoot}.>`);
    const tap = new BusTap(connection, subscription);
    void (async () => {
      for await (const message of subscription) {
        if (message.subject.startsWith(`${bus.subjectRoot}.rpc.`)) continue;
        try {
          tap.seen.push(JSON.parse(decoder.decode(message.data)) as EventEnvelope);
        } catch {
          // not an event
        }
      }
    })();
    await connection.flush();
    return tap;
  }

  events<S extends EventSubject>(subject: S): Array<EventEnvelope<S>> {
    return this.seen.filter((event): event is EventEnvelope<S> => event.subject === subject);
  }

  async close(): Promise<void> {
    this.subscription.unsubscribe();
    await this.connection.drain();
  }
}

/** Polls until `check` gives a value (not undefined), or fails saying what it waited for. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
