import { sign } from 'jsonwebtoken';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { Events } from '@patt/contracts';
import { eventually, memberKnownToAuth, publishEvent, startPlatform, TestPlatform } from '@patt/testing';

jest.setTimeout(120_000);

type Json = Record<string, unknown> & { ok: boolean; data: Record<string, unknown> & { items?: unknown[] }; code?: string; error?: string; details?: Array<{ field: string; problems: string[] }> };

describe('member accounts through the gateway', () => {
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['auth', 'identity'], env: { gateway: { TRUST_PROXY: '1' }, auth: { BCRYPT_COST: '10' } } });
    db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  let forwardedFor = 1;
  const call = async (method: string, path: string, body?: unknown, options: { token?: string; ip?: string; headers?: Record<string, string> } = {}) => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        // Each call from its own address unless a test says otherwise, so throttles stay out of the way.
        'x-forwarded-for': options.ip ?? `10.1.${Math.floor(forwardedFor / 250)}.${(forwardedFor++ % 250) + 1}`,
        ...options.headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
  };

  const login = (username: string, password: string, ip?: string) => call('POST', '/auth/login', { username, password }, { ip });

  /** A member with a Discord account, as identity would announce them. */
  async function member(discordUsername: string, rankLevel: 1 | 2 | 3 | 4 | 5 = 2): Promise<string> {
    return memberKnownToAuth(platform, { discordUsername, rank: { level: rankLevel, name: 'Member' } });
  }

  async function adminToken(): Promise<string> {
    const { body } = await login('guildmaster', 'correct horse battery');
    return body.data['accessToken'] as string;
  }

  it('lets the bootstrap Guild Leader sign in and see themselves', async () => {
    const { status, body } = await login('GuildMaster', 'correct horse battery');
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ expiresIn: 900, user: { username: 'guildmaster', personId: null, rank: { level: 5, name: 'Guild Leader' } } });
    const me = await call('GET', '/auth/me', undefined, { token: body.data['accessToken'] as string });
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({ username: 'guildmaster', displayName: 'guildmaster', rank: { level: 5 } });
  });

  it('answers an unknown user and a wrong password the same way, in about the same time', async () => {
    const timed = async (username: string) => {
      const started = performance.now();
      const result = await login(username, 'not the password');
      return { ...result, ms: performance.now() - started };
    };
    // Medians of interleaved tries, so a busy machine slows both alike: without the decoy compare an
    // unknown user answers in a few ms against a bcrypt compare's ~60 (cost 10), a ratio under 0.1.
    await timed('guildmaster');
    const wrongs = [];
    const unknowns = [];
    for (let i = 0; i < 5; i++) {
      wrongs.push(await timed('guildmaster'));
      unknowns.push(await timed('nobody-here'));
    }
    const median = (tries: { ms: number }[]) => tries.map((t) => t.ms).sort((a, b) => a - b)[Math.floor(tries.length / 2)];
    for (const answer of [...wrongs, ...unknowns]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(wrongs[0].body);
    }
    const ratio = median(unknowns) / median(wrongs);
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(4);
  });

  it('takes an invited member from the code to an account, a refresh and a logout; a spent refresh token kills the login', async () => {
    const personId = await member('trogdor', 3);
    const admin = await adminToken();
    const invite = await call('POST', `/members/${personId}/invites`, {}, { token: admin });
    expect(invite.status).toBe(201);
    const code = invite.body.data['code'] as string;
    expect(code.length).toBeGreaterThanOrEqual(22); // 144 random bits
    expect(new Date(invite.body.data['expiresAt'] as string).getTime() - Date.now()).toBeGreaterThan(71 * 3600 * 1000);

    // The event names the invite, not its code; the code rests only hashed, and sealed for the bot.
    const { rows: events } = await db.query(`SELECT payload FROM auth.outbox WHERE subject = $1`, [Events.InviteCreated]);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toEqual({ inviteId: expect.any(String), personId, discordUserId: expect.any(String), expiresAt: invite.body.data['expiresAt'] });
    const { rows: stored } = await db.query('SELECT row_to_json(i)::text AS row FROM auth.invites i WHERE person_id = $1', [personId]);
    expect(stored[0].row).not.toContain(code);

    // A good code with someone else's name: refused, and the answer does not say whose it is.
    const wrongName = await call('POST', '/auth/register', { inviteCode: code, username: 'someone_else', password: 'hunter2hunter2' });
    expect(wrongName.status).toBe(400);
    expect(wrongName.body.error).toBe('The username must be the Discord username this invite was sent to (in any case).');
    expect(JSON.stringify(wrongName.body)).not.toMatch(/trogdor/i);

    const registered = await call('POST', '/auth/register', { inviteCode: code, username: 'TrogDor', password: 'burninate the peasants' });
    expect(registered.status).toBe(201);
    expect(registered.body.data).toMatchObject({ user: { username: 'trogdor', personId, rank: { level: 3 } } });
    const { rows: registeredEvents } = await db.query(`SELECT payload FROM auth.outbox WHERE subject = $1`, [Events.UserRegistered]);
    expect(registeredEvents.map((r) => r.payload.personId)).toContain(personId);

    const again = await call('POST', '/auth/register', { inviteCode: code, username: 'trogdor', password: 'burninate the peasants' });
    expect(again.status).toBe(400);

    const signedIn = await login('trogdor', 'burninate the peasants');
    expect(signedIn.status).toBe(200);
    const first = signedIn.body.data['refreshToken'] as string;
    const refreshed = await call('POST', '/auth/refresh', { refreshToken: first });
    expect(refreshed.status).toBe(200);
    const second = refreshed.body.data['refreshToken'] as string;
    expect(second).not.toBe(first);

    // Replaying the spent token: refused, and the whole login ends with it, its access token too.
    const latest = refreshed.body.data['accessToken'] as string;
    expect((await call('GET', '/auth/me', undefined, { token: latest })).status).toBe(200);
    expect((await call('POST', '/auth/refresh', { refreshToken: first })).status).toBe(401);
    expect((await call('POST', '/auth/refresh', { refreshToken: second })).status).toBe(401);
    await eventually('the replayed login’s access token refused', async () => (await call('GET', '/auth/me', undefined, { token: latest })).status === 401);

    const fresh = await login('trogdor', 'burninate the peasants');
    const token = fresh.body.data['accessToken'] as string;
    const out = await call('POST', '/auth/logout', { refreshToken: fresh.body.data['refreshToken'] }, { token });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ ok: true, data: null });
    expect((await call('POST', '/auth/refresh', { refreshToken: fresh.body.data['refreshToken'] })).status).toBe(401);
    // Signed out means the access token too, at once, not after the rest of its 15 minutes.
    const outAgain = await call('GET', '/auth/me', undefined, { token });
    const refused = outAgain.status === 401 ? outAgain : await eventually('the signed-out access token refused', async () => {
      const answer = await call('GET', '/auth/me', undefined, { token });
      return answer.status === 401 ? answer : null;
    });
    expect(refused.body).toMatchObject({ ok: false, code: 'UNAUTHENTICATED', error: 'This sign-in has ended (signed out, or the password changed): sign in again.' });
    const { rows: ended } = await db.query(`SELECT payload->>'cause' AS cause FROM auth.outbox WHERE subject = $1 AND payload->>'userId' = $2 ORDER BY seq`, [
      Events.LoginsEnded,
      (signedIn.body.data['user'] as { id: string }).id,
    ]);
    expect(ended.map((row) => row.cause)).toEqual(['refresh_reused', 'signed_out']);
  });

  it('puts a rank change into the token at the next refresh', async () => {
    const personId = await member('riverwind', 2);
    const admin = await adminToken();
    const { code } = (await call('POST', `/members/${personId}/invites`, { expiresInHours: 1 }, { token: admin })).body.data as { code: string };
    const session = (await call('POST', '/auth/register', { inviteCode: code, username: 'riverwind', password: 'plainsman of que-shu' })).body.data;
    expect(session['user']).toMatchObject({ rank: { level: 2 } });
    await publishEvent(platform.bus, Events.MemberRankChanged, { personId, discordUserId: null, from: 2, to: 4 }, { occurredAt: new Date(Date.now() + 1000).toISOString() });
    let rank = 2;
    for (let i = 0; i < 50 && rank !== 4; i += 1) {
      const { rows } = await db.query('SELECT rank_level FROM auth.members WHERE person_id = $1', [personId]);
      rank = rows[0].rank_level;
      if (rank !== 4) await new Promise((r) => setTimeout(r, 100));
    }
    const refreshed = await call('POST', '/auth/refresh', { refreshToken: session['refreshToken'] });
    expect(refreshed.body.data['user']).toMatchObject({ rank: { level: 4, name: 'Officer' } });
    const officerOnly = await call('GET', '/auth/api-keys', undefined, { token: refreshed.body.data['accessToken'] as string });
    expect(officerOnly.status).toBe(200);
  });

  it('makes exactly one account from twenty parallel redemptions of one code', async () => {
    const personId = await member('raistlin', 2);
    const admin = await adminToken();
    const { code } = (await call('POST', `/members/${personId}/invites`, {}, { token: admin })).body.data as { code: string };
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () => call('POST', '/auth/register', { inviteCode: code, username: 'raistlin', password: 'the black robes' })),
    );
    expect(attempts.filter((a) => a.status === 201)).toHaveLength(1);
    // Twenty passwords to hash at once is beyond the bcrypt bound: some are turned away (503 with
    // Retry-After, nothing spent), never a failure of another kind.
    expect(attempts.filter((a) => a.status >= 500 && a.status !== 503)).toHaveLength(0);
    expect(attempts.filter((a) => a.status === 503).every((a) => a.headers.get('retry-after') === '1')).toBe(true);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM auth.users WHERE person_id = $1', [personId]);
    expect(rows[0].n).toBe(1);
  });

  it('lists a member’s invites without their codes, and revokes one so that its code stops working', async () => {
    const personId = await member('tasslehoff', 2);
    const admin = await adminToken();
    const first = (await call('POST', `/members/${personId}/invites`, {}, { token: admin })).body.data as { code: string };
    const second = (await call('POST', `/members/${personId}/invites`, { expiresInHours: 2 }, { token: admin })).body.data as { code: string };
    const listed = await call('GET', `/members/${personId}/invites`, undefined, { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.data['total']).toBe(2);
    expect(listed.body.data.items).toEqual([
      {
        id: expect.any(String),
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
        usedAt: null,
        revokedAt: null,
        delivery: 'pending',
        deliveryReason: null,
        createdBy: { userId: expect.any(String), username: 'guildmaster' },
      },
      expect.objectContaining({ delivery: 'pending' }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(first.code);
    expect(JSON.stringify(listed.body)).not.toContain(second.code);

    const [newest] = listed.body.data.items as Array<{ id: string }>;
    expect(await call('DELETE', `/invites/${newest!.id}`, undefined, { token: admin })).toMatchObject({ status: 200, body: { ok: true, data: null } });
    // Revoking twice changes nothing; an unknown id is a 404; a bad one a 400.
    expect((await call('DELETE', `/invites/${newest!.id}`, undefined, { token: admin })).status).toBe(200);
    expect((await call('DELETE', `/invites/${randomUUID()}`, undefined, { token: admin })).status).toBe(404);
    expect((await call('DELETE', '/invites/not-a-uuid', undefined, { token: admin })).status).toBe(400);
    expect((await call('GET', '/members/not-a-uuid/invites', undefined, { token: admin })).status).toBe(400);
    expect((await call('GET', `/members/${personId}/invites?limit=0`, undefined, { token: admin })).status).toBe(400);
    expect((await call('GET', `/members/${randomUUID()}/invites`, undefined, { token: admin })).status).toBe(404);

    const revoked = await call('POST', '/auth/register', { inviteCode: second.code, username: 'tasslehoff', password: 'hoopak and pouches' });
    expect(revoked).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST', error: expect.stringMatching(/revoked/) } });
    const after = (await call('GET', `/members/${personId}/invites`, undefined, { token: admin })).body.data.items as Array<{ id: string; revokedAt: string | null; delivery: string }>;
    expect(after.find((i) => i.id === newest!.id)).toMatchObject({ revokedAt: expect.any(String), delivery: 'not_sent' });
    // The other still works; once used it cannot be revoked.
    expect((await call('POST', '/auth/register', { inviteCode: first.code, username: 'tasslehoff', password: 'hoopak and pouches' })).status).toBe(201);
    const used = after.find((i) => i.id !== newest!.id)!;
    expect((await call('DELETE', `/invites/${used.id}`, undefined, { token: admin })).status).toBe(409);
  });

  it('revokes a member’s pending invites when their Discord link changes', async () => {
    const personId = await member('flint', 2);
    const admin = await adminToken();
    const { code } = (await call('POST', `/members/${personId}/invites`, {}, { token: admin })).body.data as { code: string };
    // Identity links the member to another Discord user: the invite was for the first one.
    await publishEvent(
      platform.bus,
      Events.MemberMatched,
      { personId, discordUserId: '199999999999999999', discordUsername: 'flint_real', characterIds: [], method: 'manual', score: 1, rank: { level: 2, name: 'Member' } },
      { occurredAt: new Date(Date.now() + 1000).toISOString() },
    );
    for (let i = 0; i < 100; i += 1) {
      const { rows } = await db.query('SELECT revoked_at FROM auth.invites WHERE person_id = $1', [personId]);
      if (rows[0]?.revoked_at) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const refused = await call('POST', '/auth/register', { inviteCode: code, username: 'flint', password: 'hammer of the forge' });
    expect(refused).toMatchObject({ status: 400, body: { error: expect.stringMatching(/revoked/) } });
  });

  it('holds invites to the rank rules: an officer invites only members below them', async () => {
    const officerPerson = await member('sturm', 4);
    const fellowOfficer = await member('tanis', 4);
    const recruit = await member('caramon', 1);
    const officer = platform.token({ rank: 4, personId: officerPerson, username: 'sturm' });
    const refused = await call('POST', `/members/${fellowOfficer}/invites`, {}, { token: officer });
    expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(refused.body.error).toMatch(/Officer, not ranked below you/);
    expect((await call('GET', `/members/${fellowOfficer}/invites`, undefined, { token: officer })).status).toBe(403);
    expect((await call('POST', `/members/${recruit}/invites`, {}, { token: officer })).status).toBe(201);
    expect((await call('GET', `/members/${recruit}/invites`, undefined, { token: officer })).status).toBe(200);
  });

  describe('forged tokens are all 401', () => {
    const claims = { sub: randomUUID(), usr: 'mallory', pid: null, rnk: 5 };
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases: Array<[string, () => string]> = [
      ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: 'patt-auth', aud: 'patt-api', exp: Date.now() / 1000 + 600 })}.`],
      ['a wrong secret', () => platform.token({ rank: 5 }, { secret: 'x'.repeat(64) })],
      ['an expired token', () => platform.token({ rank: 5 }, { expiresIn: -10 })],
      ['a wrong audience', () => platform.token({ rank: 5 }, { audience: 'someone-else' })],
      ['a wrong issuer', () => sign(claims, platform.jwtSecret, { algorithm: 'HS256', issuer: 'evil', audience: 'patt-api', expiresIn: 600 })],
      ['HS512 instead of HS256', () => sign(claims, platform.jwtSecret, { algorithm: 'HS512', issuer: 'patt-auth', audience: 'patt-api', expiresIn: 600 })],
      [
        'a tampered payload',
        () => {
          const [header, , signature] = platform.token({ rank: 1 }).split('.');
          return `${header}.${b64({ ...claims, iss: 'patt-auth', aud: 'patt-api', exp: Date.now() / 1000 + 600 })}.${signature}`;
        },
      ],
      ['garbage', () => 'not.a.token'],
    ];
    it.each(cases)('refuses %s', async (_name, forge) => {
      const response = await call('GET', '/ranks', undefined, { token: forge() });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    });
  });

  describe('malformed bodies get a 400 with the field, never a 5xx', () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['/auth/login', 'missing password', { username: 'x' }, 'password'],
      ['/auth/login', 'a number for a name', { username: 5, password: 'abcdefgh' }, 'username'],
      ['/auth/login', 'an unknown field', { username: 'x', password: 'abcdefgh', admin: true }, 'admin'],
      ['/auth/register', 'a password over 72 bytes', { inviteCode: 'a'.repeat(24), username: 'trogdor', password: 'ñ'.repeat(37) }, 'password'],
      ['/auth/register', 'a password under 8 bytes', { inviteCode: 'a'.repeat(24), username: 'trogdor', password: 'short' }, 'password'],
      ['/auth/register', 'a username with spaces', { inviteCode: 'a'.repeat(24), username: 'big trog', password: 'abcdefghij' }, 'username'],
      ['/auth/register', 'no code', { username: 'trogdor', password: 'abcdefghij' }, 'inviteCode'],
      ['/auth/refresh', 'a token too short to be one', { refreshToken: 'rt_short' }, 'refreshToken'],
      ['/auth/refresh', 'an array', { refreshToken: ['a'] }, 'refreshToken'],
    ];
    it.each(cases)('%s with %s', async (path, _name, body, field) => {
      const response = await call('POST', path, body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
      expect(response.body.details?.map((d) => d.field)).toContain(field);
    });

    it('answers a refresh with no token at all (no body token, no cookie) as a missing credential: 401', async () => {
      const response = await call('POST', '/auth/refresh', {});
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ ok: false, code: 'UNAUTHENTICATED', error: expect.stringContaining('no refresh token was sent') });
    });

    it('says why a password over 72 bytes is refused', async () => {
      const response = await call('POST', '/auth/register', { inviteCode: 'a'.repeat(24), username: 'trogdor', password: 'x'.repeat(73) });
      expect(response.body.error).toMatch(/at most 72 bytes.*not cut/);
    });

    it('refuses bodies that are not JSON objects', async () => {
      for (const body of ['[]', '"text"', '{"username":']) {
        const response = await call('POST', '/auth/login', body);
        expect(response.status).toBe(400);
      }
    });

    it('validates API key and logout bodies too', async () => {
      const admin = await adminToken();
      expect((await call('POST', '/auth/api-keys', { name: '' }, { token: admin })).status).toBe(400);
      expect((await call('POST', '/auth/api-keys', { name: 'x', scope: 'all' }, { token: admin })).status).toBe(400);
      expect((await call('DELETE', '/auth/api-keys/not-a-uuid', undefined, { token: admin })).status).toBe(400);
      expect((await call('POST', '/auth/logout', {}, { token: admin })).status).toBe(400);
      expect((await call('POST', `/members/not-a-uuid/invites`, {}, { token: admin })).status).toBe(400);
      expect((await call('POST', `/members/${randomUUID()}/invites`, { expiresInHours: 500 }, { token: admin })).status).toBe(400);
      expect((await call('POST', `/members/${randomUUID()}/invites`, {}, { token: admin })).status).toBe(404);
    });
  });

  it('slows password guessing per address and account without locking the member out', async () => {
    const attacker = '203.0.113.7';
    for (let i = 0; i < 5; i += 1) expect((await login('guildmaster', `guess-${i}-wrong`, attacker)).status).toBe(401);
    const blocked = await login('guildmaster', 'correct horse battery', attacker);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The Guild Leader, from their own address, is not locked out by it.
    expect((await login('guildmaster', 'correct horse battery', '198.51.100.20')).status).toBe(200);
  });

  it('shows an API key once, stores it hashed, lists it without the key, and revokes it', async () => {
    const admin = await adminToken();
    const created = await call('POST', '/auth/api-keys', { name: 'Trog’s gaming PC' }, { token: admin });
    expect(created.status).toBe(201);
    const key = created.body.data['key'] as string;
    expect(key).toMatch(/^patt_[A-Za-z0-9_-]{43}$/);
    const { rows } = await db.query('SELECT key_hash FROM auth.api_keys WHERE id = $1', [created.body.data['id']]);
    expect(rows[0].key_hash).not.toContain(key);
    const listed = await call('GET', '/auth/api-keys', undefined, { token: admin });
    expect(listed.body.data.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.body.data['id'], name: 'Trog’s gaming PC', lastUsedAt: null })]));
    expect(JSON.stringify(listed.body)).not.toContain(key);
    // Keys open the addon upload only: anywhere else they are refused.
    expect((await call('GET', '/ranks', undefined, { headers: { 'x-api-key': key } })).status).toBe(401);
    expect((await call('DELETE', `/auth/api-keys/${created.body.data['id']}`, undefined, { token: admin })).status).toBe(200);
    expect((await call('DELETE', `/auth/api-keys/${created.body.data['id']}`, undefined, { token: admin })).status).toBe(404);
    const after = await call('GET', '/auth/api-keys', undefined, { token: admin });
    expect((after.body.data.items as Array<{ id: string }>).map((k) => k.id)).not.toContain(created.body.data['id']);
  });

  it('never writes a password, token or code into the logs', async () => {
    const lines = [...platform.services.values()].flatMap((s) => s.output).join('\n');
    for (const secret of ['correct horse battery', 'burninate the peasants', 'rt_']) expect(lines).not.toContain(secret);
  });
});
