import { Client } from 'pg';
import { postLargeBody, startPlatform, TestPlatform } from '@patt/testing';

jest.setTimeout(120_000);

describe('walking skeleton: gateway → NATS → services → Postgres, and events across processes', () => {
  let platform: TestPlatform;
  let officer: string;
  let leader: string;
  let initiate: string;

  beforeAll(async () => {
    platform = await startPlatform({ env: { auth: { LOG_LEVEL: 'debug' } } });
    officer = platform.token({ rank: 4, username: 'officer' });
    leader = platform.token({ rank: 5, username: 'leader' });
    initiate = platform.token({ rank: 1, username: 'initiate' });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const call = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${platform.gatewayUrl}${path}`, {
      ...init,
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });

  it('reports every service up on /health', async () => {
    const response = await call('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      data: { status: 'up', services: { auth: 'up', identity: 'up', guildSync: 'up', discordBot: 'up', campaigns: 'up' } },
    });
  });

  it('serves the five seeded ranks from identity to any member', async () => {
    const response = await call('/api/v1/ranks', { token: initiate });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; data: { items: Array<{ level: number; name: string; gameRankIndexes: number[] }>; total: number } };
    expect(body.ok).toBe(true);
    expect(body.data.total).toBe(5);
    expect(body.data.items.map((r) => [r.level, r.name])).toEqual([
      [1, 'Initiate'],
      [2, 'Member'],
      [3, 'Veteran'],
      [4, 'Officer'],
      [5, 'Guild Leader'],
    ]);
    expect(body.data.items[4]?.gameRankIndexes).toEqual([0]);
  });

  it('refuses a request without a token with the 401 envelope', async () => {
    const response = await call('/api/v1/ranks');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ ok: false, code: 'UNAUTHENTICATED', error: expect.stringContaining('token') });
  });

  it('refuses a rank edit below Guild Leader with 403', async () => {
    const response = await call('/api/v1/ranks/3', { method: 'PATCH', token: officer, body: JSON.stringify({ name: 'Raider' }) });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('rejects unknown fields and bad values with 400 and one detail per field', async () => {
    const response = await call('/api/v1/ranks/3', {
      method: 'PATCH',
      token: leader,
      body: JSON.stringify({ name: '', colour: 'red', gameRankIndexes: [12] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { ok: false; code: string; details: Array<{ field: string }> };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.map((d) => d.field).sort()).toEqual(['colour', 'gameRankIndexes', 'name']);
  });

  it('answers malformed JSON, a wrong content type, a huge body and an unknown path with envelopes', async () => {
    const malformed = await call('/api/v1/ranks/3', { method: 'PATCH', token: leader, body: '{"name": ' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ ok: false, code: 'BAD_REQUEST' });

    const wrongType = await call('/api/v1/ranks/3', {
      method: 'PATCH',
      token: leader,
      body: 'name=Raider',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toMatchObject({ ok: false, code: 'UNSUPPORTED_MEDIA_TYPE' });

    // Sent as a careful client sends a large body: fetch writing on past the gateway's early 413
    // may have its connection reset before it reads the answer.
    const hugeBody = Buffer.from(JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024) }));
    const huge = await postLargeBody(
      `${platform.gatewayUrl}/api/v1/ranks/3`,
      { authorization: `Bearer ${leader}`, 'content-type': 'application/json', 'content-length': String(hugeBody.length) },
      [hugeBody],
      { method: 'PATCH' },
    );
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });

    const nowhere = await call('/api/v1/nowhere', { token: leader });
    expect(nowhere.status).toBe(404);
    expect(await nowhere.json()).toMatchObject({ ok: false, code: 'NOT_FOUND' });

    const badLevel = await call('/api/v1/ranks/9', { method: 'PATCH', token: leader, body: '{}' });
    expect(badLevel.status).toBe(400);
  });

  it('carries a rank edit to auth as a ranks-changed event, under the request’s correlation id', async () => {
    const correlationId = `skeleton-${Date.now()}`;
    const response = await call('/api/v1/ranks/3', {
      method: 'PATCH',
      token: leader,
      headers: { 'x-correlation-id': correlationId },
      body: JSON.stringify({ name: 'Raider', discordRoleId: '112233445566778899', gameRankIndexes: [2, 3] }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      data: { level: 3, name: 'Raider', discordRoleId: '112233445566778899', gameRankIndexes: [2, 3] },
    });

    const auth = new Client({ connectionString: platform.db.adminUrl });
    await auth.connect();
    try {
      let row: { name: string; discord_role_id: string } | undefined;
      for (let i = 0; i < 100 && row?.name !== 'Raider'; i += 1) {
        row = (await auth.query('SELECT name, discord_role_id FROM auth.ranks WHERE level = 3')).rows[0];
        if (row?.name !== 'Raider') await new Promise((r) => setTimeout(r, 100));
      }
      expect(row).toEqual({ name: 'Raider', discord_role_id: '112233445566778899' });
    } finally {
      await auth.end();
    }
    const mentions = (app: 'identity' | 'auth' | 'gateway') =>
      (platform.services.get(app)?.output ?? []).some((line) => line.includes(`"correlationId":"${correlationId}"`));
    expect(mentions('gateway')).toBe(true);
    expect(mentions('auth')).toBe(true);

    // Index 3 moved from Member to Raider, and the gateway's kept table follows the same event (well within its 30 s).
    const memberIndexes = async () =>
      ((await (await call('/api/v1/ranks', { token: initiate })).json()) as { data: { items: Array<{ level: number; gameRankIndexes: number[] }> } }).data.items.find(
        (r) => r.level === 2,
      )?.gameRankIndexes;
    let indexes = await memberIndexes();
    for (let i = 0; i < 50 && indexes?.length !== 0; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      indexes = await memberIndexes();
    }
    expect(indexes).toEqual([]);
  });

  it('publishes the OpenAPI document and Swagger UI', async () => {
    const document = (await (await call('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/api/v1/ranks', '/api/v1/ranks/{level}']));
    const ui = await call('/api/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('answers 503 when a service is down, and /health says which', async () => {
    await platform.services.get('identity')?.stop();
    // The members list is asked of identity every time (the rank table the gateway keeps would still answer).
    const members = await call('/api/v1/members?limit=1', { token: initiate });
    expect(members.status).toBe(503);
    expect(await members.json()).toMatchObject({ ok: false, code: 'SERVICE_UNAVAILABLE', error: expect.stringContaining('identity') });
    expect((await call('/api/v1/ranks', { token: initiate })).status).toBe(200);
    const health = await call('/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: true, data: { status: 'down', services: { identity: 'down', auth: 'up' } } });
    await platform.start('identity');
    expect((await call('/api/v1/members?limit=1', { token: initiate })).status).toBe(200);
  });
});
