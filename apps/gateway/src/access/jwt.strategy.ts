import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ACCESS_TOKEN, AccessTokenClaims, Actor, RANK_LEVELS } from '@patt/contracts';
import { GatewayConfig } from '../app/gateway.config';
import { actorOf } from './jwt';

/** Verifies access tokens: HS256 only (so `alg: none` and key confusion fail), issuer and audience checked. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(config: GatewayConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.JWT_SECRET,
      algorithms: [ACCESS_TOKEN.algorithm],
      issuer: ACCESS_TOKEN.issuer,
      audience: ACCESS_TOKEN.audience,
      ignoreExpiration: false,
    });
  }

  validate(claims: Partial<AccessTokenClaims>): Actor | false {
    const wellFormed =
      typeof claims.sub === 'string' && typeof claims.usr === 'string' && RANK_LEVELS.includes(claims.rnk as number);
    return wellFormed ? actorOf(claims as AccessTokenClaims) : false;
  }
}
