import { inspect } from 'node:util';
import { BlizzardStandIn, type BlizzardStandInOptions, generateGuild, peakInWindow } from '@patt/testing';
import { BlizzardApiError } from './blizzard.errors';
import { BlizzardClient } from './blizzard.client';
import { RateLimiter } from './rate-limiter';
import type { BlizzardClientOptions } from './blizzard-client.options';
import type { CharacterProfileResult } from './blizzard.types';

const CLIENT_ID = 'guild-sync-test-client';
const CLIENT_SECRET = 'S3cr3t-never-to-be-seen';
const RATE = 20;

interface Harness {
  blizzard: BlizzardStandIn;
  client: BlizzardClient;
  logged: string[];
}

const open: Harness[] = [];

async function harness(
  standIn: Partial<BlizzardStandInOptions> = {},
  client: Partial<BlizzardClientOptions> = {},
): Promise<Harness> {
  const blizzard = await BlizzardStandIn.start({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    guild: generateGuild({ size: 60, seed: 7 }),
    ratePerSecond: RATE,
    ...standIn,
  });
  const logged: string[] = [];
  const log = (message: string, fields?: Record<string, unknown>): void => {
    logged.push(`${message} ${JSON.stringify(fields)}`);
  };
  const created: Harness = {
    blizzard,
    logged,
    client: new BlizzardClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      apiUrl: blizzard.url,
      oauthUrl: blizzard.oauthUrl,
      ratePerSecond: RATE,
      backoff: { baseDelayMs: 20, maxDelayMs: 200 },
      logger: { debug: log, warn: log },
      ...client,
    }),
  };
  open.push(created);
  return created;
}

afterEach(async () => {
  jest.restoreAllMocks();
  for (const { blizzard, client } of open.splice(0)) {
    client.close();
    await blizzard.close();
  }
});

/** The ways a secret could leak from an error: message, stack, own fields, util.inspect. */
function everythingIn(error: unknown): string {
  return [String(error), (error as Error).stack, JSON.stringify(error), inspect(error, { depth: 10 })].join('\n');
}

function expectNoSecret(text: string): void {
  expect(text).not.toContain(CLIENT_SECRET);
  expect(text).not.toContain(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'));
}

async function caught(promise: Promise<unknown>): Promise<BlizzardApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BlizzardApiError);
    return error as BlizzardApiError;
  }
  throw new Error('expected the call to fail');
}

function ok(result: CharacterProfileResult): Extract<CharacterProfileResult, { status: 'ok' }> {
  if (result.status !== 'ok') throw new Error(`expected a profile, got ${JSON.stringify(result)}`);
  return result;
}

