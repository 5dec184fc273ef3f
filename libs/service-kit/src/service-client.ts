import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { headers as natsHeaders } from 'nats';
import { TimeoutError } from 'rxjs';
import {
  Actor,
  ErrorCode,
  Headers,
  isServiceErrorBody,
  RequestOf,
  RequestPattern,
  ResponseOf,
} from '@patt/contracts';
import { currentContext } from './context';
import { ServiceException } from './errors';
import { Metrics } from './metrics';
import { ENVELOPED_GZIP, ENVELOPED_REPLY_HEADER, EnvelopedReply, LargeReplyDeserializer } from './large-replies';
import { NatsCredentials, natsConnectionOptions, RootedClientNats } from './nats-transport';

export interface ServiceClientOptions {
  name: string;
  natsUrl: string;
  credentials?: NatsCredentials | null;
  subjectRoot: string;
  timeoutMs: number;
  /** Where `nats_client_request_duration_seconds` is kept; without it the client counts nothing. */
  metrics?: Metrics;
}

/** How a request ended: answered, answered with a service's error, or no answer (timeout, no one serving, unreachable). */
type RequestOutcome = 'ok' | 'error' | 'unavailable';

/**
 * The typed way to ask another service: `send(Requests.RanksList, {})` returns the response type
 * that libs/contracts declares for that pattern. The correlation id and the actor ride along as
 * NATS headers. A service that does not answer in time, or at all, is a SERVICE_UNAVAILABLE.
 */
@Injectable()
export class ServiceClient implements OnApplicationShutdown {
  private readonly client: RootedClientNats;
  private readonly durations?: ReturnType<Metrics['histogram']>;

  constructor(private readonly options: ServiceClientOptions) {
    this.durations = options.metrics?.histogram({
      name: 'nats_client_request_duration_seconds',
      help: 'Requests this process sent to other services over NATS, by contract pattern and outcome (ok, error, unavailable), and how long each took.',
      labelNames: ['pattern', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
    this.client = new RootedClientNats(
      {
        ...natsConnectionOptions(`${options.name}-client`, options.natsUrl, options.credentials ?? null),
        queue: undefined,
        deserializer: new LargeReplyDeserializer(),
        // No stack captured per request (nats makes two Errors for each, should it time out):
        // a timeout here is a SERVICE_UNAVAILABLE naming the service, its stack says nothing more.
        noAsyncTraces: true,
      },
      options.subjectRoot,
      options.timeoutMs,
    );
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  async send<P extends RequestPattern>(
    pattern: P,
    request: RequestOf<P>,
    options: { timeoutMs?: number; actor?: Actor | null } = {},
  ): Promise<ResponseOf<P>> {
    return this.request(pattern, request, options, false) as Promise<ResponseOf<P>>;
  }

  /**
   * As send, for a reply the gateway passes on as it is: a large one comes as an EnvelopedReply
   * (the HTTP answer's bytes, gzipped; large-replies.ts), a small one as the response.
   */
  async sendPassingLarge<P extends RequestPattern>(
    pattern: P,
    request: RequestOf<P>,
    options: { timeoutMs?: number; actor?: Actor | null } = {},
  ): Promise<ResponseOf<P> | EnvelopedReply> {
    return this.request(pattern, request, options, true);
  }

  private async request<P extends RequestPattern>(
    pattern: P,
    request: RequestOf<P>,
    options: { timeoutMs?: number; actor?: Actor | null },
    passLarge: boolean,
  ): Promise<ResponseOf<P> | EnvelopedReply> {
    const context = currentContext();
    const headers = natsHeaders();
    if (passLarge) headers.set(ENVELOPED_REPLY_HEADER, ENVELOPED_GZIP);
    if (context?.correlationId) headers.set(Headers.CorrelationId, context.correlationId);
    const actor = options.actor === undefined ? context?.actor : options.actor;
    if (actor) headers.set(Headers.Actor, actorHeader(actor));
    const started = this.durations ? performance.now() : 0;
    let outcome: RequestOutcome = 'ok';
    try {
      return (await this.client.ask(pattern, request, headers, options.timeoutMs ?? this.options.timeoutMs)) as ResponseOf<P> | EnvelopedReply;
    } catch (error) {
      outcome = isServiceErrorBody(error) ? 'error' : 'unavailable';
      throw toServiceException(pattern, error);
    } finally {
      // The pattern is the contract's (a bounded set), never the subject with its root.
      this.durations?.observe({ pattern, outcome }, (performance.now() - started) / 1000);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/** An actor's header, written once per actor object (the gateway's token cache hands out the same one per token). */
const actorHeaders = new WeakMap<Actor, string>();
function actorHeader(actor: Actor): string {
  let header = actorHeaders.get(actor);
  if (header === undefined) actorHeaders.set(actor, (header = JSON.stringify(actor)));
  return header;
}

function toServiceException(pattern: string, error: unknown): ServiceException {
  if (isServiceErrorBody(error)) return new ServiceException(error.code, error.message, error.details);
  const service = pattern.split('.')[0];
  if (error instanceof TimeoutError || isNoResponders(error) || isNatsTimeout(error)) {
    return new ServiceException(ErrorCode.ServiceUnavailable, `The ${service} service did not answer; try again shortly.`);
  }
  return new ServiceException(ErrorCode.ServiceUnavailable, `The ${service} service could not be reached; try again shortly.`);
}

function isNatsTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 'TIMEOUT';
}

function isNoResponders(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === '503';
}
