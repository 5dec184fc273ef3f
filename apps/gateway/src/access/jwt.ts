import { AccessTokenClaims, Actor } from '@patt/contracts';

export function actorOf(claims: AccessTokenClaims): Actor {
  return { userId: claims.sub, username: claims.usr, personId: claims.pid, rank: claims.rnk };
}
