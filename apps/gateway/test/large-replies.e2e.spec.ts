import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { DiscordMemberState, Events, RosterCharacter } from '@patt/contracts';
import { ENVELOPE_REPLIES_OVER_BYTES } from '@patt/service-kit';
import { eventually, publishEvent, startPlatform, TestPlatform } from '@patt/testing';

jest.setTimeout(120_000);

const MEMBERS = 300;

/** An HTTP GET as bytes on the wire: no client decompressing on its own. */
function getRaw(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A large list passes through the gateway as identity wrote it: the envelope's bytes gzipped once
 * by identity, sent as they are to a client that takes gzip, gunzipped as a stream for one that
 * does not: the same bytes either way.
 */
describe('large replies through the gateway', () => {
  let platform: TestPlatform;
  let token: string;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['identity'] });
    token = platform.token({ rank: 4, username: 'officer' });
    const characters: RosterCharacter[] = [];
    const discord: DiscordMemberState[] = [];
    for (let i = 0; i < MEMBERS; i += 1) {
      const name = `Zatañña${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
      characters.push({
        characterId: randomUUID(), blizzardId: 500_000 + i, name, realmSlug: 'area-52', realmName: 'Area 52', className: 'Mage', specName: null,
        role: 'ranged', level: 80, itemLevel: 600, guildRankIndex: 3, lastLoginAt: null, guildNote: 'Main, raids tuesdays', officerNote: 'Officer note “quoted”',
      });
      discord.push({ userId: String(400_000_000_000_000_000n + BigInt(i)), username: name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(), displayName: name, roleIds: [], present: true, joinedAt: null });
    }
    const syncedAt = new Date().toISOString();
    await publishEvent(platform.bus, Events.RosterSynced, { runId: randomUUID(), syncedAt, part: 1, parts: 1, characters, changes: [] });
    await publishEvent(platform.bus, Events.DiscordMembersSynced, { syncId: randomUUID(), syncedAt, part: 1, parts: 1, members: discord });
    await eventually(`identity holding ${MEMBERS} members`, async () => {
      const response = await fetch(`${platform.gatewayUrl}/api/v1/members?limit=1`, { headers: { authorization: `Bearer ${token}` } });
      return response.ok && ((await response.json()) as { data: { total: number } }).data.total >= MEMBERS;
    }, 90_000);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('answers the members page byte for byte the same with and without gzip', async () => {
    const url = `${platform.gatewayUrl}/api/v1/members?limit=500`;
    const gzipped = await getRaw(url, { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, deflate, br' });
    const plain = await getRaw(url, { authorization: `Bearer ${token}` });
    expect([gzipped.status, plain.status]).toEqual([200, 200]);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (const answer of [gzipped, plain]) {
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(answer.headers['vary']).toMatch(/accept-encoding/i);
      expect(answer.headers['x-correlation-id']).toBeTruthy();
    }
    const unzipped = gunzipSync(gzipped.body);
    expect(plain.body.length).toBeGreaterThan(ENVELOPE_REPLIES_OVER_BYTES);
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 4);
    expect(unzipped.equals(plain.body)).toBe(true);
    const page = JSON.parse(plain.body.toString('utf8')) as { ok: boolean; data: { total: number; items: Array<{ displayName: string }> } };
    expect(page.ok).toBe(true);
    expect(page.data.total).toBe(MEMBERS);
    expect(page.data.items).toHaveLength(MEMBERS);
    expect(page.data.items.some((m) => m.displayName.includes('ñ'))).toBe(true);
  });

  it('answers a small page as before, enveloped by the gateway', async () => {
    const small = await getRaw(`${platform.gatewayUrl}/api/v1/members?limit=2`, { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' });
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toMatchObject({ ok: true, data: { total: MEMBERS, items: [expect.any(Object), expect.any(Object)] } });
  });

  it('refuses gzip a client gives q=0, and keeps errors as envelopes', async () => {
    const refused = await getRaw(`${platform.gatewayUrl}/api/v1/members?limit=500`, { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(refused.body.toString('utf8'))).toMatchObject({ ok: true });
    const bad = await getRaw(`${platform.gatewayUrl}/api/v1/members?limit=5000`, { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString('utf8'))).toMatchObject({ ok: false });
  });
});
