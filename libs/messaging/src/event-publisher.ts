import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, EventSubject, PayloadOf } from '@patt/contracts';
import { currentCorrelationId } from '@patt/service-kit';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ChunkedSubject, numberParts, PartBody } from './event-parts';
import { MAX_EVENT_BYTES, MESSAGING_OPTIONS, ResolvedMessagingOptions } from './options';

export const OUTBOX_CHANNEL = (schema: string) => `patt_outbox_${schema}`;

/**
 * Emits an event the transactional way: the event is written to the outbox with the same
 * EntityManager (so the same transaction) as the state change it announces. It is published only
 * if that transaction commits, and the commit wakes the relay through NOTIFY.
 */
@Injectable()
export class EventPublisher {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions) {}

  async emit<S extends EventSubject>(manager: EntityManager, subject: S, payload: PayloadOf<S>): Promise<EventEnvelope<S>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`emit(${subject}) needs the EntityManager of an open transaction`);
    }
    const envelope: EventEnvelope<S> = {
      id: randomUUID(),
      subject,
      occurredAt: new Date().toISOString(),
      producer: this.options.service,
      correlationId: currentCorrelationId() ?? null,
      payload,
    };
    const json = JSON.stringify(payload);
    if (Buffer.byteLength(json) > MAX_EVENT_BYTES) {
      throw new Error(`${subject} payload is ${Buffer.byteLength(json)} bytes; split it into parts under ${MAX_EVENT_BYTES}`);
    }
    const schema = this.options.schema;
    await manager.query(
      `INSERT INTO "${schema}".outbox (id, subject, payload, producer, correlation_id, occurred_at)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6)`,
      [envelope.id, subject, json, envelope.producer, envelope.correlationId, envelope.occurredAt],
    );
    await manager.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL(schema), '']);
    return envelope;
  }

  /**
   * Emits an event sent in parts (see splitIntoParts): one event a body, numbered part 1 … n of n,
   * in order, in the same transaction. Consumers put them back together with EventPartsLedger.
   */
  async emitParts<S extends ChunkedSubject>(manager: EntityManager, subject: S, bodies: ReadonlyArray<PartBody<S>>): Promise<Array<EventEnvelope<S>>> {
    const envelopes: Array<EventEnvelope<S>> = [];
    for (const payload of numberParts(bodies)) envelopes.push(await this.emit(manager, subject, payload as unknown as PayloadOf<S>));
    return envelopes;
  }
}
