import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Actor, ErrorCode, RankLevel, Requests } from '@patt/contracts';
import { ServiceClient, ServiceException } from '@patt/service-kit';
import { ACCESS, AccessRule } from './access.decorator';

export interface AuthenticatedRequest {
  user?: Actor;
  headers: Record<string, string | string[] | undefined>;
}

class JwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<T>(error: unknown, user: T): T {
    if (error || !user) {
      throw new ServiceException(ErrorCode.Unauthenticated, 'Sign in first: send a valid access token as "Authorization: Bearer <token>".');
    }
    return user;
  }
}

function rankName(level: RankLevel): string {
  return RankLevel[level].replace(/([a-z])([A-Z])/g, '$1 $2');
}

/** The one door of every route: public, a valid token of at least the declared rank, or an API key where allowed. */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly jwt = new JwtAuthGuard();

  constructor(
    private readonly reflector: Reflector,
    private readonly services: ServiceClient,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS, context.getHandler());
    if (!rule) throw new ServiceException(ErrorCode.Forbidden, 'This route declares no access rule and is closed.');
    if (rule.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const apiKey = request.headers['x-api-key'];
    if (apiKey !== undefined && !request.headers['authorization']) {
      if (!rule.apiKey || typeof apiKey !== 'string') {
        throw new ServiceException(ErrorCode.Unauthenticated, 'API keys are accepted only for addon uploads; sign in with a token here.');
      }
      const key = await this.services.send(Requests.ApiKeysVerify, { key: apiKey }, { actor: null });
      request.user = { userId: key.id, username: `api-key:${key.name}`, personId: null, rank: RankLevel.Officer };
      return true;
    }
    await this.jwt.canActivate(context);
    const actor = request.user;
    if (!actor || actor.rank < rule.minimum) {
      throw new ServiceException(ErrorCode.Forbidden, `This needs the rank ${rankName(rule.minimum)} or higher.`);
    }
    return true;
  }
}
