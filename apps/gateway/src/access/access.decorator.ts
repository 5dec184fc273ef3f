import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { RankLevel } from '@patt/contracts';

export const ACCESS = Symbol('ACCESS');

/** Who may call a route: anyone, or a signed-in member of at least a rank. */
export type AccessRule = { kind: 'public' } | { kind: 'rank'; minimum: RankLevel };

/**
 * Every route declares its door with exactly one of these; the gateway refuses to start when a
 * route has none, so a new endpoint cannot ship unguarded.
 */
export const Public = () => SetMetadata<symbol, AccessRule>(ACCESS, { kind: 'public' });

export const MinRank = (minimum: RankLevel) =>
  applyDecorators(
    SetMetadata<symbol, AccessRule>(ACCESS, { kind: 'rank', minimum }),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No token, or a bad one' }),
    ApiForbiddenResponse({ description: `Rank below ${RankLevel[minimum]}` }),
  );

/** Any signed-in member (API.md's "any"). */
export const AnyMember = () => MinRank(RankLevel.Initiate);
export const OfficerOnly = () => MinRank(RankLevel.Officer);
export const GuildLeaderOnly = () => MinRank(RankLevel.GuildLeader);
