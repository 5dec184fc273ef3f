import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
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
import { LargeReplyDeserializer } from './large-replies';
import { natsConnectionOptions, RootedClientNats } from './nats-transport';

export interface ServiceClientOptions {
  name: string;
  natsUrl: string;
  subjectRoot: string;
  timeoutMs: number;
}

/**
 * The typed way to ask another service: `send(Requests.RanksList, {})` returns the response type
 * that libs/contracts declares for that pattern. The correlation id and the actor ride along as
 * NATS headers. A service that does not answer in time, or at all, is a SERVICE_UNAVAILABLE.
 */
@Injectable()
export class ServiceClient implements OnApplicationShutdown {
  private readonly client: RootedClientNats;

  constructor(private readonly options: ServiceClientOptions) {
    this.client = new RootedClientNats(
      { ...natsConnectionOptions(`${options.name}-client`, options.natsUrl), queue: undefined, deserializer: new LargeReplyDeserializer() },
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
    const context = currentContext();
    const headers = natsHeaders();
    if (context?.correlationId) headers.set(Headers.CorrelationId, context.correlationId);
    const actor = options.actor === undefined ? context?.actor : options.actor;
    if (actor) headers.set(Headers.Actor, JSON.stringify(actor));
    const record = new NatsRecordBuilder(request).setHeaders(headers).build();
    try {
      return await firstValueFrom(
        this.client.send<ResponseOf<P>>(pattern, record).pipe(timeout(options.timeoutMs ?? this.options.timeoutMs)),
      );
    } catch (error) {
      throw toServiceException(pattern, error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

function toServiceException(pattern: string, error: unknown): ServiceException {
  if (isServiceErrorBody(error)) return new ServiceException(error.code, error.message, error.details);
  const service = pattern.split('.')[0];
  if (error instanceof TimeoutError || isNoResponders(error)) {
    return new ServiceException(ErrorCode.ServiceUnavailable, `The ${service} service did not answer; try again shortly.`);
  }
  return new ServiceException(ErrorCode.ServiceUnavailable, `The ${service} service could not be reached; try again shortly.`);
}

function isNoResponders(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === '503';
}
