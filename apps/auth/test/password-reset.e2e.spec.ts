import { Client } from 'pg';
import { Actor, ErrorCode, Events, PASSWORD_RESET_MINUTES, passwordResetLink, RankLevel, Requests } from '@patt/contracts';
import { ServiceClient } from '@patt/service-kit';
import { clientAs, eventually, memberKnownToAuth, TestPlatform } from '@patt/testing';
import { AuthForTheBot, botActorOf, refusal, startAuthForTheBot } from './support/bot-requests';

jest.setTimeout(120_000);

type Json = {
  ok: boolean;
  data: Record<string, unknown> | null;
  code?: string;
  error?: string;
  details?: Array<{ field: string; problems: string[] }>;
};

describe('password resets: a one-time link for the bot to DM, set through the gateway', () => {
  let suite: AuthForTheBot;
  let platform: TestPlatform;
  let db: Client;
  let bot: ServiceClient;

  beforeAll(async () => {
    suite = await startAuthForTheBot('reset-test-bot', { gateway: { TRUST_PROXY: '1' } });
    ({ platform, db, bot } = suite);
  });

  afterAll(async () => {
    await suite?.stop();
  });

  let forwardedFor = 1;
  const call = async (method: string, path: string, body?: unknown, options: { token?: string; ip?: string } = {}) => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        'x-forwarded-for': options.ip ?? `10.2.${Math.floor(forwardedFor / 250)}.${(forwardedFor++ % 250) + 1}`,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
  };
  const login = (username: string, password: string) => call('POST', '/auth/login', { username, password });

  /** A member with an account (registered from an officer's invite): the bot's actor for them, and their first session. */
  async function memberWithAccount(
    username: string,
    password = 'the first password',
  ): Promise<{ actor: Actor; refreshToken: string; accessToken: string; personId: string }> {
    const personId = await memberKnownToAuth(platform, { discordUsername: username });
    const admin = (await login('guildmaster', 'correct horse battery')).body.data?.['accessToken'] as string;
    const invite = await call('POST', `/members/${personId}/invites`, {}, { token: admin });
    const registered = await call('POST', '/auth/register', { inviteCode: invite.body.data?.['code'], username, password });
    expect(registered.status).toBe(201);
    const actor = await botActorOf(db, personId, username, RankLevel.Member);
    return { actor, refreshToken: registered.body.data?.['refreshToken'] as string, accessToken: registered.body.data?.['accessToken'] as string, personId };
  }

  const askForLink = (actor: Actor | null) => bot.send(Requests.PasswordResetsCreate, {}, { actor });
  /** The per-member throttle (one link in 2 minutes) set aside, for a test that needs a second link now. */
  const forgetLinkThrottle = () => db.query(`DELETE FROM auth.throttle_windows WHERE key LIKE 'password-reset:%'`);

  it('makes a link for the member who asked; the password set with it ends every old sign-in', async () => {
    const { actor, refreshToken, accessToken } = await memberWithAccount('tasslehoff');
    expect((await call('GET', '/auth/me', undefined, { token: accessToken })).status).toBe(200);
    const before = Date.now();
    const issued = await askForLink(actor);
    expect(issued.token).toMatch(/^pwr_[A-Za-z0-9_-]{43}$/);
    const expiresIn = new Date(issued.expiresAt).getTime() - before;
    expect(expiresIn).toBeGreaterThan((PASSWORD_RESET_MINUTES - 1) * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(PASSWORD_RESET_MINUTES * 60_000 + 5_000);
    expect(passwordResetLink('https://patt.example/', issued.token)).toBe(`https://patt.example/reset-password#token=${issued.token}`);

    // The token rests nowhere: the table has its hash, no event or log line names it.
    const { rows: stored } = await db.query('SELECT row_to_json(r)::text AS row FROM auth.password_resets r');
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.map((row: { row: string }) => row.row).join()).not.toContain(issued.token);
    const { rows: outbox } = await db.query('SELECT payload::text AS payload FROM auth.outbox');
    expect(outbox.map((row: { payload: string }) => row.payload).join()).not.toContain(issued.token.slice(4));

    const set = await call('POST', '/auth/reset-password', { token: issued.token, password: 'a brand new password' });
    expect(set).toMatchObject({ status: 200, body: { ok: true, data: null } });
    expect(set.headers.get('cache-control')).toContain('no-store');

    expect((await login('tasslehoff', 'the first password')).status).toBe(401);
    const signedIn = await login('tasslehoff', 'a brand new password');
    expect(signedIn.status).toBe(200);
    // The sign-in from before the reset is over; the new one works.
    const old = await call('POST', '/auth/refresh', { refreshToken });
    expect(old.status).toBe(401);
    // Its access token too, at once (logins-ended), not after the rest of its 15 minutes.
    await eventually('the access token from before the reset refused', async () => (await call('GET', '/auth/me', undefined, { token: accessToken })).status === 401);
    expect((await call('GET', '/auth/me', undefined, { token: signedIn.body.data?.['accessToken'] as string })).status).toBe(200);
    const { rows: ended } = await db.query(
      `SELECT o.payload, u.id AS "userId" FROM auth.outbox o JOIN auth.users u ON u.id::text = o.payload->>'userId' WHERE o.subject = $1 AND u.username = 'tasslehoff'`,
      [Events.LoginsEnded],
    );
    expect(ended).toEqual([{ userId: expect.any(String), payload: { userId: ended[0]?.userId, loginIds: [expect.any(String)], cause: 'password_reset', at: expect.any(String) } }]);
    const { rows: passwordSet } = await db.query(
      `SELECT o.payload FROM auth.outbox o JOIN auth.users u ON u.id::text = o.payload->>'userId' WHERE o.subject = $1 AND u.username = 'tasslehoff'`,
      [Events.PasswordSet],
    );
    expect(passwordSet.map((row: { payload: unknown }) => row.payload)).toEqual([{ userId: ended[0]?.userId, how: 'reset', at: expect.any(String) }]);
    expect((await call('POST', '/auth/refresh', { refreshToken: signedIn.body.data?.['refreshToken'] })).status).toBe(200);

    // Used once, never again.
    const again = await call('POST', '/auth/reset-password', { token: issued.token, password: 'yet another password' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ ok: false, code: ErrorCode.BadRequest, error: expect.stringContaining('/reset-password') });
    expect((await login('tasslehoff', 'a brand new password')).status).toBe(200);

    const logs = [...(platform.services.get('auth')?.output ?? []), ...(platform.services.get('gateway')?.output ?? [])].join('\n');
    expect(logs).toContain('a password-reset link was made');
    expect(logs).not.toContain(issued.token.slice(4));
  });

  it('refuses an expired link, and one a newer link replaced', async () => {
    const { actor } = await memberWithAccount('flint');
    const first = await askForLink(actor);
    await forgetLinkThrottle();
    const second = await askForLink(actor);
    const replaced = await call('POST', '/auth/reset-password', { token: first.token, password: 'never set this one' });
    expect(replaced).toMatchObject({ status: 400, body: { code: ErrorCode.BadRequest } });

    // Time passes: the link's 30 minutes are over.
    await db.query("UPDATE auth.password_resets SET expires_at = now() - interval '1 second' WHERE used_at IS NULL AND revoked_at IS NULL");
    const expired = await call('POST', '/auth/reset-password', { token: second.token, password: 'never set this either' });
    expect(expired).toMatchObject({ status: 400, body: { code: ErrorCode.BadRequest } });
    expect((await login('flint', 'the first password')).status).toBe(200);
  });

  it('makes links only for a member asking from their own linked Discord account, with an account that works, one every 2 minutes', async () => {
    const { actor, personId } = await memberWithAccount('sturm');
    const otherUser = await refusal(askForLink({ ...actor, discordUserId: '123456789012345678' }));
    expect(otherUser.code).toBe(ErrorCode.Forbidden);
    const noDiscord = await refusal(askForLink({ ...actor, discordUserId: undefined }));
    expect(noDiscord.code).toBe(ErrorCode.Forbidden);
    const noActor = await refusal(askForLink(null));
    expect(noActor.code).toBe(ErrorCode.Unauthenticated);

    const withoutAccount = await memberKnownToAuth(platform, { discordUsername: 'caramon' });
    const none = await refusal(askForLink(await botActorOf(db, withoutAccount, 'caramon', RankLevel.Member)));
    expect(none).toMatchObject({ code: ErrorCode.Conflict, message: expect.stringContaining('/get-account') });

    // Refusals cost nothing: the member still gets a link, then must wait for the next one.
    await askForLink(actor);
    const tooSoon = await refusal(askForLink(actor));
    expect(tooSoon.code).toBe(ErrorCode.RateLimited);

    // A disabled account: no link, and a link made before cannot set its password.
    await forgetLinkThrottle();
    const before = await askForLink(actor);
    // As an officer's disable leaves it (that route needs identity, which this suite does not run).
    await db.query(
      `UPDATE auth.users SET disabled_at = now(), disabled_reason = 'Gone to Solamnia.', disabled_cause = 'officer' WHERE person_id = $1`,
      [personId],
    );
    await forgetLinkThrottle();
    expect((await refusal(askForLink(actor))).code).toBe(ErrorCode.Conflict);
    const blocked = await call('POST', '/auth/reset-password', { token: before.token, password: 'while disabled' });
    expect(blocked).toMatchObject({ status: 403, body: { code: ErrorCode.AccountDisabled } });
  });

  it('only the bot may ask for a link: the gateway’s user is refused by the bus', async () => {
    const gateway = await clientAs(platform, 'gateway', 'reset-test-gateway', 2_000);
    try {
      const refused = await refusal(
        gateway.send(Requests.PasswordResetsCreate, {}, { actor: { userId: 'x', personId: null, username: 'x', rank: 5 } }),
      );
      expect(refused.code).toBe(ErrorCode.ServiceUnavailable);
    } finally {
      await gateway.onApplicationShutdown();
    }
  });

  it.each([
    ['no token', { password: 'a good password' }, 'token'],
    ['a token too short', { token: 'short', password: 'a good password' }, 'token'],
    ['a short password', { token: 'pwr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', password: 'short' }, 'password'],
    ['a password over 72 bytes', { token: 'pwr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', password: 'é'.repeat(37) }, 'password'],
    [
      'an unknown field',
      { token: 'pwr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', password: 'a good password', username: 'x' },
      'username',
    ],
  ])('answers %s with a 400 envelope naming the field', async (_what, body, field) => {
    const answer = await call('POST', '/auth/reset-password', body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ ok: false, code: ErrorCode.ValidationFailed });
    expect(answer.body.details?.map((detail) => detail.field)).toContain(field);
  });

  it('answers an unknown token like a used one, and not JSON with 415', async () => {
    const unknown = await call('POST', '/auth/reset-password', {
      token: 'pwr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      password: 'a good password',
    });
    expect(unknown).toMatchObject({ status: 400, body: { ok: false, code: ErrorCode.BadRequest } });
    const response = await fetch(`${platform.gatewayUrl}/api/v1/auth/reset-password`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(response.status).toBe(415);
  });
});
