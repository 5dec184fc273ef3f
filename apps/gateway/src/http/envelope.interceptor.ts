import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { Ok } from '@patt/contracts';
import { correlationIdFrom, runInContext } from '@patt/service-kit';
import { AuthenticatedRequest } from '../access/access.guard';

/** A marker for handlers that already answer in their own shape (the health document). */
export const RAW_RESPONSE = Symbol('RAW_RESPONSE');

/**
 * Every success is `{ok: true, data}`; and the request's work, down to the NATS requests it
 * sends, runs in its correlation id and actor.
 */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { id?: unknown }>();
    const work = { correlationId: correlationIdFrom(request.id), actor: request.user ?? null };
    const raw = Reflect.getMetadata(RAW_RESPONSE, context.getHandler()) === true;
    return new Observable((subscriber) =>
      runInContext(work, () =>
        next
          .handle()
          .pipe(map((data: unknown) => (raw ? data : ({ ok: true, data: data ?? null } satisfies Ok<unknown>))))
          .subscribe(subscriber),
      ),
    );
  }
}
