import { MAX_MESSAGE_BYTES } from '@patt/contracts';
import type { NatsCredentials } from '@patt/service-kit';

export interface MessagingOptions {
  /** The service's name: the producer of its events and the prefix of its durable consumers. */
  service: string;
  /** The schema its outbox, inbox and dead letters live in. */
  schema: string;
  natsUrl: string;
  /** The service's NATS user and password; null on an open bus. */
  natsCredentials?: NatsCredentials | null;
  /** The subject root (`patt` in production; each test suite its own). */
  subjectRoot: string;
  stream: string;
  /** Deliveries of one event before it is dead-lettered. */
  maxAttempts?: number;
  /** Seconds JetStream waits for an ack before redelivering to another consumer instance. */
  ackWaitSeconds?: number;
  /** Events applied in one database transaction (each behind its own savepoint). */
  batchSize?: number;
  /**
   * Outbox rows the relay publishes per transaction, their acks awaited together. Each batch costs
   * a few round trips to Postgres besides its publishes; larger batches spread them thinner.
   */
  relayBatchSize?: number;
  /** How often the relay looks at the outbox when no notification woke it. */
  relayPollMs?: number;
}

export type ResolvedMessagingOptions = Required<MessagingOptions>;


export function resolveOptions(options: MessagingOptions): ResolvedMessagingOptions {
  return {
    maxAttempts: 5,
    ackWaitSeconds: 30,
    batchSize: 100,
    relayBatchSize: 500,
    relayPollMs: 1000,
    natsCredentials: null,
    ...options,
  };
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** NATS refuses payloads over 1 MiB by default; events stay well under, with room for headers. */
export const MAX_EVENT_BYTES = MAX_MESSAGE_BYTES;
