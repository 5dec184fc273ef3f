// Link Battle.net through the real processes: the gateway, guild-sync (the OAuth flow with the
// Blizzard stand-in, as a browser clicks through its login page) and identity (the claim), with
// the roster synced from the same stand-in. Nothing is published by hand.
import { Client } from 'pg';
import { RankLevel } from '@patt/contracts';
import { BlizzardStandIn, eventually, generateGuild, type StandInCharacter, startPlatform, TestPlatform } from '@patt/testing';

jest.setTimeout(240_000);

type Json = { ok: boolean; data: any; error?: string; code?: string; details?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

const CLIENT_ID = 'battlenet-test-client';
const CLIENT_SECRET = 'battlenet-test-secret';
/** Blizzard's user tokens, as the stand-in makes them (and Blizzard does): none may reach a log. */
const USER_TOKEN = /US[0-9a-f]{34}/;

describe('Link Battle.net from a member’s profile, through the gateway, guild-sync and identity with the Blizzard stand-in', () => {
  let blizzard: BlizzardStandIn;
  let platform: TestPlatform;
  let db: Client;
  let officer: string;
  let claimed: StandInCharacter[];
  let officerHeld: StandInCharacter;
  let elsewhere: StandInCharacter;
  let own: StandInCharacter;
  const personOf = new Map<string, string>();
  const characterIdOf = new Map<number, string>();

  const call = async (method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method,
      redirect: 'manual',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as Json };
  };

  /** A browser: starts the link as the member, logs in at the stand-in as `battletag`, follows Blizzard back. */
  async function linkAs(token: string, battletag: string, tamper: { dropCookie?: boolean } = {}): Promise<{ location: string; callback: string; cookie: string }> {
    const started = await call('POST', '/auth/oauth/battlenet', token, {});
    expect(started.status).toBe(200);
    const cookie = (started.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^patt_oauth_battlenet=/);
    const page = await (await fetch(started.body.data.authorizeUrl)).text();
    const href = new RegExp(`href="([^"]+)">Log in as ${battletag.replace('#', '#')}<`).exec(page)![1]!.replace(/&amp;/g, '&');
    const approved = await fetch(new URL(href, blizzard.url), { redirect: 'manual' });
    const callback = approved.headers.get('location')!;
    const back = await fetch(callback, { redirect: 'manual', headers: tamper.dropCookie ? {} : { cookie } });
    expect(back.status).toBe(302);
    return { location: back.headers.get('location')!, callback, cookie };
  }

  beforeAll(async () => {
    const guild = generateGuild({ size: 12, seed: 21 });
    // A character of another guild, with a name no character of this one has on its realm (it joins later).
    const outsiders = generateGuild({ size: 1, seed: 99, name: 'Somewhere Else' }).members.map((o) => ({ ...o, name: 'Farwanderer' }));
    [own, officerHeld] = [guild.members[0]!, guild.members[1]!];
    claimed = [guild.members[2]!, guild.members[3]!];
    elsewhere = outsiders[0]!;
    blizzard = await BlizzardStandIn.start({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      guild,
      ratePerSecond: 0,
      battlenetAccounts: [
        { id: 5001, battletag: 'Alpha#1111', wowAccounts: [{ id: 1, characters: [...claimed, officerHeld] }, { id: 2, characters: [elsewhere] }] },
        { id: 5002, battletag: 'Beta#2222', wowAccounts: [{ id: 3, characters: [own] }] },
      ],
    });
    try {
      platform = await startPlatform({
        apps: ['identity', 'guild-sync'],
        env: {
          'guild-sync': {
            BLIZZARD_CLIENT_ID: CLIENT_ID,
            BLIZZARD_CLIENT_SECRET: CLIENT_SECRET,
            BLIZZARD_API_URL: blizzard.url,
            BLIZZARD_OAUTH_URL: blizzard.oauthUrl,
            BLIZZARD_AUTHORIZE_URL: blizzard.authorizeUrl,
            GUILD_REALM_SLUG: blizzard.guild.realm.slug,
            GUILD_NAME_SLUG: 'pull-all-the-things',
          },
        },
      });
    } catch (error) {
      await blizzard.close();
      throw error;
    }
    db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
    officer = platform.token({ rank: RankLevel.Officer, username: 'officer' });
    expect((await call('POST', '/guild-sync/runs', officer, {})).status).toBe(202);
    await eventually('the roster in identity', async () => (await call('GET', '/characters?limit=50', officer)).body.data?.total === 12);
    for (const c of (await call('GET', '/characters?limit=50', officer)).body.data.items as Array<{ id: string; blizzardId: number }>) characterIdOf.set(c.blizzardId, c.id);
    // Two members, each made by an officer's link: the one who links Battle.net, and one an officer gave `officerHeld`.
    for (const [who, character] of [
      ['claimant', own],
      ['other', officerHeld],
    ] as const) {
      const made = await call('POST', '/identity/links', officer, { characterId: characterIdOf.get(character.id) });
      expect(made.status).toBe(201);
      personOf.set(who, made.body.data.personId);
    }
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
    await blizzard?.close();
  });

  it('links the guild’s characters of the account to the member with evidence naming it, remembers the one elsewhere, and raises the one an officer linked', async () => {
    const member = platform.token({ rank: RankLevel.Member, username: 'alpha', personId: personOf.get('claimant')! });
    const started = await call('POST', '/auth/oauth/battlenet', member, {});
    const authorize = new URL(started.body.data.authorizeUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(blizzard.authorizeUrl);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ client_id: CLIENT_ID, scope: 'wow.profile', response_type: 'code', code_challenge_method: 'S256' });

    const { location } = await linkAs(member, 'Alpha#1111');
    expect(location).toBe('/me?battlenet=linked');

    const mine = await call('GET', '/identity/battlenet/mine', member);
    expect(mine.body.data.account).toEqual({ id: 5001, battletag: 'Alpha#1111' });
    expect(Object.fromEntries((mine.body.data.characters as Array<{ blizzardId: number; status: string }>).map((c) => [c.blizzardId, c.status]))).toEqual({
      [claimed[0]!.id]: 'linked',
      [claimed[1]!.id]: 'linked',
      [officerHeld.id]: 'conflict',
      [elsewhere.id]: 'waiting',
    });
    const { rows: links } = await db.query(`SELECT character_id, person_id, method, evidence FROM identity.links WHERE method = 'battlenet' ORDER BY character_id`);
    expect(links.map((l) => [l.character_id, l.person_id]).sort()).toEqual(claimed.map((c) => [characterIdOf.get(c.id), personOf.get('claimant')]).sort());
    for (const link of links) expect(link.evidence.summary).toContain('Battle.net account Alpha#1111');
    for (const c of claimed) expect((await call('GET', `/characters/${characterIdOf.get(c.id)}`, member)).body.data.personId).toBe(personOf.get('claimant'));
    // The officer's link stands; the contradiction is an issue for officers.
    expect((await call('GET', `/characters/${characterIdOf.get(officerHeld.id)}`, member)).body.data.personId).toBe(personOf.get('other'));
    await eventually('the claim_conflict issue', async () => (await call('GET', '/identity/issues?type=claim_conflict', officer)).body.data?.total === 1);
    const [issue] = (await call('GET', '/identity/issues?type=claim_conflict', officer)).body.data.items;
    expect(issue).toMatchObject({ type: 'claim_conflict', severity: 'warning', characterId: characterIdOf.get(officerHeld.id), personId: personOf.get('claimant') });
    expect(issue.summary).toContain('Alpha#1111');

    // Coverage: the claimant linked, with two of their three guild characters proved; the other member not.
    const coverage = await call('GET', '/identity/battlenet-coverage', officer);
    expect(coverage.body.data.items.map((i: { personId: string; linkedAt: string | null; characters: number; claimedCharacters: number }) => [i.personId, i.linkedAt !== null, i.characters, i.claimedCharacters])).toEqual([
      [personOf.get('other'), false, 1, 0],
      [personOf.get('claimant'), true, 3, 2],
    ]);

    // Blizzard's user token reached no log of the gateway or guild-sync.
    for (const app of ['gateway', 'guild-sync', 'identity'] as const) expect(platform.services.get(app)!.output.filter((line) => USER_TOKEN.test(line))).toEqual([]);
  });

  it('links the remembered character once it joins the guild, at the run after the roster sync', async () => {
    // The character from the other guild joins this one (same Blizzard id, the realm as the game names it).
    blizzard.guild.add({ id: elsewhere.id, name: elsewhere.name, realm: elsewhere.realm.name, rank: 4, level: elsewhere.level, classId: elsewhere.classId, specId: elsewhere.specId });
    expect((await call('POST', '/guild-sync/runs', officer, {})).status).toBe(202);
    await eventually('the newcomer in identity', async () => {
      const page = (await call('GET', '/characters?limit=50', officer)).body.data.items as Array<{ id: string; blizzardId: number; personId: string | null }>;
      const newcomer = page.find((c) => c.blizzardId === elsewhere.id);
      return newcomer?.personId === personOf.get('claimant');
    });
    const { rows } = await db.query(`SELECT l.method, l.evidence FROM identity.links l JOIN identity.characters c ON c.id = l.character_id WHERE c.blizzard_id = $1`, [elsewhere.id]);
    expect(rows).toEqual([expect.objectContaining({ method: 'battlenet', evidence: expect.objectContaining({ summary: expect.stringContaining('Alpha#1111') }) })]);
    const member = platform.token({ rank: RankLevel.Member, username: 'alpha', personId: personOf.get('claimant')! });
    const mine = await call('GET', '/identity/battlenet/mine', member);
    expect((mine.body.data.characters as Array<{ blizzardId: number; status: string }>).find((c) => c.blizzardId === elsewhere.id)?.status).toBe('linked');
  });

  it('refuses a state used before, a callback from another browser, and a cancelled login, each back to the profile with its code', async () => {
    const member = platform.token({ rank: RankLevel.Member, username: 'alpha', personId: personOf.get('claimant')! });
    const first = await linkAs(member, 'Alpha#1111');
    expect(first.location).toBe('/me?battlenet=linked');
    // "Refresh my characters" is the same flow again; its callback replayed is refused.
    const replay = await fetch(first.callback, { redirect: 'manual', headers: { cookie: first.cookie } });
    expect(replay.headers.get('location')).toBe('/me?battlenet=STATE_USED');
    expect((await linkAs(member, 'Alpha#1111', { dropCookie: true })).location).toBe('/me?battlenet=OTHER_BROWSER');

    const started = await call('POST', '/auth/oauth/battlenet', member, {});
    const cookie = (started.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await (await fetch(started.body.data.authorizeUrl)).text();
    const cancel = /href="([^"]+)">Cancel/.exec(page)![1]!.replace(/&amp;/g, '&');
    const back = (await fetch(new URL(cancel, blizzard.url), { redirect: 'manual' })).headers.get('location')!;
    expect((await fetch(back, { redirect: 'manual', headers: { cookie } })).headers.get('location')).toBe('/me?battlenet=ACCESS_DENIED');

    // Another member may not link an account that is the claimant's.
    const other = platform.token({ rank: RankLevel.Member, username: 'other', personId: personOf.get('other')! });
    expect((await linkAs(other, 'Alpha#1111')).location).toBe('/me?battlenet=ACCOUNT_TAKEN');
  });

  it('answers bad input with the envelope', async () => {
    const member = platform.token({ rank: RankLevel.Member, username: 'alpha', personId: personOf.get('claimant')! });
    const cases: Array<[string, string, string | null, unknown]> = [
      ['POST', '/auth/oauth/battlenet', member, { region: 'eu' }],
      ['GET', '/auth/oauth/battlenet/callback', null, undefined],
      ['GET', '/auth/oauth/battlenet/callback?state=%00%01&code=x', null, undefined],
      ['GET', '/identity/battlenet-coverage?limit=0', officer, undefined],
      ['GET', '/identity/battlenet-coverage?linked=perhaps', officer, undefined],
      ['POST', '/identity/battlenet-reminders', officer, { personIds: ['not-a-uuid'] }],
      ['POST', '/identity/battlenet-reminders', officer, { personIds: 'all' }],
      ['POST', '/identity/battlenet-reminders', officer, { everyone: true }],
    ];
    for (const [method, path, token, body] of cases) {
      const answer = await call(method, path, token, body);
      expect({ path, status: answer.status, ok: answer.body.ok, code: answer.body.code }).toEqual({ path, status: 400, ok: false, code: 'VALIDATION_FAILED' });
      expect(typeof answer.body.error).toBe('string');
    }
    // A token of no member: nobody to link characters to.
    const admin = platform.token({ rank: RankLevel.GuildLeader, username: 'admin' });
    expect(await call('POST', '/auth/oauth/battlenet', admin, {})).toMatchObject({ status: 409, body: { ok: false } });
  });

  it('skips members without a link who have no Discord user to write to', async () => {
    // Neither member has a Discord user here: nobody to write to.
    expect((await call('POST', '/identity/battlenet-reminders', officer, {})).body).toEqual({ ok: true, data: { queued: 0, skipped: 1 } });
  });
});
