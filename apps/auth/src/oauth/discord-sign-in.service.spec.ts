import { Events, RankLevel, Session } from '@patt/contracts';
import { loadConfig, OAUTH_STATE_LIFETIME_MS, oauthHash, oauthRandom, pkceChallenge } from '@patt/service-kit';
import { strictMock } from '@patt/testing';
import type { EntityManager } from 'typeorm';
import type { EventPublisher } from '@patt/messaging';
import { AuthConfig } from '../app/auth.config';
import type { AccountLifecycle } from '../accounts/account-lifecycle.service';
import type { UserRecord, UsersRepository } from '../accounts/users.repository';
import type { MemberProjectionRepository, MemberRecord } from '../members/member-projection.repository';
import type { ThrottleService } from '../throttling/throttle.service';
import type { TokensService } from '../tokens/tokens.service';
import { DiscordOAuthClient, DiscordOAuthFailure } from './discord-oauth.client';
import { DiscordSignIn } from './discord-sign-in.service';
import type { OAuthStateRecord, OAuthStatesRepository } from './oauth-states.repository';

const CLIENT_ID = '123456789012345678';
const REDIRECT = 'http://127.0.0.1:3000/api/v1/auth/oauth/discord/callback';
const DISCORD_USER = { id: '200000000000000001', username: 'trogdor', globalName: 'Trogdor' };
const MEMBER: MemberRecord = {
  personId: '11111111-1111-4111-8111-111111111111',
  discordUserId: DISCORD_USER.id,
  discordUsername: 'trogdor',
  rankLevel: RankLevel.Member,
};

/** The states table as the repository keeps it: hashes of the state and the browser, spent once. */
function memoryStates(now: () => number) {
  const rows = new Map<string, OAuthStateRecord>();
  return {
    rows,
    repository: strictMock<OAuthStatesRepository>('states', {
      save: async ({ state, provider, browserSecret, codeVerifier, redirectUri }) => {
        rows.set(oauthHash(state), {
          provider,
          browserHash: oauthHash(browserSecret),
          codeVerifier,
          redirectUri,
          userId: null,
          expiresAt: new Date(now() + OAUTH_STATE_LIFETIME_MS),
          usedAt: null,
        });
      },
      spend: async (state, provider) => {
        const row = rows.get(oauthHash(state));
        if (!row || row.provider !== provider) return null;
        const before = { ...row };
        row.usedAt = row.usedAt ?? new Date(now());
        return before;
      },
      purge: async () => undefined,
    }),
  };
}

function user(change: Partial<UserRecord> = {}): UserRecord {
  return {
    id: '22222222-2222-4222-8222-222222222222',
    username: 'trogdor',
    displayName: 'Trogdor',
    passwordHash: null,
    personId: MEMBER.personId,
    rankLevel: RankLevel.Member,
    rankName: 'Member',
    disabledAt: null,
    disabledReason: null,
    disabledCause: null,
    memberInGuild: true,
    ...change,
  };
}

function setup(
  options: { existing?: UserRecord | null; identify?: () => Promise<typeof DISCORD_USER>; member?: MemberRecord | null; configured?: boolean } = {},
) {
  const env: Record<string, string> = {
    DATABASE_URL: 'postgres://patt_auth:pw@127.0.0.1:5432/patt',
    JWT_SECRET: 'x'.repeat(32),
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: 'correct horse battery',
    DISCORD_OAUTH_URL: 'http://discord.test/oauth2/authorize',
  };
  if (options.configured !== false) Object.assign(env, { DISCORD_CLIENT_ID: CLIENT_ID, DISCORD_CLIENT_SECRET: 'the-client-secret' });
  const config = loadConfig('auth', AuthConfig, env);
  const states = memoryStates(() => Date.now());
  const discord = strictMock<DiscordOAuthClient>('discord', { identify: options.identify ?? (async () => DISCORD_USER) });
  const members = strictMock<MemberProjectionRepository>('members', { byDiscordUser: async () => (options.member === undefined ? MEMBER : options.member) });
  let account = options.existing === undefined ? user() : options.existing;
  const manager = {} as EntityManager;
  const users = strictMock<UsersRepository>('users', {
    transaction: async <T>(work: (m: EntityManager) => Promise<T>) => work(manager),
    byPerson: async () => account,
    byUsername: async () => null,
    byId: async () => account,
    insert: async (_m, made) => {
      account = user({ id: made.id, username: made.username, displayName: made.displayName });
    },
    touchLogin: async () => undefined,
  });
  const lifecycle = strictMock<AccountLifecycle>('lifecycle', { current: async (_m, u) => u });
  const session = (u: UserRecord): Session => ({
    user: { id: u.id, username: u.username, displayName: u.displayName, personId: u.personId, rank: { level: u.rankLevel, name: u.rankName }, hasPassword: u.passwordHash !== null },
    accessToken: 'access',
    refreshToken: 'rt_refresh',
    expiresIn: 900,
  });
  const tokens = strictMock<TokensService>('tokens', { issue: async (_m, u) => session(u) });
  const throttle = strictMock<ThrottleService>('throttle', { beforeOAuthStart: async () => ({ keys: [], at: new Date().toISOString() }) });
  const events = strictMock<EventPublisher>('events', { emit: async () => undefined as never });
  const service = new DiscordSignIn(config, states.repository, discord, members, users, lifecycle, tokens, throttle, events);
  const browser = oauthRandom();
  const start = async (from = browser) => {
    const { authorizeUrl } = await service.start({ browserSecret: from, redirectUri: REDIRECT, clientIp: '203.0.113.9' });
    return new URL(authorizeUrl);
  };
  return { service, states, discord, users, events, throttle, browser, start, advance: (ms: number) => jest.setSystemTime(Date.now() + ms) };
}

