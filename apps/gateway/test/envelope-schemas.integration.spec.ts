import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { Actor, DEFAULT_RANKS, Rank, User } from '@patt/contracts';
import { MeCache } from '../src/caches/me-cache';
import { RanksCache } from '../src/caches/ranks-cache';
import { startLoneGateway } from './support/lone-gateway';

/**
 * The answers whose envelope Fastify writes from a response schema (http/envelope-schemas.ts):
 * through the gateway's own Fastify, their bytes are JSON.stringify's of the envelope, as before
 * the schemas, whatever the strings hold; and the schema is what writes them (a field no contract
 * names is not written).
 */
describe('the envelope written from response schemas', () => {
  const secret = randomBytes(32).toString('hex');
  let app: NestFastifyApplication;

  beforeAll(async () => {
    // No services answer on this bus: the answers come from the gateway's caches, primed below.
    app = await startLoneGateway('schemas', secret);
  });

  afterAll(async () => {
    await app?.close();
  });

  const tokenOf = (actor: Actor) =>
    sign({ sub: actor.userId, usr: actor.username, pid: actor.personId, rnk: actor.rank }, secret, {
      algorithm: 'HS256',
      issuer: 'patt-auth',
      audience: 'patt-api',
      expiresIn: 600,
    });
  const member: Actor = { userId: randomUUID(), username: 'thrall', personId: randomUUID(), rank: 2 };
  const get = async (url: string, actor: Actor | null = member) => {
    const response = await app.inject({ method: 'GET', url, headers: actor ? { authorization: `Bearer ${tokenOf(actor)}` } : {} });
    return { status: response.statusCode, type: response.headers['content-type'], body: response.body };
  };

  // Strings JSON must escape, or not: quotes, backslashes, controls, non-ASCII, astral and lone surrogates.
  const awkward = ['Zatañña', 'the "Old" Guard', 'back\\slash', 'tab\tnew\nline\u0001', 'Drachen 🐉', 'lone \ud800 surrogate', '</script>', ''];

  it('writes the rank table as JSON.stringify writes its envelope', async () => {
    const cache = app.get(RanksCache);
    const tables: Rank[][] = [
      DEFAULT_RANKS.map((rank) => ({ ...rank, gameRankIndexes: [...rank.gameRankIndexes] })),
      ...awkward.map((name, i) => DEFAULT_RANKS.map((rank) => ({ ...rank, name: `${name} ${rank.level}`, discordRoleId: i % 2 ? null : `12345678901234567${i}`, gameRankIndexes: i % 3 ? [] : [0, 9] }))),
    ];
    for (const ranks of tables) {
      cache.replace(ranks);
      const answer = await get('/api/v1/ranks');
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('application/json; charset=utf-8');
      expect(answer.body).toBe(JSON.stringify({ ok: true, data: { items: ranks, total: ranks.length } }));
    }
  });

  it('writes /auth/me as JSON.stringify writes its envelope, and nothing the User contract does not name', async () => {
    const cache = app.get(MeCache);
    for (const [i, name] of awkward.entries()) {
      const actor: Actor = { ...member, userId: randomUUID(), personId: i % 2 ? null : randomUUID() };
      const user: User = { id: actor.userId, username: `user${i}`, displayName: name, personId: actor.personId, rank: { level: actor.rank, name: `${name} rank` }, hasPassword: i % 3 === 0 };
      await cache.of(actor, async () => user);
      const answer = await get('/api/v1/auth/me', actor);
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(JSON.stringify({ ok: true, data: user }));
    }
    // An answer holding more than its contract (were a service ever to send it) goes out without it.
    const actor: Actor = { ...member, userId: randomUUID() };
    const user: User = { id: actor.userId, username: 'jaina', displayName: 'Jaina', personId: actor.personId, rank: { level: 2, name: 'Member' }, hasPassword: false };
    await cache.of(actor, async () => ({ ...user, passwordHash: 'not for the wire' }) as User);
    expect((await get('/api/v1/auth/me', actor)).body).toBe(JSON.stringify({ ok: true, data: user }));
  });

  it('writes /version as before, and errors on those routes as the envelope filter writes them', async () => {
    const version = await get('/api/v1/version', null);
    expect(version.status).toBe(200);
    const parsed = JSON.parse(version.body) as { ok: boolean; data: { name: string; version: string; apiVersion: string } };
    expect(parsed).toEqual({ ok: true, data: { name: 'patt-gateway', version: expect.any(String), apiVersion: 'v1' } });
    expect(version.body).toBe(JSON.stringify(parsed));
    const refused = await get('/api/v1/ranks', null);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });
});
