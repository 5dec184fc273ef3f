import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RankLevel } from '@patt/contracts';
import { loadConfig, oauthHash, oauthRandom, runInContext, ServiceException } from '@patt/service-kit';
import { BlizzardStandIn, generateGuild } from '@patt/testing';
import { GuildSyncConfig } from '../app/guild-sync.config';
import type { BattlenetFlowsRepository, NewBattlenetFlow, SpentBattlenetFlow } from './battlenet-flows.repository';
import { BattlenetLinkService } from './battlenet-link.service';
import { parseAccountProfile, parseUserInfo } from './battlenet-profile';

/** The flows table in memory, spent as the repository spends them (once, verifier erased). */
class FlowsInMemory {
  readonly flows = new Map<string, SpentBattlenetFlow>();
  async insert(flow: NewBattlenetFlow): Promise<void> {
    this.flows.set(flow.stateHash, { ...flow, usedAt: null });
  }
  async spend(stateHash: string, at: Date): Promise<SpentBattlenetFlow | null> {
    const flow = this.flows.get(stateHash);
    if (!flow) return null;
    const before = { ...flow };
    if (!flow.usedAt) this.flows.set(stateHash, { ...flow, usedAt: at, codeVerifier: null });
    return before;
  }
  forgotten = 0;
  async forgetOld(): Promise<void> {
    this.forgotten++;
  }
}

const REDIRECT = 'http://127.0.0.1:3000/api/v1/auth/oauth/battlenet/callback';

