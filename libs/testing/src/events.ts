import { randomUUID } from 'node:crypto';
import { connect, headers } from 'nats';
import { EventEnvelope, EventSubject, PayloadOf } from '@patt/contracts';
import { busConnectOptions, TestBus } from './test-database';

/**
 * Publishes an event straight to a test bus's stream, as its producing service's relay would:
 * for testing a consumer before (or without) its producer.
 */
export async function publishEvent<S extends EventSubject>(
  bus: Pick<TestBus, 'natsUrl' | 'subjectRoot'> & { credentials?: TestBus['credentials'] },
  subject: S,
  payload: PayloadOf<S>,
  options: { id?: string; producer?: string; occurredAt?: string } = {},
): Promise<EventEnvelope<S>> {
  const envelope: EventEnvelope<S> = {
    id: options.id ?? randomUUID(),
    subject,
    occurredAt: options.occurredAt ?? new Date().toISOString(),
    producer: options.producer ?? 'test',
    correlationId: null,
    payload,
  };
  const connection = await connect(busConnectOptions(bus));
  try {
    const wire = `${bus.subjectRoot}${subject.slice('patt'.length)}`;
    await connection.jetstream().publish(wire, new TextEncoder().encode(JSON.stringify(envelope)), { msgID: envelope.id, headers: headers() });
  } finally {
    await connection.drain();
  }
  return envelope;
}
