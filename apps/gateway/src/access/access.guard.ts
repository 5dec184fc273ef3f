import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, ErrorCode, RankLevel, Requests } from '@patt/contracts';
import { ServiceClient, ServiceException } from '@patt/service-kit';
import { ACCESS, AccessRule } from './access.decorator';
import { TokenRefused, VerifiedTokens } from './verified-tokens';

export interface AuthenticatedRequest {
  user?: Actor;
  headers: Record<string, string | string[] | undefined>;
}

const RANK_NAMES = new Map<RankLevel, string>(
  (Object.values(RankLevel).filter((v) => typeof v === 'number') as RankLevel[]).map((level) => [level, RankLevel[level].replace(/([a-z])([A-Z])/g, '$1 $2')]),
);

/** What the guard needs of a handler, read from its decorators once (the first time it runs). */
interface Door {
  rule: AccessRule | undefined;
  /** The sentence refusing a rank too low, said once. */
  tooLow: string | null;
}

const NO_TOKEN = () => new ServiceException(ErrorCode.Unauthenticated, 'Sign in first: send a valid access token as "Authorization: Bearer <token>".');

/** The one door of every route: public, a valid token of at least the declared rank, or an API key where allowed. */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly doors = new WeakMap<object, Door>();

  constructor(
    private readonly reflector: Reflector,
    private readonly services: ServiceClient,
    private readonly tokens: VerifiedTokens,
  ) {}

  /** Synchronous but for an API key (asked of auth): a token's check needs no await. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const { rule, tooLow } = this.doorOf(context.getHandler());
    if (!rule) throw new ServiceException(ErrorCode.Forbidden, 'This route declares no access rule and is closed.');
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const authorization = request.headers['authorization'];
    if (rule.kind === 'public') {
      // A public route that may tell callers apart knows a caller by the token they send.
      if (rule.token === 'optional' && authorization !== undefined) request.user = this.actorOf(authorization);
      return true;
    }
    const apiKey = request.headers['x-api-key'];
    if (apiKey !== undefined && !authorization) return this.byApiKey(request, rule, apiKey);
    const actor = this.actorOf(authorization);
    request.user = actor;
    if (actor.rank < rule.minimum) throw new ServiceException(ErrorCode.Forbidden, tooLow as string);
    return true;
  }

  private async byApiKey(request: AuthenticatedRequest, rule: AccessRule & { kind: 'rank' }, apiKey: string | string[]): Promise<boolean> {
    if (!rule.apiKey || typeof apiKey !== 'string') {
      throw new ServiceException(ErrorCode.Unauthenticated, 'API keys are accepted only for addon uploads; sign in with a token here.');
    }
    const key = await this.services.send(Requests.ApiKeysVerify, { key: apiKey }, { actor: null });
    request.user = { userId: key.id, username: `api-key:${key.name}`, personId: null, rank: RankLevel.Officer };
    return true;
  }

  /** The caller a Bearer token names; 401 for no token or a bad one, 403 for a disabled account. */
  private actorOf(authorization: string | string[] | undefined): Actor {
    if (typeof authorization !== 'string' || authorization.length < 8 || authorization.slice(0, 7).toLowerCase() !== 'bearer ') throw NO_TOKEN();
    try {
      return this.tokens.actorOf(authorization.slice(7).trim());
    } catch (error) {
      if (error instanceof TokenRefused && error.reason === 'disabled') throw new ServiceException(ErrorCode.AccountDisabled, error.message);
      // A login auth ended: a 401 that says so, which the web app answers with a refresh (refused) and the sign-in page.
      if (error instanceof TokenRefused && error.reason === 'ended') throw new ServiceException(ErrorCode.Unauthenticated, error.message);
      throw NO_TOKEN();
    }
  }

  private doorOf(handler: object): Door {
    let door = this.doors.get(handler);
    if (!door) {
      const rule = this.reflector.get<AccessRule | undefined>(ACCESS, handler as never);
      const tooLow = rule?.kind === 'rank' ? `This needs the rank ${RANK_NAMES.get(rule.minimum)} or higher.` : null;
      door = { rule, tooLow };
      this.doors.set(handler, door);
    }
    return door;
  }
}
