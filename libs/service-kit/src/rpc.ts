import { ArgumentsHost, CallHandler, Catch, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { NatsContext } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';
import { Actor, ErrorCode, Headers, minRankOf, rankLevelName, ServiceErrorBody } from '@patt/contracts';
import { correlationIdFrom, runInContext } from './context';
import { ServiceException } from './errors';

/**
 * Every request a service answers over NATS runs inside the caller's correlation id and actor,
 * read from the message headers, so its logs and the events it emits carry them on.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const nats = context.switchToRpc().getContext<NatsContext>();
    const headers = nats.getHeaders?.();
    const correlationId = correlationIdFrom(headers?.get(Headers.CorrelationId));
    const actor = parseActor(headers?.get(Headers.Actor));
    const refusal = rankRefusal(patternOf(nats.getSubject?.() ?? ''), actor);
    if (refusal) return throwError(() => refusal);
    return new Observable((subscriber) =>
      runInContext({ correlationId, actor }, () => next.handle().subscribe(subscriber)),
    );
  }
}

/** The contract pattern of a request subject (`<root>.rpc.<pattern>`). */
export function patternOf(subject: string): string {
  const at = subject.indexOf('.rpc.');
  return at < 0 ? subject : subject.slice(at + '.rpc.'.length);
}

/**
 * The service's own check of a privileged request (REQUEST_ACCESS's minRank): the actor in the
 * request must hold the rank, whoever sent it. NATS already lets only the declared senders send
 * it; this holds even if a sender's credentials leak. Null when the request may go on.
 */
export function rankRefusal(pattern: string, actor: Actor | null): ServiceException | null {
  const minimum = minRankOf(pattern);
  if (minimum === null) return null;
  if (!actor) {
    return new ServiceException(ErrorCode.Unauthenticated, `This request needs a signed-in caller of rank ${rankLevelName(minimum)} or higher, and came with none.`);
  }
  if (actor.rank < minimum) {
    return new ServiceException(ErrorCode.Forbidden, `This needs the rank ${rankLevelName(minimum)} or higher.`);
  }
  return null;
}

function parseActor(raw: string | undefined): Actor | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Actor;
    return typeof value.userId === 'string' && typeof value.rank === 'number' ? value : null;
  } catch {
    return null;
  }
}

/**
 * The answer to a request that failed: a ServiceException travels as its body; anything else is
 * a bug, logged here in full and answered without internals.
 */
@Catch()
export class ServiceErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(ServiceErrorFilter.name);

  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    // The service's own HTTP port serves only probes; Nest's usual handling suits them.
    if (host.getType() !== 'rpc') return super.catch(exception, host);
    if (exception instanceof ServiceException) return throwError(() => exception.body);
    this.logger.error({ err: exception }, 'A request failed unexpectedly');
    const body: ServiceErrorBody = { code: ErrorCode.Internal, message: 'The service failed to handle the request.' };
    return throwError(() => body);
  }
}
