import { createHash, randomBytes } from 'node:crypto';
import { generateDiscordGuild } from '../model/generator';
import { DiscordStandIn } from '../stand-in';

const REDIRECT = 'http://127.0.0.1:9/api/v1/auth/oauth/discord/callback';

describe('the Discord stand-in’s OAuth2 provider (authorize page, token exchange, /users/@me)', () => {
  let discord: DiscordStandIn;

  beforeEach(async () => {
    discord = await DiscordStandIn.start({ guild: generateDiscordGuild({ seed: 3, memberCount: 12 }) });
  });

  afterEach(async () => {
    await discord.close();
  });

  const member = () => {
    const found = discord.members().find((m) => !m.user.bot);
    if (!found) throw new Error('no member');
    return found.user;
  };

  function flow(change: Record<string, string> = {}) {
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(discord.oauthUrl);
    const params = {
      response_type: 'code',
      client_id: discord.oauthClient.clientId,
      scope: 'identify',
      state: 'the-state',
      redirect_uri: REDIRECT,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ...change,
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return { authorizeUrl: url.toString(), verifier };
  }

  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

  async function exchange(code: string, verifier: string, options: { secret?: string; redirectUri?: string } = {}) {
    const response = await fetch(`${discord.apiUrl}/v10/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic(discord.oauthClient.clientId, options.secret ?? discord.oauthClient.clientSecret),
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: options.redirectUri ?? REDIRECT, code_verifier: verifier }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const me = async (authorization: string) => {
    const response = await fetch(`${discord.apiUrl}/v10/users/@me`, { headers: { authorization } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('shows a page that lists who may sign in, each a button, and a Cancel', async () => {
    const { authorizeUrl } = flow();
    const response = await fetch(authorizeUrl);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain(`Authorize as ${member().username}`);
    expect(html).toContain('value="cancel"');
    expect(html).toContain('name="state" value="the-state"');
  });

  it('signs a user in: code back to the redirect URI with the state, exchanged with the PKCE verifier for a bearer token of scope identify, /users/@me as Discord’s JSON', async () => {
    const user = member();
    const { authorizeUrl, verifier } = flow();
    const back = new URL(await discord.authorize(authorizeUrl, { userId: user.id }));
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('the-state');
    const token = await exchange(back.searchParams.get('code') as string, verifier);
    expect(token).toEqual({
      status: 200,
      body: { token_type: 'Bearer', access_token: expect.any(String), expires_in: 604800, refresh_token: expect.any(String), scope: 'identify' },
    });
    const read = await me(`Bearer ${token.body['access_token'] as string}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: user.id, username: user.username, discriminator: '0' });
    expect(discord.oauthCalls.map((c) => [c.endpoint, c.status])).toEqual([
      ['authorize', 302],
      ['token', 200],
      ['users/@me', 200],
    ]);
  });

  const revoke = async (token: string, options: { secret?: string; hint?: string } = {}) => {
    const response = await fetch(`${discord.apiUrl}/v10/oauth2/token/revoke`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic(discord.oauthClient.clientId, options.secret ?? discord.oauthClient.clientSecret),
      },
      body: new URLSearchParams({ token, token_type_hint: options.hint ?? 'access_token' }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('revokes an access token (RFC 7009, the client authenticated): recorded, and /users/@me refuses it from then on', async () => {
    const user = member();
    const { authorizeUrl, verifier } = flow();
    const back = new URL(await discord.authorize(authorizeUrl, { userId: user.id }));
    const token = (await exchange(back.searchParams.get('code') as string, verifier)).body['access_token'] as string;
    expect((await me(`Bearer ${token}`)).status).toBe(200);

    expect(await revoke(token, { secret: 'not-the-secret' })).toEqual({ status: 401, body: { error: 'invalid_client' } });
    expect((await me(`Bearer ${token}`)).status).toBe(200);
    expect(await revoke(token)).toEqual({ status: 200, body: {} });
    expect(discord.oauth.revocations).toEqual([{ userId: user.id, hint: 'access_token', at: expect.any(Number) }]);
    expect((await me(`Bearer ${token}`)).status).toBe(401);
    // Again, or a token never issued: 200 all the same, and nothing more recorded.
    expect(await revoke(token)).toEqual({ status: 200, body: {} });
    expect(await revoke('never-issued')).toEqual({ status: 200, body: {} });
    expect(discord.oauth.revocations).toHaveLength(1);
    expect(discord.oauthCalls.filter((c) => c.endpoint === 'token/revoke').map((c) => [c.status, c.userId])).toEqual([
      [401, undefined],
      [200, user.id],
      [200, undefined],
      [200, undefined],
    ]);

    discord.oauth.failRevocationsWith = 503;
    expect(await revoke('anything')).toEqual({ status: 503, body: { error: 'temporarily_unavailable' } });
  });

  it('sends a Cancel back as access_denied, with the state', async () => {
    const back = new URL(await discord.authorize(flow().authorizeUrl, 'cancel'));
    expect(Object.fromEntries(back.searchParams)).toEqual({ error: 'access_denied', error_description: expect.any(String), state: 'the-state' });
  });

  it('refuses a wrong verifier, a reused code, a wrong redirect URI and a wrong client, as Discord answers them', async () => {
    const user = member();
    const first = flow();
    const code = new URL(await discord.authorize(first.authorizeUrl, { userId: user.id })).searchParams.get('code') as string;
    expect(await exchange(code, randomBytes(32).toString('base64url'))).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid "code_verifier" in request.' },
    });
    // Spent by the failed try.
    expect(await exchange(code, first.verifier)).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid "code" in request.' } });

    const second = flow();
    const code2 = new URL(await discord.authorize(second.authorizeUrl, { userId: user.id })).searchParams.get('code') as string;
    expect(await exchange(code2, second.verifier, { redirectUri: 'http://elsewhere.test/cb' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });

    const third = flow();
    const code3 = new URL(await discord.authorize(third.authorizeUrl, { userId: user.id })).searchParams.get('code') as string;
    expect(await exchange(code3, third.verifier, { secret: 'not-the-secret' })).toEqual({ status: 401, body: { error: 'invalid_client' } });
    expect(await exchange('never-issued', third.verifier)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('shows an error page for an unknown client or a plain challenge method, and sends nobody back', async () => {
    for (const change of [{ client_id: '1' }, { code_challenge_method: 'plain' }, { scope: 'bot' }] as Array<Record<string, string>>) {
      const response = await fetch(flow(change).authorizeUrl);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('role="alert"');
    }
  });

  it('lets a stranger (in no guild) authorize, and answers /users/@me 401 to a bad bearer token while the bot’s own /users/@me is unchanged', async () => {
    const stranger = discord.oauth.addStranger({ username: 'wanderer' });
    const { authorizeUrl, verifier } = flow();
    const code = new URL(await discord.authorize(authorizeUrl, { userId: stranger.id })).searchParams.get('code') as string;
    const token = await exchange(code, verifier);
    expect((await me(`Bearer ${token.body['access_token'] as string}`)).body).toMatchObject({ id: stranger.id, username: 'wanderer' });
    expect(await me('Bearer not-a-token')).toEqual({ status: 401, body: { message: '401: Unauthorized', code: 0 } });
    expect((await me(`Bot ${discord.token}`)).body).toMatchObject({ id: discord.botUserId });
  });
});
