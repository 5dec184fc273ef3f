import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@patt/contracts';

/**
 * What travels with a piece of work across the platform: the correlation id born with the HTTP
 * request (or the event) and, for requests, who asked. Logs, outgoing requests and events read
 * it from here, so nothing has to thread it through every call.
 */
export interface WorkContext {
  correlationId: string;
  actor?: Actor | null;
}

const storage = new AsyncLocalStorage<WorkContext>();

export function currentContext(): WorkContext | undefined {
  return storage.getStore();
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

export function runInContext<T>(context: WorkContext, work: () => T): T {
  return storage.run(context, work);
}

/** A correlation id from a caller is kept only when it looks like one; otherwise a new one is made. */
export function correlationIdFrom(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : randomUUID();
}

/** The caller of the request in hand; a request that needs one and came without is refused. */
export function currentActor(): Actor {
  const actor = storage.getStore()?.actor;
  if (!actor) throw new Error('this request needs an actor, and the gateway sent none');
  return actor;
}
