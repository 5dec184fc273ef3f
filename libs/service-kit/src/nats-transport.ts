import { ClientNats, CustomStrategy, NatsOptions, ReadPacket, ServerNats, WritePacket } from '@nestjs/microservices';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { LargeReplySerializer } from './large-replies';

/**
 * Request subjects are `<root>.rpc.<pattern>`: the root lets a deployment (or a test suite) keep
 * its requests apart from any other on the same NATS, and `rpc` keeps them apart from event
 * subjects, which a JetStream stream captures.
 */
export function requestSubject(root: string, pattern: string): string {
  return `${root}.rpc.${pattern}`;
}

type NatsTransportOptions = NonNullable<NatsOptions['options']>;

/** Nest's NATS server, subscribing each handler's pattern under the subject root. */
export class RootedServerNats extends ServerNats {
  constructor(
    private readonly transportOptions: NatsTransportOptions,
    private readonly root: string,
  ) {
    super(transportOptions);
  }

  override bindEvents(client: NatsConnection): void {
    const queue = this.transportOptions.queue;
    // Nest keeps its subscriptions private; it unsubscribes them on a graceful close.
    const subscriptions = (this as unknown as { subscriptions: Subscription[] }).subscriptions;
    for (const pattern of this.messageHandlers.keys()) {
      subscriptions.push(
        client.subscribe(requestSubject(this.root, pattern), {
          queue,
          callback: this.getMessageHandler(pattern).bind(this) as (error: Error | null, message: unknown) => void,
        }),
      );
    }
  }
}

/**
 * Nest's NATS client, sending each pattern under the subject root. A request goes out through
 * the connection's own request/reply (one shared inbox subscription), not Nest's default of a new
 * inbox subscription per request: that subscribe/unsubscribe pair per request was a large part
 * of the gateway's cost per call.
 */
export class RootedClientNats extends ClientNats {
  constructor(
    options: NatsTransportOptions,
    private readonly root: string,
    private readonly requestTimeoutMs = 120_000,
  ) {
    super(options);
  }

  protected override normalizePattern(pattern: Parameters<ClientNats['normalizePattern']>[0]): string {
    return requestSubject(this.root, super.normalizePattern(pattern));
  }

  protected override publish(partialPacket: ReadPacket, callback: (packet: WritePacket) => unknown): () => void {
    const connection = this.natsClient as NatsConnection | null;
    if (!connection) {
      callback({ err: new Error('the NATS connection is not open') });
      return () => undefined;
    }
    const packet = this.assignPacketId(partialPacket);
    const serialized = this.serializer.serialize(packet) as { data: Uint8Array; headers?: unknown };
    const handle = this.createSubscriptionHandler(packet, callback);
    let disposed = false;
    connection
      .request(this.normalizePattern(partialPacket.pattern), serialized.data, {
        timeout: this.requestTimeoutMs,
        headers: this.mergeHeaders(serialized.headers),
      })
      .then(
        (message: Msg) => (disposed ? undefined : handle(undefined, message)),
        (error: unknown) => (disposed ? undefined : callback({ err: error })),
      );
    return () => {
      disposed = true;
    };
  }
}

export function natsConnectionOptions(service: string, url: string): NatsTransportOptions {
  return {
    servers: url.split(','),
    name: service,
    queue: service,
    // Reconnect forever: NATS restarting is an outage to wait out, not a reason to exit.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    gracefulShutdown: true,
    gracePeriod: 2000,
  };
}

export function natsServerStrategy(service: string, url: string, root: string): CustomStrategy {
  return { strategy: new RootedServerNats({ ...natsConnectionOptions(service, url), serializer: new LargeReplySerializer() }, root) };
}
