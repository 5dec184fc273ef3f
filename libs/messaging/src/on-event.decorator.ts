import { SetMetadata } from '@nestjs/common';
import { EventEnvelope, EventSubject } from '@patt/contracts';
import { EntityManager } from 'typeorm';

/** What a handler gets beside the event: the transaction its effects must be written in. */
export interface EventContext {
  /** The open transaction that also records the event as applied: use it for every write. */
  manager: EntityManager;
  /** How many times this event has been delivered, this one included. */
  delivery: number;
}

export type EventHandler<S extends EventSubject> = (event: EventEnvelope<S>, context: EventContext) => Promise<void>;

export const ON_EVENT = Symbol('ON_EVENT');

export interface OnEventMetadata {
  subject: EventSubject;
}

/**
 * Declares a method as the service's handler of one event subject. The method's parameter types
 * are checked against the subject's payload in libs/contracts. The service gets a durable
 * consumer for the subject; each event is applied once, in a transaction with its inbox record.
 */
export function OnEvent<S extends EventSubject>(subject: S) {
  return <T extends EventHandler<S>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>) => {
    SetMetadata<symbol, OnEventMetadata>(ON_EVENT, { subject })(target, key, descriptor);
    return descriptor;
  };
}