// Only the clock is faked (the states' expiry is judged by it); timers and promises run as ever.
beforeEach(() =>
  jest.useFakeTimers({
    now: Date.parse('2026-12-06T10:00:00Z'),
    doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask', 'clearTimeout', 'clearInterval'],
  }),
);
afterEach(() => jest.useRealTimers());

describe('signing in with Discord: starting', () => {
  it('sends the browser to Discord with the client, scope identify, a state and an S256 challenge of the verifier kept', async () => {
    const { start, states, throttle } = setup();
    const url = await start();
    expect(url.origin + url.pathname).toBe('http://discord.test/oauth2/authorize');
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({ response_type: 'code', client_id: CLIENT_ID, scope: 'identify', redirect_uri: REDIRECT, code_challenge_method: 'S256' });
    const kept = states.rows.get(oauthHash(params['state'] as string));
    expect(kept).toBeDefined();
    expect(pkceChallenge(kept?.codeVerifier as string)).toBe(params['code_challenge']);
    // Only hashes of what the browser holds are kept; the verifier never leaves.
    expect(JSON.stringify([...states.rows])).not.toContain(params['state']);
    expect(url.toString()).not.toContain(kept?.codeVerifier);
    expect(throttle.beforeOAuthStart).toHaveBeenCalledWith('203.0.113.9');
  });

  it('makes a new state and verifier each time', async () => {
    const { start } = setup();
    const [a, b] = [await start(), await start()];
    expect(a.searchParams.get('state')).not.toBe(b.searchParams.get('state'));
    expect(a.searchParams.get('code_challenge')).not.toBe(b.searchParams.get('code_challenge'));
  });

  it('answers 503 when Discord sign-in is not configured', async () => {
    const { start } = setup({ configured: false });
    await expect(start()).rejects.toMatchObject({ body: { code: 'SERVICE_UNAVAILABLE' } });
  });
});