describe('BattlenetLinkService (the OAuth flow with Blizzard)', () => {
  const guild = generateGuild({ size: 4, seed: 5 });
  let blizzard: BlizzardStandIn;
  let flows: FlowsInMemory;
  let logged: string[];
  const actor = { userId: randomUUID(), personId: randomUUID(), username: 'trog', rank: RankLevel.Member };

  const service = (env: Record<string, string> = {}) =>
    new BattlenetLinkService(
      loadConfig('guild-sync', GuildSyncConfig, {
        DATABASE_URL: 'postgres://unused/x',
        NATS_URL: 'nats://unused:4222',
        BLIZZARD_CLIENT_ID: 'client',
        BLIZZARD_CLIENT_SECRET: 'secret',
        BLIZZARD_API_URL: blizzard.url,
        BLIZZARD_OAUTH_URL: blizzard.oauthUrl,
        BLIZZARD_AUTHORIZE_URL: blizzard.authorizeUrl,
        GUILD_REALM_SLUG: guild.realm.slug,
        GUILD_NAME_SLUG: 'pull-all-the-things',
        ...env,
      }),
      flows as unknown as BattlenetFlowsRepository,
    );
  const asMember = <T>(work: () => T): T => runInContext({ correlationId: 'c', actor }, work);

  /** Starts a flow and has the stand-in approve it for account 9, as a browser would: the state, code and browser secret. */
  async function approved(link = service()): Promise<{ state: string; code: string; browserSecret: string }> {
    const browserSecret = oauthRandom();
    const { authorizeUrl } = await asMember(() => link.start({ redirectUri: REDIRECT, browserHash: oauthHash(browserSecret) }));
    const approve = new URL(`${blizzard.url}/oauth/authorize/approve`);
    approve.search = new URL(authorizeUrl).search;
    approve.searchParams.set('account', '9');
    const back = new URL((await fetch(approve, { redirect: 'manual' })).headers.get('location')!);
    return { state: back.searchParams.get('state')!, code: back.searchParams.get('code')!, browserSecret };
  }

  beforeAll(async () => {
    blizzard = await BlizzardStandIn.start({
      clientId: 'client',
      clientSecret: 'secret',
      guild,
      ratePerSecond: 0,
      battlenetAccounts: [{ id: 9, battletag: 'Trog#9', wowAccounts: [{ id: 1, characters: guild.members.slice(0, 2) }] }],
    });
  });
  afterAll(async () => blizzard?.close());
  beforeEach(() => {
    flows = new FlowsInMemory();
    logged = [];
    for (const level of ['log', 'warn', 'error'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logged.push(JSON.stringify(args)));
    }
  });
  afterEach(() => jest.restoreAllMocks());

  it('starts with Blizzard’s authorize address for wow.profile with an S256 challenge, keeping only hashes and the verifier', async () => {
    const browserSecret = oauthRandom();
    const { authorizeUrl } = await asMember(() => service().start({ redirectUri: REDIRECT, browserHash: oauthHash(browserSecret) }));
    const url = new URL(authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(blizzard.authorizeUrl);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({ response_type: 'code', client_id: 'client', redirect_uri: REDIRECT, scope: 'wow.profile', code_challenge_method: 'S256' });
    const [[stateHash, flow]] = [...flows.flows.entries()];
    expect(stateHash).toBe(oauthHash(params['state']!));
    expect(flow).toMatchObject({ browserHash: oauthHash(browserSecret), personId: actor.personId, userId: actor.userId, redirectUri: REDIRECT });
    expect(authorizeUrl).not.toContain(flow!.codeVerifier!);
    // Each start also forgets flows long past their time.
    expect(flows.forgotten).toBe(1);
  });

  it('reads the account and its characters for the member whose flow it was, and logs no token', async () => {
    const link = service();
    const { state, code, browserSecret } = await approved(link);
    const read = await link.finish({ state, code, browserSecret, redirectUri: REDIRECT });
    expect(read).toEqual({
      status: 'read',
      personId: actor.personId,
      userId: actor.userId,
      account: { id: 9, battletag: 'Trog#9' },
      characters: guild.members.slice(0, 2).map((c) => ({ blizzardId: c.id, name: c.name, realmSlug: c.realm.slug, realmName: c.realm.name, level: c.level, wowAccountId: 1 })),
    });
    expect(logged.join('\n')).not.toMatch(/US[0-9a-f]{34}/);
    expect(logged.join('\n')).not.toContain(code);
  });

  it.each([
    ['a state used before', 'STATE_USED'],
    ['a state from another browser', 'OTHER_BROWSER'],
    ['a state no flow has', 'STATE_UNKNOWN'],
    ['a state past its 10 minutes', 'STATE_EXPIRED'],
  ] as const)('refuses %s', async (what, code) => {
    const link = service();
    const flow = await approved(link);
    if (what === 'a state used before') await link.finish({ ...flow, redirectUri: REDIRECT });
    if (what === 'a state past its 10 minutes') {
      const [[hash, stored]] = [...flows.flows.entries()];
      flows.flows.set(hash, { ...stored!, expiresAt: new Date(Date.now() - 1) });
    }
    const answer = await link.finish({
      state: what === 'a state no flow has' ? oauthRandom() : flow.state,
      code: flow.code,
      browserSecret: what === 'a state from another browser' ? oauthRandom() : flow.browserSecret,
      redirectUri: REDIRECT,
    });
    expect(answer).toEqual({ status: 'refused', code });
  });

  it('says ACCESS_DENIED when the member cancels and PROVIDER_ERROR for another error, spending the state either way', async () => {
    const link = service();
    const denied = await approved(link);
    expect(await link.finish({ state: denied.state, error: 'access_denied', browserSecret: denied.browserSecret, redirectUri: REDIRECT })).toEqual({ status: 'refused', code: 'ACCESS_DENIED' });
    expect(await link.finish({ ...denied, redirectUri: REDIRECT })).toEqual({ status: 'refused', code: 'STATE_USED' });
    const failed = await approved(link);
    expect(await link.finish({ state: failed.state, error: 'server_error', browserSecret: failed.browserSecret, redirectUri: REDIRECT })).toEqual({ status: 'refused', code: 'PROVIDER_ERROR' });
  });

  it('says EXCHANGE_FAILED when Blizzard refuses the code exchange (a wrong client secret)', async () => {
    const wrong = service({ BLIZZARD_CLIENT_SECRET: 'not-the-secret' });
    const flow = await approved(wrong);
    expect(await wrong.finish({ ...flow, redirectUri: REDIRECT })).toEqual({ status: 'refused', code: 'EXCHANGE_FAILED' });
  });

  it('says PROFILE_FAILED when the profile cannot be read (the API in another region)', async () => {
    const elsewhere = service({ BLIZZARD_REGION: 'eu' });
    const flow = await approved(elsewhere);
    expect(await elsewhere.finish({ ...flow, redirectUri: REDIRECT })).toEqual({ status: 'refused', code: 'PROFILE_FAILED' });
  });

  it('refuses to start for an account of no member, or without Blizzard credentials', async () => {
    await expect(
      runInContext({ correlationId: 'c', actor: { ...actor, personId: null } }, () => service().start({ redirectUri: REDIRECT, browserHash: oauthHash('x') })),
    ).rejects.toMatchObject({ body: expect.objectContaining({ code: 'CONFLICT' }) });
    await expect(asMember(() => service({ BLIZZARD_CLIENT_SECRET: '' }).start({ redirectUri: REDIRECT, browserHash: oauthHash('x') }))).rejects.toBeInstanceOf(ServiceException);
  });
});

describe('reading Blizzard’s account answers', () => {
  it('takes the account id from userinfo, as a number or a numeric sub', () => {
    expect(parseUserInfo({ sub: '12', id: 12, battletag: 'Trog#1' })).toEqual({ id: 12, battletag: 'Trog#1' });
    expect(parseUserInfo({ sub: '12' })).toEqual({ id: 12, battletag: null });
    expect(parseUserInfo({ sub: 'abc' })).toBeNull();
    expect(parseUserInfo([])).toBeNull();
  });

  it('leaves out characters that lack an id, a name or a realm, and repeats, and stops at the limit', () => {
    const entry = (id: unknown, name: unknown, slug: unknown) => ({ id, name, realm: { slug, name: 'Area 52' }, level: 80 });
    const body = {
      id: 3,
      wow_accounts: [
        { id: 1, characters: [entry(10, 'Trog', 'Area-52'), entry('x', 'Bad', 'area-52'), entry(11, '', 'area-52'), entry(12, 'Norealm', null), entry(10, 'Trog', 'area-52')] },
        { id: 2, characters: [entry(13, 'Zed', 'senjin'), entry(14, 'Over', 'senjin')] },
        'not an account',
      ],
    };
    expect(parseAccountProfile(body, 2)).toEqual({
      accountId: 3,
      characters: [
        { blizzardId: 10, name: 'Trog', realmSlug: 'area-52', realmName: 'Area 52', level: 80, wowAccountId: 1 },
        { blizzardId: 13, name: 'Zed', realmSlug: 'senjin', realmName: 'Area 52', level: 80, wowAccountId: 2 },
      ],
    });
    expect(parseAccountProfile({ id: 3 }, 10)).toBeNull();
  });
});
