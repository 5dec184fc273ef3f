import { ClientNats, CustomStrategy, NatsOptions, ReadPacket, ServerNats, WritePacket } from '@nestjs/microservices';
import { gunzipSync } from 'node:zlib';
import { headers as natsHeaders, Msg, MsgHdrs, NatsConnection, Subscription } from 'nats';
import { inboxPrefixOf } from '@patt/contracts';
import { ENVELOPED_GZIP, ENVELOPED_REPLY_HEADER, EnvelopedReply, envelopedReplyOf, isGzip, LargeReplySerializer } from './large-replies';

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/**
 * Request subjects are `<root>.rpc.<pattern>`: the root lets a deployment (or a test suite) keep
 * its requests apart from any other on the same NATS, and `rpc` keeps them apart from event
 * subjects, which a JetStream stream captures.
 */
export function requestSubject(root: string, pattern: string): string {
  return `${root}.rpc.${pattern}`;
}

type NatsTransportOptions = NonNullable<NatsOptions['options']>;

/** A pattern that cannot be JSON text (a letter first, as every contract pattern, and not a JSON literal). */
const STRING_PATTERN = /^(?!(?:true|false|null)$)[A-Za-z_]/;

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

  /**
   * The handler's route for a request's pattern. Nest first tries `JSON.parse` on every pattern
   * (for object patterns), which for the platform's string patterns (`identity.ranks.list`) throws
   * a SyntaxError, stack and all, on every request; a pattern that cannot be JSON text is its own
   * route, as Nest would make it after the throw.
   */
  override getRouteFromPattern(pattern: string): string {
    return STRING_PATTERN.test(pattern) ? pattern : super.getRouteFromPattern(pattern);
  }

  /**
   * Nest's reply, or, to a request that takes enveloped replies (large-replies.ts), a large
   * success as the gateway's answer itself, gzipped.
   */
  override getPublisher(natsMsg: Msg, id: string, ctx: Parameters<ServerNats['getPublisher']>[2]): (response: unknown) => unknown {
    const publish = super.getPublisher(natsMsg, id, ctx);
    if (!natsMsg.reply || natsMsg.headers?.get(ENVELOPED_REPLY_HEADER) !== ENVELOPED_GZIP) return publish;
    return async (packet: unknown) => {
      const { err, response, isDisposed } = packet as { err?: unknown; response?: unknown; isDisposed?: boolean };
      const enveloped = err === undefined && isDisposed === true && response !== undefined ? await envelopedReplyOf(response) : null;
      if (!enveloped) return publish(packet);
      (this as unknown as { onProcessingEndHook?: (transportId: unknown, context: unknown) => void }).onProcessingEndHook?.(this.transportId, ctx);
      const replyHeaders = natsHeaders();
      replyHeaders.set(ENVELOPED_REPLY_HEADER, ENVELOPED_GZIP);
      return natsMsg.respond(enveloped, { headers: replyHeaders });
    };
  }
}

/**
 * Nest's NATS client, sending each pattern under the subject root. A request goes out through
 * the connection's own request/reply (one shared inbox subscription), not Nest's default of a new
 * inbox subscription per request: that subscribe/unsubscribe pair per request was a large part
 * of the gateway's cost per call.
 */
export class RootedClientNats extends ClientNats {
  private nextId = 0;
  private corkedSends: Array<() => void> = [];
  private uncorkScheduled = false;

  constructor(
    options: NatsTransportOptions,
    private readonly root: string,
    private readonly requestTimeoutMs = 120_000,
  ) {
    super(options);
  }

  /**
   * One request, straight on the connection: Nest's packet out (`{pattern, data, id}`, which the
   * services' Nest servers read), its reply packet read back, without the Observable, subscription
   * handler, packet-id matching and rxjs timeout that ClientProxy.send goes through for each call
   * (the reply comes to this request's own inbox). Resolves with the response, or an
   * EnvelopedReply (large-replies.ts); rejects with the service's error body, or nats' error
   * (TIMEOUT, 503 for no responders).
   */
  async ask(pattern: string, data: unknown, headers: MsgHdrs, timeoutMs: number): Promise<unknown> {
    const connection = (this.natsClient as NatsConnection | null) ?? ((await this.connect()) as NatsConnection);
    this.nextId = (this.nextId + 1) % Number.MAX_SAFE_INTEGER;
    const body = textEncoder.encode(JSON.stringify({ pattern, data, id: String(this.nextId) }));
    const message = await this.corked(() => connection.request(requestSubject(this.root, pattern), body, { timeout: timeoutMs, headers }));
    if (message.headers?.get(ENVELOPED_REPLY_HEADER) === ENVELOPED_GZIP) {
      return new EnvelopedReply(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength));
    }
    const raw = isGzip(message.data) ? gunzipSync(message.data) : message.data;
    const packet = JSON.parse(textDecoder.decode(raw)) as { response?: unknown; err?: unknown };
    if (packet.err !== undefined && packet.err !== null) throw packet.err;
    return packet.response;
  }

  /**
   * Requests are sent together once per turn of the event loop (setImmediate): nats writes what
   * one turn queued in one socket write, where a request sent at once was a write (a system call)
   * of its own. Profiled under load, those writes were a third of the gateway's CPU; the wait is
   * the rest of the turn, well under a millisecond.
   */
  private corked<T>(send: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.corkedSends.push(() => send().then(resolve, reject));
      if (this.uncorkScheduled) return;
      this.uncorkScheduled = true;
      setImmediate(() => {
        this.uncorkScheduled = false;
        const sends = this.corkedSends;
        this.corkedSends = [];
        for (const sendNow of sends) sendNow();
      });
    });
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
        (message: Msg) => {
          if (disposed) return undefined;
          // A large reply already in the gateway's envelope (large-replies.ts): passed on as bytes.
          if (message.headers?.get(ENVELOPED_REPLY_HEADER) === ENVELOPED_GZIP) {
            return callback({ response: new EnvelopedReply(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength)), isDisposed: true });
          }
          return handle(undefined, message);
        },
        (error: unknown) => (disposed ? undefined : callback({ err: error })),
      );
    return () => {
      disposed = true;
    };
  }
}

/** A service's credentials on the bus: its user (by default its own name) and password, from config. */
export interface NatsCredentials {
  user: string;
  password: string;
}

/** The credentials a config names, or null for an anonymous connection (an open bus). */
export function natsCredentialsOf(service: string, config: { NATS_USER?: string; NATS_PASSWORD?: string }): NatsCredentials | null {
  if (!config.NATS_PASSWORD) return null;
  return { user: config.NATS_USER ?? service, password: config.NATS_PASSWORD };
}

/**
 * How a connection of a service authenticates: its user and password, and replies to its requests
 * in the user's own inbox (`_INBOX.<user>.>`), the only one its user may subscribe to.
 */
export function natsAuthOptions(credentials: NatsCredentials | null): { user?: string; pass?: string; inboxPrefix?: string } {
  if (!credentials) return {};
  return { user: credentials.user, pass: credentials.password, inboxPrefix: inboxPrefixOf(credentials.user) };
}

export function natsConnectionOptions(service: string, url: string, credentials: NatsCredentials | null = null): NatsTransportOptions {
  return {
    ...natsAuthOptions(credentials),
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

export function natsServerStrategy(service: string, url: string, root: string, credentials: NatsCredentials | null = null): CustomStrategy {
  return {
    strategy: new RootedServerNats({ ...natsConnectionOptions(service, url, credentials), serializer: new LargeReplySerializer() }, root),
  };
}
