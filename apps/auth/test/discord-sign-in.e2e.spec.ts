// Signing in with Discord through real processes: the gateway and auth on their own database and
// bus, the Discord stand-in as Discord (its authorize page's form, its token endpoint and
// /users/@me). The member's link is announced as identity announces it (member-matched).
import type { Client } from 'pg';
import { DISCORD_SIGN_IN_REFUSALS } from '@patt/contracts';
import { DiscordStandIn, eventually, TestBrowser as Browser, TestJson, TestPlatform } from '@patt/testing';
import { AuthWithDiscord, startAuthWithDiscord } from './support/discord-sign-in';

jest.setTimeout(240_000);

type Json = TestJson;

describe('signing in with Discord', () => {
  let auth: AuthWithDiscord;
  let platform: TestPlatform;
  let discord: DiscordStandIn;
  let db: Client;

  beforeAll(async () => {
    auth = await startAuthWithDiscord(21, 8);
    ({ platform, discord, db } = auth);
  });

  afterAll(async () => {
    await auth?.stop();
  });

  const members = () => auth.members();
  /** The member identity linked to this Discord user, once auth has heard of it. */
  const linkedMember = (discordUserId: string, discordUsername: string) => auth.linkedMember(discordUserId, discordUsername);

  /** The whole flow in one browser: start, the stand-in's page decides, back to the callback. */
  async function signIn(browser: Browser, decision: { userId: string } | 'cancel') {
    const started = await browser.post('/api/v1/auth/oauth/discord');
    expect(started.status).toBe(200);
    const back = await discord.authorize(started.body.data.authorizeUrl as string, decision);
    return { back, callback: await browser.visit(back) };
  }

  it('makes the linked member’s account at the first sign-in and signs them in as a password login would', async () => {
    const user = members()[0]!.user;
    const personId = await linkedMember(user.id, user.username);
    const browser = new Browser(platform.gatewayUrl);

    const started = await browser.post('/api/v1/auth/oauth/discord');
    expect(started.status).toBe(200);
    const authorize = new URL(started.body.data.authorizeUrl as string);
    expect(authorize.origin + authorize.pathname).toBe(discord.oauthUrl);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: discord.oauthClient.clientId,
      scope: 'identify',
      code_challenge_method: 'S256',
      redirect_uri: `${platform.gatewayUrl}/api/v1/auth/oauth/discord/callback`,
    });
    expect(browser.cookies.has('patt_oauth_discord')).toBe(true);

    const back = await discord.authorize(authorize.toString(), { userId: user.id });
    const callback = await browser.visit(back);
    expect({ status: callback.status, location: callback.location }).toEqual({ status: 302, location: '/' });
    expect(browser.cookies.get('patt_session')).toBe('1');
    expect(browser.cookies.has('patt_refresh')).toBe(true);
    expect(browser.cookies.has('patt_oauth_discord')).toBe(false);

    // The web app's first load: the refresh cookie speaks.
    const session = await browser.post('/api/v1/auth/refresh');
    expect(session.status).toBe(200);
    expect(session.body.data.user).toMatchObject({ personId, username: user.username, rank: { level: 2 } });
    const { rows } = await db.query('SELECT id, password_hash, created_by_provider FROM auth.users WHERE person_id = $1', [personId]);
    expect(rows).toEqual([{ id: session.body.data.user.id, password_hash: null, created_by_provider: 'discord' }]);
    // The code was exchanged by auth, with the verifier, and the token revoked once read; the state is spent.
    await eventually('the token is revoked', async () => discord.oauth.revocations.some((r) => r.userId === user.id));
    expect(discord.oauth.revocations).toEqual([{ userId: user.id, hint: 'access_token', at: expect.any(Number) }]);
    expect(discord.oauthCalls.slice(-3).map((c) => [c.endpoint, c.status, c.userId])).toEqual([
      ['token', 200, user.id],
      ['users/@me', 200, user.id],
      ['token/revoke', 200, user.id],
    ]);
    expect((await browser.visit(back)).location).toBe('/login?error=OAUTH_STATE_INVALID');

    // No password opens an account made by Discord.
    const password = await new Browser(platform.gatewayUrl).post('/api/v1/auth/login', { username: user.username, password: 'correct horse battery' });
    expect(password.status).toBe(401);

    // Again: the same account, no other.
    const again = new Browser(platform.gatewayUrl);
    expect((await signIn(again, { userId: user.id })).callback.location).toBe('/');
    expect((await again.post('/api/v1/auth/refresh')).body.data.user.id).toBe(session.body.data.user.id);
    expect((await db.query('SELECT count(*)::int AS n FROM auth.users WHERE person_id = $1', [personId])).rows[0].n).toBe(1);
  });

  it('signs the member in all the same when Discord will not revoke the token, and logs the failure without it', async () => {
    const user = members()[3]!.user;
    await linkedMember(user.id, user.username);
    discord.oauth.failRevocationsWith = 503;
    try {
      const browser = new Browser(platform.gatewayUrl);
      expect((await signIn(browser, { userId: user.id })).callback.location).toBe('/');
      expect((await browser.post('/api/v1/auth/refresh')).body.data.user.username).toBe(user.username);
      await eventually('the revocation was tried', async () =>
        discord.oauthCalls.some((c) => c.endpoint === 'token/revoke' && c.status === 503),
      );
      await eventually('the failure is logged', async () =>
        (platform.services.get('auth')?.output ?? []).some((line) => line.includes('refused to revoke')),
      );
      const line = (platform.services.get('auth')?.output ?? []).find((l) => l.includes('refused to revoke')) as string;
      expect(line).toContain('"status":503');
      expect(line).not.toMatch(/Bearer|Basic|access_token"|token":/);
    } finally {
      discord.oauth.failRevocationsWith = null;
    }
  });

  it('refuses a Discord user no member has, with the sentence for the login page, and makes nothing', async () => {
    const stranger = discord.oauth.addStranger({ username: 'wanderer' });
    const before = (await db.query('SELECT count(*)::int AS n FROM auth.users')).rows[0].n as number;
    const browser = new Browser(platform.gatewayUrl);
    const { callback } = await signIn(browser, { userId: stranger.id });
    expect({ status: callback.status, location: callback.location }).toEqual({ status: 302, location: '/login?error=NOT_A_MEMBER' });
    expect(browser.cookies.has('patt_refresh')).toBe(false);
    expect(browser.cookies.has('patt_session')).toBe(false);
    expect((await db.query('SELECT count(*)::int AS n FROM auth.users')).rows[0].n).toBe(before);
    expect(DISCORD_SIGN_IN_REFUSALS.NOT_A_MEMBER).toMatch(/no member of the guild/);
  });

  it('keeps a disabled account out', async () => {
    const user = members()[1]!.user;
    const personId = await linkedMember(user.id, user.username);
    const first = new Browser(platform.gatewayUrl);
    expect((await signIn(first, { userId: user.id })).callback.location).toBe('/');
    // As an officer's disable leaves it (the officers' route goes through identity, not running here).
    const { rowCount } = await db.query(
      `UPDATE auth.users SET disabled_at = now(), disabled_reason = 'Testing the door.', disabled_cause = 'officer' WHERE person_id = $1`,
      [personId],
    );
    expect(rowCount).toBe(1);
    const browser = new Browser(platform.gatewayUrl);
    const { callback } = await signIn(browser, { userId: user.id });
    expect({ status: callback.status, location: callback.location }).toEqual({ status: 302, location: '/login?error=ACCOUNT_DISABLED' });
    expect(browser.cookies.has('patt_refresh')).toBe(false);
  });

  it('refuses a state brought back by another browser, and one the member cancelled', async () => {
    const user = members()[0]!.user;
    const starter = new Browser(platform.gatewayUrl);
    const started = await starter.post('/api/v1/auth/oauth/discord');
    const back = await discord.authorize(started.body.data.authorizeUrl as string, { userId: user.id });
    const elsewhere = new Browser(platform.gatewayUrl);
    await elsewhere.post('/api/v1/auth/oauth/discord'); // a binding cookie of its own
    expect((await elsewhere.visit(back)).location).toBe('/login?error=OAUTH_STATE_INVALID');
    expect(elsewhere.cookies.has('patt_refresh')).toBe(false);
    // Spent by that try: the one who started it cannot use it either.
    expect((await starter.visit(back)).location).toBe('/login?error=OAUTH_STATE_INVALID');

    const cancelled = await signIn(new Browser(platform.gatewayUrl), 'cancel');
    expect(cancelled.callback.location).toBe('/login?error=DISCORD_DENIED');
  });

  it('lets one of two callbacks racing with one state through, and refuses the other', async () => {
    const user = members()[0]!.user;
    const browser = new Browser(platform.gatewayUrl);
    const started = await browser.post('/api/v1/auth/oauth/discord');
    const back = await discord.authorize(started.body.data.authorizeUrl as string, { userId: user.id });
    const cookie = `patt_oauth_discord=${browser.cookies.get('patt_oauth_discord') as string}`;
    const both = await Promise.all([0, 1].map(() => fetch(back, { headers: { cookie }, redirect: 'manual' })));
    expect(both.map((r) => r.headers.get('location')).sort()).toEqual(['/', '/login?error=OAUTH_STATE_INVALID']);
  });

  it('answers bad input with the envelope', async () => {
    const browser = new Browser(platform.gatewayUrl);
    const noState = await browser.visit('/api/v1/auth/oauth/discord/callback?code=abc');
    expect(noState.status).toBe(400);
    expect(JSON.parse(noState.body)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', details: [{ field: 'state' }] });
    const unknown = await browser.visit('/api/v1/auth/oauth/discord/callback?state=s&code=c&extra=1');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    const body = await browser.post('/api/v1/auth/oauth/discord', { redirect: 'http://evil.test' });
    expect(body.status).toBe(400);
    expect(body.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });

  it('never logs the code, the state, the client secret or a token', async () => {
    const user = members()[0]!.user;
    const browser = new Browser(platform.gatewayUrl);
    const { back } = await signIn(browser, { userId: user.id });
    const params = new URL(back).searchParams;
    await eventually('the callback is logged', async () =>
      [...platform.services.values()]
        .flatMap((s) => s.output)
        .join('\n')
        .includes('/oauth/discord/callback'),
    );
    const everything = [...platform.services.values()].flatMap((s) => s.output).join('\n');
    for (const secret of [
      params.get('code') as string,
      params.get('state') as string,
      discord.oauthClient.clientSecret,
      browser.cookies.get('patt_refresh') as string,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  // Last: it spends this address's starts.
  it('refuses starts past 30 per address in 10 minutes with a 429 that says when to try again', async () => {
    const browser = new Browser(platform.gatewayUrl);
    let refused: { status: number; body: Json } | undefined;
    for (let i = 0; i < 31 && !refused; i += 1) {
      const answer = await browser.post('/api/v1/auth/oauth/discord');
      if (answer.status !== 200) refused = answer;
    }
    expect(refused).toMatchObject({ status: 429, body: { ok: false, code: 'RATE_LIMITED' } });
    expect(refused?.body.details).toEqual([{ retryAfterSeconds: expect.any(Number) }]);
    // Every start that passed kept one state; none past the limit did.
    expect((await db.query(`SELECT count(*)::int AS n FROM auth.oauth_states WHERE provider = 'discord'`)).rows[0].n).toBe(30);
  });
});
