import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Actor, ErrorCode, RankLevel } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { ACCESS, AccessRule } from './access.decorator';

export interface AuthenticatedRequest {
  user?: Actor;
}

class JwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<T>(error: unknown, user: T): T {
    if (error || !user) {
      throw new ServiceException(ErrorCode.Unauthenticated, 'Sign in first: send a valid access token as "Authorization: Bearer <token>".');
    }
    return user;
  }
}

/** The one door of every route: public, or a valid token of at least the declared rank. */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly jwt = new JwtAuthGuard();

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS, context.getHandler());
    if (!rule) throw new ServiceException(ErrorCode.Forbidden, 'This route declares no access rule and is closed.');
    if (rule.kind === 'public') return true;
    await this.jwt.canActivate(context);
    const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!actor || actor.rank < rule.minimum) {
      throw new ServiceException(
        ErrorCode.Forbidden,
        `This needs the rank ${RankLevel[rule.minimum].replace(/([a-z])([A-Z])/g, '$1 $2')} or higher.`,
      );
    }
    return true;
  }
}
