import { Actor, RankLevel } from '@patt/contracts';

export const JWT_ISSUER = 'patt-auth';
export const JWT_AUDIENCE = 'patt-api';
export const JWT_ALGORITHM = 'HS256';

/** What an access token carries: enough to authorise a request without asking auth. */
export interface AccessTokenClaims {
  sub: string;
  usr: string;
  pid: string | null;
  rnk: RankLevel;
}

export function actorOf(claims: AccessTokenClaims): Actor {
  return { userId: claims.sub, username: claims.usr, personId: claims.pid, rank: claims.rnk };
}
