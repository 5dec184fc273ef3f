// A member's own password (POST /api/v1/auth/password) through real processes: the gateway and
// auth on their own database and bus, the Discord stand-in as Discord. An account made by signing
// in with Discord has no password; its member sets one from the profile, then changes it.
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { Events } from '@patt/contracts';
import { DiscordStandIn, eventually, freePort, startProcess, TestBrowser, TestPlatform } from '@patt/testing';
import { AuthWithDiscord, startAuthWithDiscord } from './support/discord-sign-in';

jest.setTimeout(240_000);

const FIRST = 'first password of mine';
const SECOND = 'second password of mine';

describe('a member’s own password', () => {
  let auth: AuthWithDiscord;
  let platform: TestPlatform;
  let discord: DiscordStandIn;
  let db: Client;

  beforeAll(async () => {
    auth = await startAuthWithDiscord(33, 6);
    ({ platform, discord, db } = auth);
  });

  afterAll(async () => {
    await auth?.stop();
  });

  const members = () => auth.members();
  /** The member identity linked to this Discord user, once auth has heard of it. */
  const linkedMember = (discordUserId: string, discordUsername: string) => auth.linkedMember(discordUserId, discordUsername);

  /** Signs the browser in with Discord and restores its session as the web app does (the cookie's refresh). */
  async function signInWithDiscord(userId: string): Promise<TestBrowser> {
    const browser = new TestBrowser(platform.gatewayUrl);
    const started = await browser.post('/api/v1/auth/oauth/discord');
    const back = await discord.authorize(started.body.data.authorizeUrl as string, { userId });
    expect((await browser.visit(back)).location).toBe('/');
    const session = await browser.post('/api/v1/auth/refresh');
    expect(session.status).toBe(200);
    browser.accessToken = session.body.data.accessToken as string;
    return browser;
  }

  async function signInWithPassword(username: string, password: string): Promise<{ status: number; browser: TestBrowser; code?: string }> {
    const browser = new TestBrowser(platform.gatewayUrl);
    const answer = await browser.post('/api/v1/auth/login', { username, password });
    if (answer.status === 200) browser.accessToken = answer.body.data.accessToken as string;
    return { status: answer.status, browser, code: answer.body.code };
  }

  it('sets a first password on an account made by Discord, then changes it, ending the other sign-ins but the caller’s', async () => {
    const user = members()[0]!.user;
    await linkedMember(user.id, user.username);
    const phone = await signInWithDiscord(user.id);
    const me = await phone.get('/api/v1/auth/me');
    expect(me.body.data).toMatchObject({ username: user.username, hasPassword: false });

    // Nothing to give as the current password: refused, with the field named.
    const withCurrent = await phone.post('/api/v1/auth/password', { currentPassword: 'anything at all', password: FIRST });
    expect(withCurrent).toMatchObject({ status: 400, body: { ok: false, code: 'VALIDATION_FAILED', details: [{ field: 'currentPassword' }] } });
    expect(withCurrent.body.error).toMatch(/no password yet/);

    const first = await phone.post('/api/v1/auth/password', { password: FIRST });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ username: user.username, hasPassword: true });
    // The gateway's cached answer went with it.
    expect((await phone.get('/api/v1/auth/me')).body.data.hasPassword).toBe(true);
    // A first password ends no sign-in: the phone's goes on.
    const phoneRefresh = await phone.post('/api/v1/auth/refresh');
    expect(phoneRefresh.status).toBe(200);
    expect(phoneRefresh.body.data.user.hasPassword).toBe(true);
    phone.accessToken = phoneRefresh.body.data.accessToken as string;

    // The username and the new password open it now.
    const laptop = await signInWithPassword(user.username, FIRST);
    expect(laptop.status).toBe(200);

    // An account with a password cannot use the first-password form.
    const noCurrent = await laptop.browser.post('/api/v1/auth/password', { password: SECOND });
    expect(noCurrent).toMatchObject({ status: 400, body: { ok: false, code: 'VALIDATION_FAILED', details: [{ field: 'currentPassword' }] } });
    expect(noCurrent.body.error).toMatch(/send the current one/);

    const wrong = await laptop.browser.post('/api/v1/auth/password', { currentPassword: 'not my password', password: SECOND });
    expect(wrong).toMatchObject({
      status: 400,
      body: { ok: false, code: 'VALIDATION_FAILED', error: 'The current password is wrong.', details: [{ field: 'currentPassword' }] },
    });

    const changed = await laptop.browser.post('/api/v1/auth/password', { currentPassword: FIRST, password: SECOND });
    expect(changed.status).toBe(200);
    expect(changed.body.data.hasPassword).toBe(true);

    // The laptop's sign-in (its cookie) goes on; the phone's ended, its access token at once too.
    await eventually('the phone’s access token refused', async () => (await phone.get('/api/v1/auth/me')).status === 401);
    expect((await laptop.browser.get('/api/v1/auth/me')).status).toBe(200);
    expect((await laptop.browser.post('/api/v1/auth/refresh')).status).toBe(200);
    expect((await phone.post('/api/v1/auth/refresh')).status).toBe(401);
    const { rows: ended } = await db.query(`SELECT payload FROM auth.outbox WHERE subject = $1 AND payload->>'userId' = $2`, [Events.LoginsEnded, me.body.data.id]);
    expect(ended.map((row: { payload: unknown }) => row.payload)).toEqual([{ userId: me.body.data.id, loginIds: [expect.any(String)], cause: 'password_changed', at: expect.any(String) }]);
    const { rows: set } = await db.query(`SELECT payload FROM auth.outbox WHERE subject = $1 AND payload->>'userId' = $2 ORDER BY seq`, [Events.PasswordSet, me.body.data.id]);
    expect(set.map((row: { payload: { how: string } }) => row.payload.how)).toEqual(['first', 'changed']);
    expect((await signInWithPassword(user.username, FIRST)).status).toBe(401);
    expect((await signInWithPassword(user.username, SECOND)).status).toBe(200);
  });

  it('ends every other sign-in of an API client that has no refresh cookie, and answers a race from one password once', async () => {
    const user = members()[1]!.user;
    await linkedMember(user.id, user.username);
    const browser = await signInWithDiscord(user.id);
    expect((await browser.post('/api/v1/auth/password', { password: FIRST })).status).toBe(200);

    const client = await signInWithPassword(user.username, FIRST);
    client.browser.cookies.clear(); // an API client: tokens in JSON, no cookie
    const both = await Promise.all([
      client.browser.post('/api/v1/auth/password', { currentPassword: FIRST, password: SECOND }),
      client.browser.post('/api/v1/auth/password', { currentPassword: FIRST, password: 'a third password here' }),
    ]);
    // One wins. The other finds the password replaced under it (409), or, when it came a moment
    // later, no longer the current one (400): never a second change from the same password.
    expect(both.filter((a) => a.status === 200)).toHaveLength(1);
    const loser = both.find((a) => a.status !== 200);
    expect([
      { status: 409, code: 'CONFLICT', meanwhile: true },
      { status: 400, code: 'VALIDATION_FAILED', meanwhile: false },
    ]).toContainEqual({ status: loser?.status, code: loser?.body.code, meanwhile: /changed meanwhile/.test(loser?.body.error ?? '') });
    const { rows } = await db.query(
      `SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS open FROM auth.refresh_tokens t JOIN auth.users u ON u.id = t.user_id WHERE u.username = $1`,
      [user.username],
    );
    expect(rows[0].open).toBe(0);
    expect((await browser.post('/api/v1/auth/refresh')).status).toBe(401);
  });

  it('refuses a disabled account', async () => {
    const user = members()[2]!.user;
    const personId = await linkedMember(user.id, user.username);
    const browser = await signInWithDiscord(user.id);
    await db.query(`UPDATE auth.users SET disabled_at = now(), disabled_reason = 'Testing the door.', disabled_cause = 'officer' WHERE person_id = $1`, [
      personId,
    ]);
    const answer = await browser.post('/api/v1/auth/password', { password: FIRST });
    expect(answer).toMatchObject({ status: 403, body: { ok: false, code: 'ACCOUNT_DISABLED', error: expect.stringMatching(/Testing the door/) } });
    expect((await db.query('SELECT password_hash FROM auth.users WHERE person_id = $1', [personId])).rows[0].password_hash).toBeNull();
  });

  it('says a first password on every gateway replica at once, not only on the one it went through', async () => {
    const user = members()[3]!.user;
    await linkedMember(user.id, user.username);
    const browser = await signInWithDiscord(user.id);
    const port = await freePort();
    const other = await startProcess('gateway (second replica)', {
      app: 'gateway',
      env: { ...platform.envOf('gateway'), PORT: String(port) },
      readyUrl: `http://127.0.0.1:${port}/api/v1/version`,
    });
    try {
      const meThere = async () => {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, { headers: { authorization: `Bearer ${browser.accessToken}` } });
        return ((await response.json()) as { data: { hasPassword: boolean } }).data.hasPassword;
      };
      // The other replica has the account cached (30 s at most) from before the password.
      expect(await meThere()).toBe(false);
      expect((await browser.post('/api/v1/auth/password', { password: FIRST })).status).toBe(200);
      // auth's password-set reaches it in milliseconds; without it, its copy would stand for up to
      // 30 s, past this wait.
      await eventually('the other replica to say hasPassword', meThere, 10_000);
    } finally {
      await other.stop();
    }
    const { rows } = await db.query(`SELECT payload FROM auth.outbox WHERE subject = $1 AND payload->>'userId' = (SELECT id::text FROM auth.users WHERE username = $2)`, [
      Events.PasswordSet,
      user.username,
    ]);
    expect(rows.map((row: { payload: unknown }) => row.payload)).toEqual([{ userId: expect.any(String), how: 'first', at: expect.any(String) }]);
  });

  it('answers bad input with the envelope, and no caller without a token', async () => {
    const anonymous = new TestBrowser(platform.gatewayUrl);
    expect(await anonymous.post('/api/v1/auth/password', { password: FIRST })).toMatchObject({ status: 401, body: { ok: false, code: 'UNAUTHENTICATED' } });

    const leader = await signInWithPassword('guildmaster', 'correct horse battery');
    const bad: Array<[unknown, string]> = [
      [{}, 'password'],
      [{ currentPassword: 'correct horse battery' }, 'password'],
      [{ password: 12345678 }, 'password'],
      [{ password: 'short' }, 'password'],
      [{ password: 'x'.repeat(73) }, 'password'],
      [{ password: { value: 'nested password' } }, 'password'],
      [{ currentPassword: 42, password: SECOND }, 'currentPassword'],
      [{ currentPassword: ['correct horse battery'], password: SECOND }, 'currentPassword'],
      [{ currentPassword: '', password: SECOND }, 'currentPassword'],
    ];
    for (const [body, field] of bad) {
      const answer = await leader.browser.post('/api/v1/auth/password', body);
      expect({ body, status: answer.status, code: answer.body.code, fields: answer.body.details?.map((d) => d.field) }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: expect.arrayContaining([field]),
      });
      expect(answer.body.error).toEqual(expect.any(String));
    }
    const short = await leader.browser.post('/api/v1/auth/password', { currentPassword: 'correct horse battery', password: 'short' });
    expect(short.body.details).toEqual([{ field: 'password', problems: ['password must be at least 8 bytes'] }]);
    const unknown = await leader.browser.post('/api/v1/auth/password', { password: SECOND, currentPassword: 'correct horse battery', userId: randomUUID() });
    expect(unknown).toMatchObject({ status: 400, body: { ok: false, code: 'VALIDATION_FAILED' } });
    const deep = await leader.browser.post('/api/v1/auth/password', `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`);
    expect(deep).toMatchObject({ status: 400, body: { ok: false } });
    // None of it changed the password.
    expect((await signInWithPassword('guildmaster', 'correct horse battery')).status).toBe(200);
  });

  // Last: it spends this address's guesses at the leader's password.
  it('counts wrong current passwords as failed sign-ins: the sign-in page’s limit stops both', async () => {
    const leader = await signInWithPassword('guildmaster', 'correct horse battery');
    const answers = [];
    for (let i = 0; i < 6; i += 1) {
      answers.push(await leader.browser.post('/api/v1/auth/password', { currentPassword: `wrong guess ${i}`, password: SECOND }));
    }
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 429]);
    expect(answers[5]?.body).toMatchObject({ ok: false, code: 'RATE_LIMITED', details: [{ retryAfterSeconds: expect.any(Number) }] });
    expect((await signInWithPassword('guildmaster', 'correct horse battery')).code).toBe('RATE_LIMITED');
  });

  it('never logs a password', async () => {
    const everything = [...platform.services.values()].flatMap((s) => s.output).join('\n');
    expect(everything).toContain('a password was changed');
    for (const secret of [FIRST, SECOND, 'not my password', 'correct horse battery']) expect(everything).not.toContain(secret);
  });
});
