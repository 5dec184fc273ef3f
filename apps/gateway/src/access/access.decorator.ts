import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { RankLevel } from '@patt/contracts';

export const ACCESS = Symbol('ACCESS');

/** Who may call a route: anyone, or a signed-in member of at least a rank. */
export type AccessRule =
  | { kind: 'public'; token?: 'optional' }
  | { kind: 'rank'; minimum: RankLevel; apiKey?: boolean };

/**
 * Every route declares its door with exactly one of these; the gateway refuses to start when a
 * route has none, so a new endpoint cannot ship unguarded.
 */
export const Public = () => SetMetadata<symbol, AccessRule>(ACCESS, { kind: 'public' });

/**
 * Anyone, signed in or not; a caller who sends a token is known by it (a bad one is a 401, not
 * anonymity): what they see may depend on who they are (docs/api.md: "public, token optional").
 */
export const PublicOrSignedIn = () =>
  applyDecorators(
    SetMetadata<symbol, AccessRule>(ACCESS, { kind: 'public', token: 'optional' }),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'A token was sent and it is bad' }),
  );

export const MinRank = (minimum: RankLevel) =>
  applyDecorators(
    SetMetadata<symbol, AccessRule>(ACCESS, { kind: 'rank', minimum }),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No token, or a bad one' }),
    ApiForbiddenResponse({ description: `Rank below ${RankLevel[minimum]}` }),
  );

/** Any signed-in member ("any" in docs/api.md, "Who may call what"). */
export const AnyMember = () => MinRank(RankLevel.Initiate);
export const OfficerOnly = () => MinRank(RankLevel.Officer);
export const GuildLeaderOnly = () => MinRank(RankLevel.GuildLeader);

/** An officer's token, or an API key (the companion uploader's): only the addon upload allows keys. */
export const OfficerOrApiKey = () =>
  applyDecorators(
    SetMetadata<symbol, AccessRule>(ACCESS, { kind: 'rank', minimum: RankLevel.Officer, apiKey: true }),
    ApiBearerAuth(),
    ApiSecurity('api-key'),
    ApiUnauthorizedResponse({ description: 'No token or key, or a bad one' }),
    ApiForbiddenResponse({ description: 'Rank below Officer' }),
  );