describe('signing in with Discord: the callback', () => {
  it('exchanges the code with the kept verifier and redirect URI, and opens the member’s account', async () => {
    const { service, start, browser, discord, states } = setup();
    const state = (await start()).searchParams.get('state') as string;
    const outcome = await service.finish({ state, code: 'the-code', browserSecret: browser, clientIp: '203.0.113.9' });
    expect(outcome).toMatchObject({ session: { user: { personId: MEMBER.personId } } });
    const kept = states.rows.get(oauthHash(state));
    expect(discord.identify).toHaveBeenCalledWith('the-code', kept?.codeVerifier, REDIRECT);
  });

  it('makes the account at the member’s first sign-in, without a password, and announces it', async () => {
    const { service, start, browser, users, events } = setup({ existing: null });
    const state = (await start()).searchParams.get('state') as string;
    const outcome = await service.finish({ state, code: 'the-code', browserSecret: browser, clientIp: '203.0.113.9' });
    expect(outcome).toMatchObject({ session: { user: { username: 'trogdor', displayName: 'Trogdor', personId: MEMBER.personId } } });
    expect(users.insert).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ passwordHash: null, personId: MEMBER.personId, createdByProvider: 'discord' }),
    );
    expect(events.emit).toHaveBeenCalledWith(
      expect.anything(),
      Events.UserRegistered,
      expect.objectContaining({ personId: MEMBER.personId, username: 'trogdor' }),
    );
    expect(JSON.stringify(events.emit.mock.calls)).not.toContain('the-code');
  });

  it('refuses a state used once already, without asking Discord again', async () => {
    const { service, start, browser, discord } = setup();
    const state = (await start()).searchParams.get('state') as string;
    await service.finish({ state, code: 'the-code', browserSecret: browser, clientIp: '203.0.113.9' });
    const again = await service.finish({ state, code: 'the-code', browserSecret: browser, clientIp: '203.0.113.9' });
    expect(again).toEqual({ refused: 'OAUTH_STATE_INVALID', message: expect.stringContaining('already used') });
    expect(discord.identify).toHaveBeenCalledTimes(1);
  });

  it('refuses a state past its 10 minutes', async () => {
    const { service, start, browser, discord, advance } = setup();
    const state = (await start()).searchParams.get('state') as string;
    advance(OAUTH_STATE_LIFETIME_MS);
    expect(await service.finish({ state, code: 'the-code', browserSecret: browser, clientIp: '203.0.113.9' })).toMatchObject({
      refused: 'OAUTH_STATE_EXPIRED',
    });
    expect(discord.identify).not.toHaveBeenCalled();
  });

  it('refuses a state brought back by another browser (or none), and spends it', async () => {
    const { service, start, browser, discord } = setup();
    const state = (await start()).searchParams.get('state') as string;
    expect(await service.finish({ state, code: 'the-code', browserSecret: oauthRandom(), clientIp: '198.51.100.7' })).toMatchObject({
      refused: 'OAUTH_STATE_INVALID',
    });
    // The one who started it cannot finish it afterwards either: a state is good for one try.
    expect(await service.finish({ state, code: 'the-code', browserSecret: browser, clientIp: '203.0.113.9' })).toMatchObject({
      refused: 'OAUTH_STATE_INVALID',
    });
    const other = (await start()).searchParams.get('state') as string;
    expect(await service.finish({ state: other, code: 'the-code', clientIp: '203.0.113.9' })).toMatchObject({ refused: 'OAUTH_STATE_INVALID' });
    expect(discord.identify).not.toHaveBeenCalled();
  });

  it('refuses a state it never made', async () => {
    const { service, browser } = setup();
    expect(await service.finish({ state: oauthRandom(), code: 'the-code', browserSecret: browser, clientIp: '203.0.113.9' })).toMatchObject({
      refused: 'OAUTH_STATE_INVALID',
    });
  });

  it('tells a member who cancelled at Discord (the provider’s error) so, without an exchange', async () => {
    const { service, start, browser, discord } = setup();
    const state = (await start()).searchParams.get('state') as string;
    expect(await service.finish({ state, error: 'access_denied', browserSecret: browser, clientIp: '203.0.113.9' })).toMatchObject({
      refused: 'DISCORD_DENIED',
    });
    expect(discord.identify).not.toHaveBeenCalled();
  });

  it('refuses when the code exchange fails, and makes no account', async () => {
    const { service, start, browser, users } = setup({
      existing: null,
      identify: async () => {
        throw new DiscordOAuthFailure('token', 400, 'invalid_grant');
      },
    });
    const state = (await start()).searchParams.get('state') as string;
    expect(await service.finish({ state, code: 'a-bad-code', browserSecret: browser, clientIp: '203.0.113.9' })).toMatchObject({ refused: 'DISCORD_FAILED' });
    expect(users.insert).not.toHaveBeenCalled();
  });

  it('refuses a Discord user no member has, with the sentence the login page shows', async () => {
    const { service, start, browser, users } = setup({ member: null });
    const state = (await start()).searchParams.get('state') as string;
    const outcome = await service.finish({ state, code: 'the-code', browserSecret: browser, clientIp: '203.0.113.9' });
    expect(outcome).toEqual({ refused: 'NOT_A_MEMBER', message: expect.stringContaining('belongs to no member of the guild') });
    expect(users.insert).not.toHaveBeenCalled();
  });

  it('keeps a disabled account out, with the sentence a password login gets', async () => {
    const disabled = user({ disabledAt: new Date('2026-12-01T00:00:00Z'), disabledCause: 'officer', disabledReason: 'Spamming the raid channel.' });
    const { service, start, browser } = setup({ existing: disabled });
    const state = (await start()).searchParams.get('state') as string;
    expect(await service.finish({ state, code: 'the-code', browserSecret: browser, clientIp: '203.0.113.9' })).toEqual({
      refused: 'ACCOUNT_DISABLED',
      message: 'This account was disabled by an officer on 2026-12-01: Spamming the raid channel. Ask an officer to enable it again.',
    });
  });
});
