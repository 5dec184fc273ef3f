import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { loadConfig } from '@patt/service-kit';
import { testBus } from '@patt/testing';
import { createGateway } from '../src/app/create-gateway';
import { GatewayConfig } from '../src/app/gateway.config';

jest.setTimeout(60_000);

/**
 * The votes routes refuse bad input at the gateway, before any service is asked: a 400 envelope
 * naming each bad field (no campaigns service answers on this bus, so anything that got through
 * would be a 503).
 */
describe('votes routes against bad input', () => {
  let app: NestFastifyApplication;
  const secret = randomBytes(32).toString('hex');
  const officer = sign({ sub: randomUUID(), usr: 'officer', pid: randomUUID(), rnk: 4 }, secret, {
    algorithm: 'HS256',
    issuer: 'patt-auth',
    audience: 'patt-api',
    expiresIn: 600,
  });
  const id = randomUUID();

  beforeAll(async () => {
    const bus = testBus(`votes${randomBytes(3).toString('hex')}`);
    app = await createGateway(
      loadConfig('gateway', GatewayConfig, {
        JWT_SECRET: secret,
        NATS_URL: bus.natsUrl,
        NATS_SUBJECT_ROOT: bus.subjectRoot,
        NATS_REQUEST_TIMEOUT_MS: '150',
        LOG_LEVEL: 'silent',
      }),
    );
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
  });

  const send = async (method: string, url: string, body?: unknown, contentType = 'application/json') => {
    const response = await app.inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${officer}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const json = response.json() as { ok: boolean; code?: string; error?: string; details?: Array<{ field: string }> };
    return { status: response.statusCode, ok: json.ok, code: json.code, fields: (json.details ?? []).map((d) => d.field), error: json.error };
  };

  const valid = { title: 'Tabard', minRankToVote: 2, minRankToView: null, startsAt: '2030-01-01T20:00:00Z', durationHours: 24 };

  it.each([
    ['an unknown field', { ...valid, colour: 'red' }, ['colour']],
    ['no minRankToView (a public campaign is said, not left out)', { ...valid, minRankToView: undefined }, ['minRankToView']],
    ['a start without a time zone', { ...valid, startsAt: '2030-01-01T20:00' }, ['startsAt']],
    ['picks out of range', { ...valid, picksPerVoter: 0 }, ['picksPerVoter']],
    ['a duration too long', { ...valid, durationHours: 721 }, ['durationHours']],
    ['an unknown method', { ...valid, method: 'approval' }, ['method']],
    ['an unknown chattiness', { ...valid, announcements: { chattiness: 'loud' } }, ['announcements.chattiness']],
    ['a channel that is no snowflake', { ...valid, discordChannelId: 'general' }, ['discordChannelId']],
    ['an empty title', { ...valid, title: '  ' }, ['title']],
  ])('POST /campaigns with %s: 400 naming it', async (_name, body, fields) => {
    const answer = await send('POST', '/campaigns', body);
    expect({ status: answer.status, ok: answer.ok, code: answer.code }).toEqual({ status: 400, ok: false, code: 'VALIDATION_FAILED' });
    expect(answer.fields).toEqual(expect.arrayContaining(fields));
    expect(answer.error).toEqual(expect.any(String));
  });

  it.each([
    ['GET', '/campaigns/not-a-uuid', undefined, ['id']],
    ['GET', '/campaigns?status=open', undefined, ['status']],
    ['GET', '/campaigns?limit=501', undefined, ['limit']],
    ['PATCH', `/campaigns/${id}`, { startsAt: null }, ['startsAt']],
    ['PATCH', `/campaigns/${id}`, { id: randomUUID() }, ['id']],
    ['POST', `/campaigns/${id}/entries`, { name: '' }, ['name']],
    ['POST', `/campaigns/${id}/entries`, { name: 'x', imageUrl: 'javascript:alert(1)' }, ['imageUrl']],
    ['PATCH', `/campaigns/${id}/entries/not-a-uuid`, { name: 'x' }, ['entryId']],
    ['POST', `/campaigns/${id}/open`, { now: true }, ['now']],
    ['POST', `/campaigns/${id}/close`, [], ['body']],
    ['POST', `/campaigns/${id}/ballots`, { picks: [] }, ['picks']],
    ['POST', `/campaigns/${id}/ballots`, { picks: [{ entryId: 'x', rank: 0 }] }, ['picks.0.entryId', 'picks.0.rank']],
    ['POST', `/campaigns/${id}/ballots`, { picks: Array.from({ length: 11 }, (_, i) => ({ entryId: randomUUID(), rank: i + 1 })) }, ['picks']],
  ])('%s %s with bad input: 400 naming the field', async (method, url, body, fields) => {
    const answer = await send(method, url, body);
    expect({ status: answer.status, code: answer.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(answer.fields).toEqual(expect.arrayContaining(fields));
  });

  it('refuses a body that is not JSON, and passes a good one on to the service (503: none answers here)', async () => {
    expect(await send('POST', '/campaigns', 'title=x', 'application/x-www-form-urlencoded')).toMatchObject({ status: 415, ok: false, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await send('POST', '/campaigns', '{"title":', 'application/json')).toMatchObject({ status: 400, ok: false });
    expect(await send('POST', '/campaigns', valid)).toMatchObject({ status: 503, ok: false, code: 'SERVICE_UNAVAILABLE' });
    expect(await send('POST', `/campaigns/${id}/ballots`, { picks: [{ entryId: randomUUID(), rank: 1 }] })).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });
});
