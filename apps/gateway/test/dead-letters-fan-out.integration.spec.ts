import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { INestMicroservice } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { DEAD_LETTER_SERVICES, DeadLetter, DeadLetterRequest, DeadLetterService, ListDeadLettersRequest } from '@patt/contracts';
import { DeadLetterDesk, deadLetterRequestController } from '@patt/messaging';
import { loadConfig, natsServerStrategy, RequestContextInterceptor, ServiceException } from '@patt/service-kit';
import { testBus } from '@patt/testing';
import { createGateway } from '../src/app/create-gateway';
import { GatewayConfig } from '../src/app/gateway.config';

jest.setTimeout(60_000);

/**
 * The gateway's side of dead letters against five stand-in services on the bus (each the real
 * request controller over a desk that holds a fixed list): the lists merged newest first and paged
 * across services, a filter asking one service, and a replay or discard sent to the service its id
 * names, its refusal passed on as the envelope.
 */
describe('dead letters across the services, through the gateway', () => {
  let app: NestFastifyApplication;
  const services: INestMicroservice[] = [];
  const secret = randomBytes(32).toString('hex');
  const leader = sign({ sub: randomUUID(), usr: 'leader', pid: null, rnk: 5 }, secret, { algorithm: 'HS256', issuer: 'patt-auth', audience: 'patt-api', expiresIn: 600 });
  const asked: Array<{ service: DeadLetterService; verb: string; request: unknown }> = [];

  // Service i's letters fail at minutes i, i + 5, i + 10: the merge interleaves them.
  const lettersOf = (service: DeadLetterService): DeadLetter[] => {
    const index = DEAD_LETTER_SERVICES.indexOf(service);
    return [10, 5, 0].map((offset, n) => ({
      id: `${service}.${n + 1}`,
      service,
      subject: `patt.test.event-${n}`,
      eventId: randomUUID(),
      consumer: `${service}--test_event-${n}`,
      attempts: 5,
      lastError: `failure ${n}`,
      failedAt: new Date(Date.UTC(2026, 11, 6, 9, index + offset)).toISOString(),
      replayable: true,
    }));
  };

  const desk = (service: DeadLetterService) => ({
    list: async (request: ListDeadLettersRequest) => {
      asked.push({ service, verb: 'list', request });
      const all = lettersOf(service);
      return { items: all.slice(request.offset, request.offset + request.limit), total: all.length };
    },
    replay: async (request: DeadLetterRequest) => {
      asked.push({ service, verb: 'replay', request });
      if (request.row === '2') throw ServiceException.conflict('This dead letter was replayed already; it cannot be replayed again.');
      return { id: `${service}.${request.row}`, outcome: 'applied', replayedAt: '2026-12-06T10:00:00.000Z', replayedBy: 'leader' };
    },
    discard: async (request: DeadLetterRequest) => {
      asked.push({ service, verb: 'discard', request });
      return null;
    },
  });

  beforeAll(async () => {
    const bus = testBus(`deadletters${randomBytes(3).toString('hex')}`);
    for (const service of DEAD_LETTER_SERVICES) {
      @Module({ controllers: [deadLetterRequestController(service)], providers: [{ provide: DeadLetterDesk, useValue: desk(service) }] })
      class StandIn {}
      const microservice = await NestFactory.createMicroservice(StandIn, { ...natsServerStrategy(service, bus.natsUrl, bus.subjectRoot), logger: false });
      microservice.useGlobalInterceptors(new RequestContextInterceptor());
      await microservice.listen();
      services.push(microservice);
    }
    app = await createGateway(
      loadConfig('gateway', GatewayConfig, { JWT_SECRET: secret, NATS_URL: bus.natsUrl, NATS_SUBJECT_ROOT: bus.subjectRoot, LOG_LEVEL: 'silent' }),
    );
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    for (const service of services) await service.close();
  });

  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, body?: string) => {
    const response = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${leader}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: body,
    });
    return { status: response.statusCode, body: response.json() as { ok: boolean; data?: { items: DeadLetter[]; total: number } | null; code?: string; error?: string } };
  };

  it('merges every service’s list newest first, and pages the merge', async () => {
    const everything = DEAD_LETTER_SERVICES.flatMap(lettersOf).sort((a, b) => b.failedAt.localeCompare(a.failedAt));
    const all = await call('GET', '/ops/dead-letters?limit=100');
    expect(all.status).toBe(200);
    expect(all.body.data!.total).toBe(15);
    expect(all.body.data!.items.map((l) => l.id)).toEqual(everything.map((l) => l.id));
    expect(all.body.data!.items.slice(0, 5).map((l) => l.service)).toEqual(['campaigns', 'discord-bot', 'guild-sync', 'identity', 'auth']);

    asked.length = 0;
    const pages = [];
    for (let offset = 0; offset < 15; offset += 4) pages.push(await call('GET', `/ops/dead-letters?limit=4&offset=${offset}`));
    expect(pages.flatMap((p) => p.body.data!.items.map((l) => l.id))).toEqual(everything.map((l) => l.id));
    expect(pages.every((p) => p.body.data!.total === 15)).toBe(true);
    // Each service was asked for the first offset + limit of its own.
    expect(asked.filter((a) => a.service === 'auth').map((a) => a.request)).toEqual([0, 4, 8, 12].map((offset) => ({ limit: offset + 4, offset: 0 })));
  });

  it('asks only the service a filter names', async () => {
    asked.length = 0;
    const identity = await call('GET', '/ops/dead-letters?service=identity&limit=2&offset=1');
    expect(identity.body.data).toEqual({ items: lettersOf('identity').slice(1, 3).map((l) => ({ ...l, eventId: expect.any(String) })), total: 3 });
    expect(asked.map((a) => a.service)).toEqual(['identity']);
  });

  it('sends a replay or a discard to the service its id names, and passes a refusal on', async () => {
    asked.length = 0;
    expect(await call('POST', '/ops/dead-letters/campaigns.7/replay', '{}')).toEqual({
      status: 202,
      body: { ok: true, data: { id: 'campaigns.7', outcome: 'applied', replayedAt: '2026-12-06T10:00:00.000Z', replayedBy: 'leader' } },
    });
    expect(await call('DELETE', '/ops/dead-letters/guild-sync.3')).toEqual({ status: 200, body: { ok: true, data: null } });
    expect(await call('POST', '/ops/dead-letters/discord-bot.2/replay', '{}')).toMatchObject({ status: 409, body: { ok: false, code: 'CONFLICT', error: expect.stringContaining('replayed already') } });
    expect(asked).toEqual([
      { service: 'campaigns', verb: 'replay', request: { row: '7' } },
      { service: 'guild-sync', verb: 'discard', request: { row: '3' } },
      { service: 'discord-bot', verb: 'replay', request: { row: '2' } },
    ]);
  });
});
