import { characterPathSegment } from '@patt/wow';
import { BlizzardStandIn } from './blizzard-stand-in';
import { generateGuild } from './guild-generator';

const CLIENT_ID = 'stand-in-client';
const CLIENT_SECRET = 'stand-in-secret-value';
const NAMESPACE = 'namespace=profile-us&locale=en_US';

type JsonObject = Record<string, unknown>;

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function token(blizzard: BlizzardStandIn): Promise<string> {
  const res = await fetch(blizzard.oauthUrl, {
    method: 'POST',
    headers: { Authorization: basic(CLIENT_ID, CLIENT_SECRET), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function get(
  blizzard: BlizzardStandIn,
  path: string,
  bearer: string | null,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${blizzard.url}${path}`, {
    headers: { ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}), ...headers },
  });
}

function profilePath(realm: string, name: string, query = NAMESPACE): string {
  return `/profile/wow/character/${realm}/${characterPathSegment(name)}?${query}`;
}

describe('BlizzardStandIn', () => {
  let blizzard: BlizzardStandIn;
  let bearer: string;

  beforeEach(async () => {
    blizzard = await BlizzardStandIn.start({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      guild: generateGuild({ size: 40, seed: 1 }),
      ratePerSecond: 0,
    });
    bearer = await token(blizzard);
  });

  afterEach(() => blizzard.close());

  describe('OAuth', () => {
    it('issues a bearer token for the right client credentials, as Blizzard does', async () => {
      const res = await fetch(blizzard.oauthUrl, {
        method: 'POST',
        headers: {
          Authorization: basic(CLIENT_ID, CLIENT_SECRET),
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      expect(await res.json()).toEqual({
        access_token: expect.stringMatching(/^US\w+$/),
        token_type: 'bearer',
        expires_in: 86_399,
        sub: CLIENT_ID,
      });
    });

    it('answers 401 to a wrong secret and 400 to another grant type', async () => {
      const wrong = await fetch(blizzard.oauthUrl, {
        method: 'POST',
        headers: { Authorization: basic(CLIENT_ID, 'nope'), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
      const grant = await fetch(blizzard.oauthUrl, {
        method: 'POST',
        headers: {
          Authorization: basic(CLIENT_ID, CLIENT_SECRET),
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=password',
      });
      expect(grant.status).toBe(400);
      // beforeEach took one token.
      expect(blizzard.stats().token).toEqual({ requests: 3, issued: 1, rejected: 2 });
    });

    it('refuses API calls without a token, with a revoked one and with an expired one', async () => {
      const path = profilePath('senjin', 'Trog');
      expect((await get(blizzard, path, null)).status).toBe(401);
      expect((await get(blizzard, path, 'made-up')).status).toBe(401);
      expect((await get(blizzard, path, bearer)).status).toBe(200);
      blizzard.revokeTokens();
      const revoked = await get(blizzard, path, bearer);
      expect(revoked.status).toBe(401);
      expect(await revoked.json()).toEqual({ code: 401, type: 'BLZWEBAPI00000401', detail: 'Unauthorized' });

      blizzard.setTokenTtl(1);
      const shortLived = await token(blizzard);
      expect((await get(blizzard, path, shortLived)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await get(blizzard, path, shortLived)).status).toBe(401);
      expect(blizzard.stats().profile.unauthorized).toBe(4);
    });
  });

  describe('roster', () => {
    it("answers Blizzard's roster shape for the guild", async () => {
      const res = await get(blizzard, `/data/wow/guild/senjin/pull-all-the-things/roster?${NAMESPACE}`, bearer);
      expect(res.status).toBe(200);
      expect(res.headers.get('last-modified')).toMatch(/GMT$/);
      const body = (await res.json()) as { guild: JsonObject; members: JsonObject[] };
      expect(body.guild).toMatchObject({
        name: 'Pull All The Things',
        realm: { name: "Sen'jin", slug: 'senjin' },
        faction: { type: 'HORDE', name: 'Horde' },
      });
      expect(body.members).toHaveLength(40);
      expect(body.members[1]).toEqual({
        character: {
          key: {
            href: expect.stringContaining('/profile/wow/character/senjin/zata%C3%B1%C3%B1a?namespace=profile-us'),
          },
          name: 'Zatañña',
          id: expect.any(Number),
          realm: { key: { href: expect.any(String) }, id: expect.any(Number), slug: 'senjin' },
          level: expect.any(Number),
          playable_class: { key: { href: expect.any(String) }, id: expect.any(Number) },
          playable_race: { key: { href: expect.any(String) }, id: expect.any(Number) },
          faction: { type: 'HORDE' },
        },
        rank: expect.any(Number),
      });
    });

    it('answers 404 for another guild or realm, and without the namespace', async () => {
      expect((await get(blizzard, `/data/wow/guild/senjin/other-guild/roster?${NAMESPACE}`, bearer)).status).toBe(404);
      expect(
        (await get(blizzard, `/data/wow/guild/area-52/pull-all-the-things/roster?${NAMESPACE}`, bearer)).status,
      ).toBe(404);
      expect((await get(blizzard, '/data/wow/guild/senjin/pull-all-the-things/roster', bearer)).status).toBe(404);
      expect(
        (await get(blizzard, '/data/wow/guild/senjin/pull-all-the-things/roster?namespace=profile-eu', bearer)).status,
      ).toBe(404);
    });

    it('lists members added and leaves out members removed', async () => {
      const trog = blizzard.guild.get({ realm: 'Area 52', name: 'Trog' })!;
      blizzard.guild.remove(trog.id);
      blizzard.guild.add({ name: 'Newbie', realm: "Mok'Nathal", rank: 7 });
      const res = await get(blizzard, `/data/wow/guild/senjin/pull-all-the-things/roster?${NAMESPACE}`, bearer);
      const names = (
        (await res.json()) as { members: { character: { name: string; realm: { slug: string } } }[] }
      ).members.map((m) => `${m.character.name}-${m.character.realm.slug}`);
      expect(names).toContain('Newbie-moknathal');
      expect(names).toContain('Trog-senjin');
      expect(names).not.toContain('Trog-area-52');
      // One who left still has a profile, without a guild.
      const profile = (await (await get(blizzard, profilePath('area-52', 'Trog'), bearer)).json()) as JsonObject;
      expect(profile['guild']).toBeUndefined();
    });
  });

  describe('profiles', () => {
    it("answers Blizzard's profile summary, names matched in any case, accents and Cyrillic included", async () => {
      for (const [realm, name] of [
        ['senjin', 'Zatañña'],
        ['moknathal', 'Ëlrond'],
        ['area-52', 'Тролль'],
      ]) {
        const res = await get(blizzard, profilePath(realm, name), bearer);
        expect(res.status).toBe(200);
        expect(((await res.json()) as JsonObject)['name']).toBe(name);
      }
      const upper = await get(
        blizzard,
        `/profile/wow/character/senjin/${encodeURIComponent('ZATAÑÑA')}?${NAMESPACE}`,
        bearer,
      );
      expect(upper.status).toBe(200);
      const trog = (await (await get(blizzard, profilePath('senjin', 'Trog'), bearer)).json()) as JsonObject;
      expect(trog).toMatchObject({
        id: blizzard.guild.get({ realm: 'senjin', name: 'Trog' })!.id,
        name: 'Trog',
        gender: { type: expect.any(String), name: expect.any(String) },
        faction: { type: 'HORDE', name: 'Horde' },
        race: { id: expect.any(Number), name: expect.any(String) },
        character_class: { id: expect.any(Number), name: expect.any(String) },
        realm: { id: expect.any(Number), name: "Sen'jin", slug: 'senjin' },
        guild: { name: 'Pull All The Things', realm: { slug: 'senjin' } },
        level: expect.any(Number),
        achievement_points: expect.any(Number),
        last_login_timestamp: expect.any(Number),
        average_item_level: expect.any(Number),
        equipped_item_level: expect.any(Number),
      });
    });

    it('names things with a map of locales when no locale is asked for, as Blizzard does', async () => {
      const res = await get(blizzard, profilePath('senjin', 'Trog', 'namespace=profile-us'), bearer);
      const body = (await res.json()) as { realm: { name: unknown } };
      expect(body.realm.name).toMatchObject({ en_US: "Sen'jin", de_DE: "Sen'jin" });
    });

    it('answers 404 for unknown characters and for a known name on the wrong realm', async () => {
      expect((await get(blizzard, profilePath('senjin', 'Nobody'), bearer)).status).toBe(404);
      expect((await get(blizzard, profilePath('argent-dawn', 'Zatañña'), bearer)).status).toBe(404);
      expect((await get(blizzard, '/profile/wow/character/senjin/%E0%A4%A?namespace=profile-us', bearer)).status).toBe(
        404,
      );
    });

    it('answers 304 to If-Modified-Since until the character changes', async () => {
      const path = profilePath('senjin', 'Zatañña');
      const first = await get(blizzard, path, bearer);
      const lastModified = first.headers.get('last-modified')!;
      const again = await get(blizzard, path, bearer, { 'If-Modified-Since': lastModified });
      expect(again.status).toBe(304);
      expect(again.headers.get('last-modified')).toBe(lastModified);

      blizzard.guild.update({ realm: 'senjin', name: 'Zatañña' }, { level: 80, specId: 65, classId: 2 });
      const changed = await get(blizzard, path, bearer, { 'If-Modified-Since': lastModified });
      expect(changed.status).toBe(200);
      expect(Date.parse(changed.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(lastModified));
      expect(((await changed.json()) as { active_spec: { name: string } }).active_spec.name).toBe('Holy');
      expect(blizzard.stats().profile).toMatchObject({ requests: 3, ok: 2, notModified: 1 });
    });

    it('follows a rename and a transfer: the old name is gone, the id stays', async () => {
      const before = blizzard.guild.get({ realm: 'senjin', name: 'Trog' })!;
      blizzard.guild.update(before.id, { name: 'Trogdor', realm: 'Argent Dawn' });
      expect((await get(blizzard, profilePath('senjin', 'Trog'), bearer)).status).toBe(404);
      const moved = await get(blizzard, profilePath('argent-dawn', 'Trogdor'), bearer);
      expect(((await moved.json()) as JsonObject)['id']).toBe(before.id);
    });

    it('refuses a rename onto a name that is taken on that realm', () => {
      expect(() => blizzard.guild.update({ realm: 'senjin', name: 'Trog' }, { name: 'Zatañña' })).toThrow(
        /already exists/,
      );
    });
  });

  describe('rate limit and faults', () => {
    it('answers 429 with Retry-After past the per-second limit, in fixed 1-second windows', async () => {
      await blizzard.close();
      blizzard = await BlizzardStandIn.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ratePerSecond: 5 });
      bearer = await token(blizzard);
      // Start right after a second begins, so all twelve land in one window.
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => get(blizzard, profilePath('senjin', 'Trog'), bearer)),
      );
      const limited = answers.filter((res) => res.status === 429);
      expect(limited).toHaveLength(7);
      expect(limited[0].headers.get('retry-after')).toBe('1');
      expect(blizzard.stats()).toMatchObject({ rateLimited: 7, overLimit: 7, peakPerSecond: 12 });
    });

    it('fails a seeded share of requests with 5xx, the same ones for the same seed', async () => {
      const run = async (): Promise<number[]> => {
        blizzard.faults.set({ serverErrorRate: 0.3, seed: 99 });
        const statuses: number[] = [];
        for (let i = 0; i < 60; i++) statuses.push((await get(blizzard, profilePath('senjin', 'Trog'), bearer)).status);
        return statuses;
      };
      const first = await run();
      const failures = first.filter((status) => status >= 500);
      expect(failures.length).toBeGreaterThan(8);
      expect(failures.length).toBeLessThan(30);
      expect(new Set(failures).size).toBeGreaterThan(1);
      expect(await run()).toEqual(first);
    });

    it('goes down after a set number of requests: every one after is a 5xx, until reset', async () => {
      blizzard.faults.set({ outageAfterRequests: 4 });
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await get(blizzard, profilePath('senjin', 'Trog'), bearer)).status);
      expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
      expect(statuses.slice(4).every((status) => status >= 500 && status <= 504)).toBe(true);
      expect(() => blizzard.faults.set({ outageAfterRequests: -1 })).toThrow(RangeError);
      blizzard.faults.reset();
      expect((await get(blizzard, profilePath('senjin', 'Trog'), bearer)).status).toBe(200);
    });

    it('answers bursts of 429, and 429 to the next few on demand', async () => {
      blizzard.faults.set({ rateLimitBursts: { every: 10, length: 3, retryAfterSeconds: 2 } });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await get(blizzard, profilePath('senjin', 'Trog'), bearer)).status);
      expect(statuses.filter((s) => s === 429)).toHaveLength(6);
      blizzard.faults.reset();
      blizzard.faults.throttleNext(2, 3);
      const throttled = await get(blizzard, profilePath('senjin', 'Trog'), bearer);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('3');
      expect(blizzard.stats()).toMatchObject({ rateLimited: 7, overLimit: 0 });
    });

    it('sends Retry-After as an HTTP date when asked to', async () => {
      blizzard.faults.set({ rateLimitBursts: { every: 1, length: 1, retryAfterSeconds: 5, retryAfterAsDate: true } });
      const res = await get(blizzard, profilePath('senjin', 'Trog'), bearer);
      expect(Date.parse(res.headers.get('retry-after')!)).toBeGreaterThan(Date.now());
    });

    it('answers malformed, incomplete and missing characters as told', async () => {
      blizzard.faults.set({
        malformedCharacters: ['zatañña'],
        incompleteCharacters: ['Ëlrond'],
        missingCharacters: [blizzard.guild.get({ realm: 'senjin', name: 'Trog' })!.id],
      });
      const malformed = await get(blizzard, profilePath('senjin', 'Zatañña'), bearer);
      expect(malformed.status).toBe(200);
      await expect(malformed.clone().json()).rejects.toThrow();
      const incomplete = (await (await get(blizzard, profilePath('moknathal', 'Ëlrond'), bearer)).json()) as JsonObject;
      expect(incomplete['name']).toBe('Ëlrond');
      expect(incomplete['character_class']).toBeUndefined();
      expect((await get(blizzard, profilePath('senjin', 'Trog'), bearer)).status).toBe(404);
      expect((await get(blizzard, profilePath('area-52', 'Trog'), bearer)).status).toBe(200);
      expect(blizzard.stats().profile).toMatchObject({ malformed: 2, notFound: 1, ok: 1 });
    });

    it('answers slowly when told to', async () => {
      blizzard.faults.set({ delayMs: 300 });
      const started = Date.now();
      await get(blizzard, profilePath('senjin', 'Trog'), bearer);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });
  });
});
