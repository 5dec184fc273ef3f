import { CustomStrategy, NatsOptions, ServerNats, ClientNats } from '@nestjs/microservices';
import type { NatsConnection, Subscription } from 'nats';

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

/** Nest's NATS client, sending each pattern under the subject root. */
export class RootedClientNats extends ClientNats {
  constructor(
    options: NatsTransportOptions,
    private readonly root: string,
  ) {
    super(options);
  }

  protected override normalizePattern(pattern: Parameters<ClientNats['normalizePattern']>[0]): string {
    return requestSubject(this.root, super.normalizePattern(pattern));
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
  return { strategy: new RootedServerNats(natsConnectionOptions(service, url), root) };
}
