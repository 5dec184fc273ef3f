import { Actor, ErrorCode, RankLevel, Requests } from '@patt/contracts';
import { patternOf, rankRefusal } from './rpc';

const actor = (rank: RankLevel): Actor => ({ userId: 'u1', personId: 'p1', username: 'someone', rank });

describe('a service’s own check of a privileged request', () => {
  it('reads the contract pattern out of the request subject, whatever the root', () => {
    expect(patternOf('patt.rpc.auth.api-keys.create')).toBe(Requests.ApiKeysCreate);
    expect(patternOf('patt-t1a2.rpc.identity.members.update')).toBe(Requests.MembersUpdate);
  });

  it('refuses a privileged request without an actor, or from an actor below its rank', () => {
    expect(rankRefusal(Requests.ApiKeysCreate, null)?.body.code).toBe(ErrorCode.Unauthenticated);
    const low = rankRefusal(Requests.ApiKeysCreate, actor(RankLevel.Veteran));
    expect(low?.body).toEqual({ code: ErrorCode.Forbidden, message: 'This needs the rank Officer or higher.' });
    expect(rankRefusal(Requests.RanksUpdate, actor(RankLevel.Officer))?.body.code).toBe(ErrorCode.Forbidden);
  });

  it('lets through an actor of the rank, and requests that are not privileged', () => {
    expect(rankRefusal(Requests.ApiKeysCreate, actor(RankLevel.Officer))).toBeNull();
    expect(rankRefusal(Requests.RanksUpdate, actor(RankLevel.GuildLeader))).toBeNull();
    expect(rankRefusal(Requests.Login, null)).toBeNull();
    expect(rankRefusal(Requests.InvitesClaimForDelivery, null)).toBeNull();
  });
});
