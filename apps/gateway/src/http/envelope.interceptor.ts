import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Observable } from 'rxjs';
import { correlationIdFrom, EnvelopedReply, runInContext } from '@patt/service-kit';
import { AuthenticatedRequest } from '../access/access.guard';
import { answerEnveloped } from './enveloped-reply';

/** A marker for handlers that already answer in their own shape (the health document). */
export const RAW_RESPONSE = Symbol('RAW_RESPONSE');

/**
 * Every success is `{ok: true, data}`; and the request's work, down to the NATS requests it
 * sends, runs in its correlation id and actor. Whether a handler answers raw is read once per
 * handler; a request costs one context and one subscriber. A large reply a service already
 * enveloped (EnvelopedReply) goes out as its bytes (enveloped-reply.ts).
 */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  private readonly raw = new WeakMap<object, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { id?: unknown }>();
    // The request id is already the correlation id (create-gateway.ts' genReqId).
    const work = { correlationId: typeof request.id === 'string' ? request.id : correlationIdFrom(request.id), actor: request.user ?? null };
    const raw = this.isRaw(context.getHandler());
    return new Observable((subscriber) =>
      runInContext(work, () =>
        next.handle().subscribe({
          next: (data: unknown) => {
            if (data instanceof EnvelopedReply) {
              // Already the envelope's bytes (a service's large reply): sent on as they are.
              subscriber.next(answerEnveloped(context.switchToHttp().getResponse<FastifyReply>(), request.headers['accept-encoding'], data));
            } else subscriber.next(raw ? data : { ok: true, data: data ?? null });
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        }),
      ),
    );
  }

  private isRaw(handler: object): boolean {
    let raw = this.raw.get(handler);
    if (raw === undefined) this.raw.set(handler, (raw = Reflect.getMetadata(RAW_RESPONSE, handler) === true));
    return raw;
  }
}
