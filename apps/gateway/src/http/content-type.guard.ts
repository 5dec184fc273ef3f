import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';

export const CONSUMES = Symbol('CONSUMES');

/** The body types a route accepts besides JSON (an addon upload is text/plain, an import text/csv). */
export const Consumes = (...types: string[]) => SetMetadata(CONSUMES, types);

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * A body must come as JSON unless the route says otherwise; Fastify would parse form posts and
 * more, and a client sending the wrong type should hear so rather than have it half-understood.
 */
@Injectable()
export class ContentTypeGuard implements CanActivate {
  /** Per handler, the types it accepts, read once. */
  private readonly accepted = new WeakMap<object, string[]>();

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!BODY_METHODS.has(request.method)) return true;
    const length = Number(request.headers['content-length'] ?? 0);
    if (length === 0 && request.headers['transfer-encoding'] === undefined) return true;
    const accepted = this.acceptedBy(context.getHandler());
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (accepted.includes(type)) return true;
    throw new ServiceException(
      ErrorCode.UnsupportedMediaType,
      `This endpoint takes ${accepted.join(' or ')}${type ? `, not ${type}` : '; the request names no content type'}.`,
    );
  }

  private acceptedBy(handler: object): string[] {
    let accepted = this.accepted.get(handler);
    if (!accepted) {
      accepted = ['application/json', ...(this.reflector.get<string[] | undefined>(CONSUMES, handler as never) ?? [])];
      this.accepted.set(handler, accepted);
    }
    return accepted;
  }
}
