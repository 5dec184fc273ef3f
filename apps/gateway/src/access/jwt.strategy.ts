import { createSecretKey } from 'node:crypto';
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
      // A KeyObject, not the string: jsonwebtoken would otherwise try the string as a public key
      // on every verify, which profiled at a fifth of the gateway's CPU under load.
      // (passport-jwt hands it to jsonwebtoken as is; its typings only list strings and buffers.)
      secretOrKey: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')) as unknown as Buffer,
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
