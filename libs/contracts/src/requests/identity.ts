import { ServiceHealth } from '../api/health';
import { Rank, RankLevel } from '../api/ranks';
import { NoBody } from './actor';

export const IDENTITY_REQUESTS = {
  IdentityHealth: 'identity.health',
  RanksList: 'identity.ranks.list',
  RanksUpdate: 'identity.ranks.update',
} as const;

export interface UpdateRankRequest {
  level: RankLevel;
  name?: string;
  discordRoleId?: string | null;
  gameRankIndexes?: number[];
}

export interface IdentityRequestMap {
  [IDENTITY_REQUESTS.IdentityHealth]: { request: NoBody; response: ServiceHealth };
  [IDENTITY_REQUESTS.RanksList]: { request: NoBody; response: Rank[] };
  [IDENTITY_REQUESTS.RanksUpdate]: { request: UpdateRankRequest; response: Rank };
}
