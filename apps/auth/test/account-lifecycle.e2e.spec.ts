// Accounts follow membership, through real processes: the gateway, auth and identity, fed the
// roster and the Discord server as guild-sync and the bot publish them. A member who left the
// guild loses their account after the grace; officers disable and enable accounts within the rank
// rules; API keys stop with their maker; no sign-in outlives 90 days.
import { Client } from 'pg';
import { createHash, randomUUID } from 'node:crypto';
import { DiscordMemberState, Events, RankLevel, RosterChange, RosterCharacter } from '@patt/contracts';
import { eventually, publishEvent, startPlatform, TestPlatform } from '@patt/testing';

jest.setTimeout(240_000);

type Json = { ok: boolean; data: any; error?: string; code?: string; details?: Array<{ field: string }> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAY = 24 * 3600 * 1000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const digest = (seed: string) => createHash('sha256').update(seed).digest('hex');
const uuidOf = (seed: string) => {
  const h = digest(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** A level-80 character on area-52, in the guild at `rank` (3: Member). */
function character(name: string, rank = 3): RosterCharacter {
  return {
    characterId: uuidOf(`character:${name}`),
    blizzardId: parseInt(digest(`blizzard:${name}`).slice(0, 7), 16),
    name,
    realmSlug: 'area-52',
    realmName: 'Area 52',
    className: 'Warrior',
    specName: 'Arms',
    role: 'melee',
    level: 80,
    itemLevel: 600,
    guildRankIndex: rank,
    lastLoginAt: ago(1),
    guildNote: null,
    officerNote: null,
  };
}

function discordUser(username: string): DiscordMemberState {
  return { userId: (BigInt(`0x${digest(`discord:${username}`).slice(0, 15)}`) + 100000000000000000n).toString(), username, displayName: username, roleIds: [], present: true, joinedAt: ago(300) };
}

const left = (c: RosterCharacter, at: string): RosterChange => ({ type: 'left', characterId: c.characterId, blizzardId: c.blizzardId, characterName: c.name, realmSlug: c.realmSlug, from: null, to: null, at });

describe('accounts follow membership', () => {
  let platform: TestPlatform;
  let db: Client;
  let leader: string;

  const trog = character('Trog');
  const zed = character('Zed');
  const ugra = character('Ugra');
  const jaina = character('Jaina', 1);
  const rexxar = character('Rexxar', 1);
  const vol = character('Voljin', 1);
  const everyone = [trog, zed, ugra, jaina, rexxar, vol];
  const users = Object.fromEntries(['trog', 'zed', 'ugra', 'jaina', 'rexxar', 'voljin'].map((name) => [name, discordUser(name)]));

  const call = async (method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  const memberOf = async (username: string): Promise<{ id: string; rank: { level: number }; account: any }> => // eslint-disable-line @typescript-eslint/no-explicit-any
    eventually(`the member of @${username}`, async () => (await call('GET', `/members?q=${username}`, leader)).body.data.items.find((m: { discord: { username: string } | null }) => m.discord?.username === username));
  /** The member registers from an invite the Guild Leader makes; their session. */
  const register = async (username: string, password = `${username} password!`): Promise<{ accessToken: string; refreshToken: string }> => {
    const member = await memberOf(username);
    const invite = await eventually(`auth to know the member of @${username}`, async () => {
      const answer = await call('POST', `/members/${member.id}/invites`, leader, {});
      return answer.status === 201 ? answer : undefined;
    });
    const registered = await call('POST', '/auth/register', undefined, { inviteCode: invite.body.data.code, username, password });
    expect(registered.status).toBe(201);
    return registered.body.data;
  };
  const login = (username: string, password = `${username} password!`) => call('POST', '/auth/login', undefined, { username, password });
  const refresh = (refreshToken: string) => call('POST', '/auth/refresh', undefined, { refreshToken });
  const roster = async (characters: RosterCharacter[], changes: RosterChange[] = [], syncedAt = new Date().toISOString()) =>
    publishEvent(platform.bus, Events.RosterSynced, { runId: randomUUID(), syncedAt, part: 1, parts: 1, characters, changes });

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['auth', 'identity'], env: { auth: { BCRYPT_COST: '10' } } });
    db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
    leader = (await login('guildmaster', 'correct horse battery')).body.data.accessToken;
    // The roster as guild-sync first saw it, three weeks ago: leaves since then are dated after it.
    await roster(everyone, [], ago(21));
    await publishEvent(platform.bus, Events.DiscordMembersSynced, { syncId: randomUUID(), syncedAt: new Date().toISOString(), part: 1, parts: 1, members: Object.values(users) });
    // The officers' characters link only by an officer's hand: a name alone gives no more than Member.
    for (const [c, user] of [[jaina, users['jaina']], [rexxar, users['rexxar']], [vol, users['voljin']]] as const) {
      const linked = await eventually(`a link for ${c.name}`, async () => {
        const answer = await call('POST', '/identity/links', leader, { characterId: c.characterId, discordUserId: user!.userId });
        return answer.status === 201 ? answer : undefined;
      });
      expect(linked.body.data.method).toBe('manual');
    }
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  it('refuses a member who left the guild, after the grace period: the refresh 401, the sign-in 403 saying why', async () => {
    const trogs = await register('trog');
    const zeds = await register('zed');
    // Trog's character left 15 days ago (the grace is 14); Zed's yesterday.
    await roster([ugra, jaina, rexxar, vol], [left(trog, ago(15)), left(zed, ago(1))]);
    const trogId = (await memberOf('trog')).id;
    await eventually(
      'auth to hear Trog left and disable his account',
      async () => ((await db.query('SELECT disabled_at FROM auth.users WHERE person_id = $1', [trogId])).rows[0]?.disabled_at ? true : undefined),
    );
    const refused = await refresh(trogs.refreshToken);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(refused.body.error).toMatch(/^This account was disabled on \d{4}-\d\d-\d\d: None of this member's characters has been in the guild since \d{4}-\d\d-\d\d/);

    const signIn = await login('trog');
    expect(signIn).toMatchObject({ status: 403, body: { ok: false, code: 'ACCOUNT_DISABLED' } });
    expect(signIn.body.error).toContain(`has been in the guild since ${ago(15).slice(0, 10)}, and accounts close after 14 days out of the guild.`);
    expect(signIn.body.error).toContain('It works again once you are back in the guild');
    // A wrong password says nothing of it.
    expect(await login('trog', 'not the password')).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });

    // Zed is within the grace: nothing changes for him.
    expect((await refresh(zeds.refreshToken)).status).toBe(200);

    // Identity shows the account disabled, and the bus carried why.
    const trogMember = await eventually('identity to show Trog’s account disabled', async () => {
      const member = await memberOf('trog');
      return member.account?.status === 'disabled' ? member : undefined;
    });
    expect(trogMember.account).toMatchObject({ disabledCause: 'left_guild', disabledReason: expect.stringContaining('14 days') });
    const { rows } = await db.query(`SELECT payload FROM auth.outbox WHERE subject = $1`, [Events.AccountDisabled]);
    expect(rows.map((r) => r.payload)).toEqual([expect.objectContaining({ personId: trogMember.id, cause: 'left_guild', by: null })]);

    // Back in the guild, the account works again by itself.
    await roster([trog, ugra, jaina, rexxar, vol]);
    await eventually('Trog to sign in again once back', async () => ((await login('trog')).status === 200 ? true : undefined));
    const { rows: enabled } = await db.query(`SELECT payload FROM auth.outbox WHERE subject = $1`, [Events.AccountEnabled]);
    expect(enabled.map((r) => r.payload)).toEqual([expect.objectContaining({ personId: trogMember.id, cause: 'back_in_guild' })]);
  });

  it('disables an account whose grace ran out between events, at its next refresh', async () => {
    const ugras = await register('ugra');
    const ugraMember = await memberOf('ugra');
    await eventually('auth to hear Ugra is in the guild', async () => ((await db.query('SELECT in_guild FROM auth.members WHERE person_id = $1', [ugraMember.id])).rows[0]?.in_guild === true ? true : undefined));
    // As if the last event had said "out since 20 days" and no sweep had run since.
    await db.query(`UPDATE auth.members SET in_guild = false, in_guild_since = now() - interval '20 days' WHERE person_id = $1`, [ugraMember.id]);
    expect((await refresh(ugras.refreshToken)).status).toBe(401);
    expect((await login('ugra')).status).toBe(403);
  });

  it('lets an officer disable and enable a member’s account, with a reason, within the rank rules', async () => {
    const jainas = await register('jaina');
    const zedMember = await memberOf('zed');
    const zedSession = (await login('zed')).body.data;

    // Bad input first: a reason is required, and nothing else is taken.
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(501) }, { reason: 'spam', extra: true }, { reason: 42 }]) {
      const answer = await call('POST', `/members/${zedMember.id}/account/disable`, jainas.accessToken, body);
      expect({ body, status: answer.status, code: answer.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await call('POST', '/members/not-a-uuid/account/disable', jainas.accessToken, { reason: 'x' })).status).toBe(400);
    expect((await call('POST', `/members/${zedMember.id}/account/enable`, jainas.accessToken, { reason: 'x' })).status).toBe(400);
    expect(await call('POST', `/members/${randomUUID()}/account/disable`, jainas.accessToken, { reason: 'x' })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await call('POST', `/members/${zedMember.id}/account/enable`, jainas.accessToken, {})).toMatchObject({ status: 409, body: { error: 'This account is not disabled.' } });

    const disabled = await call('POST', `/members/${zedMember.id}/account/disable`, jainas.accessToken, { reason: 'Selling the guild bank on the auction house.' });
    expect(disabled).toMatchObject({
      status: 200,
      body: { ok: true, data: { id: zedMember.id, registered: true, account: { status: 'disabled', disabledCause: 'officer', disabledReason: 'Selling the guild bank on the auction house.' } } },
    });
    expect((await call('POST', `/members/${zedMember.id}/account/disable`, jainas.accessToken, { reason: 'again' })).status).toBe(409);
    expect((await refresh(zedSession.refreshToken)).status).toBe(401);
    const signIn = await login('zed');
    expect(signIn).toMatchObject({ status: 403, body: { code: 'ACCOUNT_DISABLED' } });
    expect(signIn.body.error).toMatch(/^This account was disabled by an officer on \d{4}-\d\d-\d\d: Selling the guild bank on the auction house\. Ask an officer/);
    expect((await call('GET', '/auth/me', zedSession.accessToken)).status).toBe(403);

    const enabled = await call('POST', `/members/${zedMember.id}/account/enable`, jainas.accessToken, {});
    expect(enabled).toMatchObject({ status: 200, body: { data: { account: { status: 'active', disabledAt: null, disabledReason: null } } } });
    expect((await login('zed')).status).toBe(200);
    // The sign-ins ended by the disable stay ended.
    expect((await refresh(zedSession.refreshToken)).status).toBe(401);
    await eventually('identity to show Zed enabled', async () => ((await memberOf('zed')).account?.status === 'active' ? true : undefined));

    // Never their own account, nor an officer's; the Guild Leader may.
    const rexxars = await register('rexxar');
    const jainaMember = await memberOf('jaina');
    const rexxarMember = await memberOf('rexxar');
    expect(await call('POST', `/members/${jainaMember.id}/account/disable`, jainas.accessToken, { reason: 'tired' })).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN', error: 'You cannot disable the account of yourself; the Guild Leader can.' },
    });
    const officer = await call('POST', `/members/${rexxarMember.id}/account/disable`, jainas.accessToken, { reason: 'rival' });
    expect(officer).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(officer.body.error).toMatch(/Officer, not ranked below you/);
    expect((await refresh(rexxars.refreshToken)).status).toBe(200);
  });

  it('stops a disabled officer’s API key and sign-in, and a demoted officer’s key', async () => {
    const voljins = await register('voljin');
    const rexxars = (await login('rexxar')).body.data;
    const key = (name: string, token: string) => call('POST', '/auth/api-keys', token, { name }).then((answer) => answer.body.data.key as string);
    const volKey = await key('Vol’jin’s PC', voljins.accessToken);
    const rexKey = await key('Rexxar’s PC', rexxars.accessToken);
    const upload = (apiKey: string) => call('POST', '/guild-sync/addon-uploads', undefined, { exportTime: 1, addonVersion: '1', guildName: 'x', characters: [] }, { 'x-api-key': apiKey });
    // Past the key check the upload goes on (to no guild-sync here): the keys themselves are good.
    expect((await upload(volKey)).status).not.toBe(401);
    expect((await upload(rexKey)).status).not.toBe(401);

    const listed = await call('GET', '/auth/api-keys', leader);
    expect(listed.body.data.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Vol’jin’s PC', createdBy: { userId: expect.any(String), username: 'voljin' } })]),
    );

    const volMember = await memberOf('voljin');
    expect((await call('POST', `/members/${volMember.id}/account/disable`, leader, { reason: 'Left for another guild.' })).status).toBe(200);
    const stopped = await upload(volKey);
    expect(stopped).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED', error: 'This API key does not work: the account of voljin, who made it, is disabled.' } });
    expect((await login('voljin')).status).toBe(403);
    expect((await refresh(voljins.refreshToken)).status).toBe(401);

    // Rexxar is demoted to Member: his key stops as soon as auth hears of it.
    const rexxarMember = await memberOf('rexxar');
    expect((await call('PATCH', `/members/${rexxarMember.id}`, leader, { rankLevel: RankLevel.Member })).status).toBe(200);
    const demoted = await eventually('the demoted officer’s key to stop', async () => {
      const answer = await upload(rexKey);
      return answer.status === 401 ? answer : undefined;
    });
    expect(demoted.body.error).toBe('This API key does not work: rexxar, who made it, is no longer an officer.');
  });

  it('ends a sign-in 90 days after it began, whatever the refreshes', async () => {
    const session = (await login('zed')).body.data;
    const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
    // 89 days in: the refresh works, and the new token expires at the 90th day, not 30 days on.
    await db.query(`UPDATE auth.refresh_tokens SET login_started_at = now() - interval '89 days' WHERE token_hash = $1`, [hash(session.refreshToken)]);
    const renewed = await refresh(session.refreshToken);
    expect(renewed.status).toBe(200);
    const { rows } = await db.query('SELECT expires_at, login_started_at FROM auth.refresh_tokens WHERE token_hash = $1', [hash(renewed.body.data.refreshToken)]);
    expect(new Date(rows[0].expires_at).getTime() - new Date(rows[0].login_started_at).getTime()).toBeLessThanOrEqual(90 * DAY);
    expect(new Date(rows[0].expires_at).getTime() - Date.now()).toBeLessThan(1.01 * DAY);
    // Past the 90th day (whatever the token's own expiry says), refused.
    await db.query(`UPDATE auth.refresh_tokens SET login_started_at = now() - interval '91 days', expires_at = now() + interval '20 days' WHERE token_hash = $1`, [hash(renewed.body.data.refreshToken)]);
    const refused = await refresh(renewed.body.data.refreshToken);
    expect(refused).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED', error: 'A sign-in lasts at most 90 days; sign in again.' } });
  });
});