describe('BlizzardClient against the Blizzard stand-in', () => {
  describe('OAuth token', () => {
    it('asks for one token however many calls need one at once, and reuses it', async () => {
      const { blizzard, client } = await harness();
      const members = blizzard.guild.members().slice(0, 15);
      await Promise.all(members.map((m) => client.getCharacterProfile(m.realm.slug, m.name)));
      await client.getCharacterProfile('senjin', 'Trog');
      expect(blizzard.stats().token).toEqual({ requests: 1, issued: 1, rejected: 0 });
      expect(client.metrics().tokenRequests).toBe(1);
    });

    it('renews the token once when Blizzard refuses it, and carries on', async () => {
      const { blizzard, client } = await harness();
      ok(await client.getCharacterProfile('senjin', 'Trog'));
      blizzard.revokeTokens();
      const members = blizzard.guild.members().slice(0, 10);
      const results = await Promise.all(members.map((m) => client.getCharacterProfile(m.realm.slug, m.name)));
      expect(results.every((r) => r.status === 'ok')).toBe(true);
      // Ten 401s for one stale token, one renewal.
      expect(blizzard.stats().token.issued).toBe(2);
      expect(blizzard.stats().profile.unauthorized).toBeGreaterThanOrEqual(1);
    });

    it('renews the token before it expires, so no request meets a 401', async () => {
      const { blizzard, client } = await harness({ tokenTtlSeconds: 2 });
      ok(await client.getCharacterProfile('senjin', 'Trog'));
      // Lifetime 2 s: renewed after 1 s (the margin is at most half the lifetime).
      await new Promise((resolve) => setTimeout(resolve, 1100));
      ok(await client.getCharacterProfile('senjin', 'Trog'));
      expect(blizzard.stats().token.issued).toBe(2);
      expect(blizzard.stats().profile.unauthorized).toBe(0);
    });

    it('fails with an auth error when even a fresh token is refused', async () => {
      const { blizzard, client } = await harness();
      blizzard.faults.set({ rejectTokens: true });
      const error = await caught(client.getCharacterProfile('senjin', 'Trog'));
      expect(error.kind).toBe('auth');
      expect(blizzard.stats().token.issued).toBe(2);
      expect(blizzard.stats().profile.unauthorized).toBe(2);
    });

    it('says the credentials were refused, without the secret anywhere', async () => {
      const { blizzard, client, logged } = await harness({ clientSecret: 'the-real-secret' });
      const error = await caught(client.getGuildRoster('senjin', 'pull-all-the-things'));
      expect(error.kind).toBe('auth');
      expect(error.message).toMatch(/refused the client credentials \(HTTP 401, invalid_client\)/);
      expect(blizzard.stats().token.rejected).toBe(1);
      expectNoSecret(everythingIn(error));
      expectNoSecret(logged.join('\n'));
    });

    it('keeps the secret and the token out of transport errors too', async () => {
      const { blizzard, client, logged } = await harness({}, { timeouts: { requestMs: 100 }, maxRetries: 1 });
      ok(await client.getCharacterProfile('senjin', 'Trog')); // a token in hand
      blizzard.faults.set({ delayMs: 400 });
      const timeout = await caught(client.getCharacterProfile('senjin', 'Trog'));
      expect(timeout).toMatchObject({ kind: 'timeout', attempts: 2 });
      expectNoSecret(everythingIn(timeout));
      expect(everythingIn(timeout)).not.toMatch(/Bearer|US[0-9a-f]{20}/);

      const unreachable = new BlizzardClient({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        apiUrl: 'http://127.0.0.1:1',
        oauthUrl: 'http://127.0.0.1:1/oauth/token',
        maxRetries: 1,
        backoff: { baseDelayMs: 5 },
      });
      const refused = await caught(unreachable.getCharacterProfile('senjin', 'Trog'));
      expect(refused).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', attempts: 2 });
      expectNoSecret(everythingIn(refused));
      expectNoSecret(logged.join('\n'));
      unreachable.close();
    });
  });

  describe('roster', () => {
    it('reads the roster with its tricky names, by realm and guild name or slug', async () => {
      const { blizzard, client } = await harness();
      const roster = await client.getGuildRoster("Sen'jin", 'Pull All The Things');
      expect(await client.getGuildRoster('senjin', 'pull-all-the-things')).toEqual(roster);
      expect(roster.guild).toMatchObject({
        name: 'Pull All The Things',
        realm: { slug: 'senjin', name: "Sen'jin" },
        faction: 'HORDE',
      });
      expect(roster.members).toHaveLength(60);
      expect(roster.skippedMembers).toBe(0);
      expect(roster.lastModified).toMatch(/GMT$/);
      const byKey = new Map(roster.members.map((m) => [`${m.name}@${m.realm.slug}`, m]));
      for (const key of ['Zatañña@senjin', 'Ëlrond@moknathal', 'Тролль@area-52', 'Trog@senjin', 'Trog@area-52']) {
        expect(byKey.get(key)).toBeDefined();
      }
      const trog = blizzard.guild.get({ realm: 'area-52', name: 'Trog' })!;
      expect(byKey.get('Trog@area-52')).toEqual({
        id: trog.id,
        name: 'Trog',
        realm: { id: trog.realm.id, slug: 'area-52' },
        level: trog.level,
        classId: trog.classId,
        className: expect.any(String),
        raceId: trog.raceId,
        rankIndex: trog.rank,
      });
      expect(roster.members.map((m) => m.rankIndex)).toEqual(expect.arrayContaining([0, 8, 9]));
    });

    it('says so when the guild does not exist', async () => {
      const { client } = await harness();
      const error = await caught(client.getGuildRoster('senjin', 'No Such Guild'));
      expect(error).toMatchObject({
        kind: 'not-found',
        status: 404,
        endpoint: '/data/wow/guild/senjin/no-such-guild/roster',
      });
    });

    it('calls a roster that is not JSON an invalid response', async () => {
      const { blizzard, client } = await harness();
      blizzard.faults.set({ malformedRoster: true });
      const error = await caught(client.getGuildRoster('senjin', 'pull-all-the-things'));
      expect(error.kind).toBe('invalid-response');
      expect(error.message).toMatch(/malformed JSON/);
    });
  });

  describe('profiles', () => {
    it('reads profiles of characters with accents and Cyrillic names', async () => {
      const { blizzard, client } = await harness();
      for (const [realm, name] of [
        ["Sen'jin", 'Zatañña'],
        ['moknathal', 'Ëlrond'],
        ['Area 52', 'Тролль'],
        ['area-52', 'TROG'],
      ] as const) {
        const { profile, lastModified } = ok(await client.getCharacterProfile(realm, name));
        const expected = blizzard.guild.get({ realm, name })!;
        expect(profile).toMatchObject({
          id: expected.id,
          name: expected.name,
          realm: { id: expected.realm.id, slug: expected.realm.slug, name: expected.realm.name },
          level: expected.level,
          classId: expected.classId,
          specId: expected.specId,
          raceId: expected.raceId,
          faction: 'HORDE',
          averageItemLevel: expected.averageItemLevel,
          equippedItemLevel: expected.equippedItemLevel,
          lastLoginAt: new Date(expected.lastLoginMs).toISOString(),
          achievementPoints: expected.achievementPoints,
          guild: { name: 'Pull All The Things', realmSlug: 'senjin' },
        });
        expect(profile.className).toEqual(expect.any(String));
        expect(lastModified).toBe(blizzard.guild.lastModified(expected.id));
      }
    });

    it('costs a 304 for an unchanged character, and sees a change', async () => {
      const { blizzard, client } = await harness();
      const { lastModified } = ok(await client.getCharacterProfile('senjin', 'Zatañña'));
      expect(await client.getCharacterProfile('senjin', 'Zatañña', { ifModifiedSince: lastModified })).toEqual({
        status: 'not-modified',
      });
      blizzard.guild.update({ realm: 'senjin', name: 'Zatañña' }, { level: 80, classId: 5, specId: 258 });
      const changed = ok(await client.getCharacterProfile('senjin', 'Zatañña', { ifModifiedSince: lastModified }));
      expect(changed.profile).toMatchObject({ className: 'Priest', specName: 'Shadow', level: 80 });
      expect(Date.parse(changed.lastModified!)).toBeGreaterThan(Date.parse(lastModified!));
      expect(blizzard.stats().profile.notModified).toBe(1);
    });

    it('reports a missing character as not found, asking only once', async () => {
      const { blizzard, client } = await harness();
      expect(await client.getCharacterProfile('senjin', 'Nobody')).toEqual({ status: 'not-found' });
      blizzard.faults.set({ missingCharacters: ['Ëlrond'] });
      expect(await client.getCharacterProfile('moknathal', 'Ëlrond')).toEqual({ status: 'not-found' });
      expect(blizzard.stats().profile.requests).toBe(2);
    });

    it('reports malformed and incomplete JSON as invalid, without throwing', async () => {
      const { blizzard, client } = await harness();
      blizzard.faults.set({ malformedCharacters: ['Zatañña'], incompleteCharacters: ['Тролль'] });
      const malformed = await client.getCharacterProfile('senjin', 'Zatañña');
      expect(malformed).toEqual({ status: 'invalid', reason: expect.stringMatching(/^malformed JSON/) });
      const incomplete = await client.getCharacterProfile('area-52', 'Тролль');
      expect(incomplete).toEqual({ status: 'invalid', reason: 'profile lacks level, character_class, realm' });
      expect(blizzard.stats().profile.malformed).toBe(2);
    });
  });

  describe('retries', () => {
    it('gets every profile through 10 % server errors and bursts of 429', async () => {
      const { blizzard, client } = await harness({
        faults: { serverErrorRate: 0.1, seed: 2024, rateLimitBursts: { every: 40, length: 4, retryAfterSeconds: 1 } },
      });
      const members = blizzard.guild.members();
      const results = await Promise.all(members.map((m) => client.getCharacterProfile(m.realm.slug, m.name)));
      expect(results.filter((r) => r.status === 'ok')).toHaveLength(members.length);
      const stats = blizzard.stats();
      expect(stats.profile.serverErrors).toBeGreaterThan(0);
      expect(stats.profile.rateLimited).toBeGreaterThan(0);
      expect(stats.overLimit).toBe(0);
      const metrics = client.metrics();
      expect(metrics.retries).toBe(stats.profile.serverErrors + stats.profile.rateLimited);
      expect(metrics.requests).toBe(stats.profile.requests);
      // Real waits: a few seconds of Retry-After and backoff, more on a machine busy with other suites.
    }, 30_000);

    it('waits as long as Retry-After says, in seconds or as an HTTP date', async () => {
      const { blizzard, client } = await harness();
      blizzard.faults.throttleNext(1, 1);
      let started = Date.now();
      ok(await client.getCharacterProfile('senjin', 'Trog'));
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);

      blizzard.faults.set({
        rateLimitBursts: { every: 1000, length: 1, retryAfterSeconds: 2, retryAfterAsDate: true },
      });
      started = Date.now();
      ok(await client.getCharacterProfile('senjin', 'Trog'));
      // An HTTP date has whole seconds: 2 s from now is 1 to 2 s away.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    });

    it('gives up when Retry-After asks for longer than it may wait', async () => {
      const { blizzard, client } = await harness({}, { backoff: { maxRetryAfterMs: 500 } });
      blizzard.faults.throttleNext(1, 30);
      const error = await caught(client.getCharacterProfile('senjin', 'Trog'));
      expect(error).toMatchObject({ kind: 'rate-limited', status: 429, attempts: 1 });
    });

    it('gives up on server errors after its retries, with a server error', async () => {
      const { blizzard, client } = await harness({ faults: { serverErrorRate: 1 } }, { maxRetries: 2 });
      const error = await caught(client.getCharacterProfile('senjin', 'Trog'));
      expect(error).toMatchObject({ kind: 'server', attempts: 3 });
      expect(blizzard.stats().profile.serverErrors).toBe(3);
    });

    it('stops waiting when the caller aborts', async () => {
      const { blizzard, client } = await harness();
      blizzard.faults.throttleNext(1, 5);
      const controller = new AbortController();
      const pending = client.getCharacterProfile('senjin', 'Trog', { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const error = await caught(pending);
      expect(error.kind).toBe('aborted');
    });
  });

  describe('rate limit', () => {
    it(`keeps under ${RATE}/s with every request in flight at once: the stand-in sees no 429`, async () => {
      const { blizzard, client } = await harness({ guild: generateGuild({ size: 70, seed: 3 }) });
      // When the limiter let each request go, on its own clock.
      const sent: number[] = [];
      const acquire = RateLimiter.prototype.acquire;
      jest.spyOn(RateLimiter.prototype, 'acquire').mockImplementation(function (this: RateLimiter, signal?: AbortSignal) {
        return acquire.call(this, signal).then((permit) => {
          sent.push(performance.now());
          return permit;
        });
      });
      const members = blizzard.guild.members();
      const started = Date.now();
      const results = await Promise.all(members.map((m) => client.getCharacterProfile(m.realm.slug, m.name)));
      const elapsed = Date.now() - started;
      expect(results.every((r) => r.status === 'ok')).toBe(true);
      const stats = blizzard.stats();
      expect(stats.rateLimited).toBe(0);
      expect(stats.peakPerSecond).toBeLessThanOrEqual(RATE);
      // No second, however it is cut, with more than RATE requests sent. (Read where they leave: the
      // stand-in's own reading of arrivals runs in this process, and on a busy machine can see a
      // request later than it left by more than the arrival allowance, bunching two batches.)
      expect(sent).toHaveLength(members.length);
      expect(peakInWindow(sent, 1000)).toBeLessThanOrEqual(RATE);
      // 70 requests at 20 per window: four batches, each started a window after the previous
      // batch's answers (at most the 250 ms arrival allowance after their start).
      expect(elapsed).toBeGreaterThanOrEqual(3000);
      expect(elapsed).toBeLessThan(3 * (1000 + 250) + 500);
      expect(client.limiterState()).toEqual({ active: 0, waiting: 0 });
    });

    it('lets a slow answer hold its slot only for the arrival allowance after the request left', async () => {
      // Answers slow enough (1.5 s) that the two readings are 1.25 s apart, far more than a busy
      // machine's delays.
      const { blizzard, client } = await harness({ ratePerSecond: 2, faults: { delayMs: 1500 } }, { ratePerSecond: 2 });
      ok(await client.getCharacterProfile('senjin', 'Trog')); // token and connection in hand
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const started = Date.now();
      const names = ['Zatañña', 'Trog', 'Дракон', 'Trog'];
      await Promise.all(names.map((name, i) => client.getCharacterProfile(i === 3 ? 'area-52' : 'senjin', name)));
      const elapsed = Date.now() - started;
      // Two now; two once the first two count (sent + 250 ms) plus a window; each answer 1.5 s:
      // 2,750 ms. Counting from the answers instead would take 1500 + 1000 + 1500 = 4,000 ms.
      expect(elapsed).toBeGreaterThanOrEqual(250 + 1000 + 1500);
      expect(elapsed).toBeLessThan(3500);
      expect(blizzard.stats().rateLimited).toBe(0);
    });
  });
});
