// The bus between real processes: the test platform's nats-server runs the authorization
// generated from the contracts, and the services connect as their own users. What a compromised
// service (the bot and guild-sync both parse outside data) could try on the bus is refused by
// NATS; what the gateway's own credentials carry is still checked by the service that serves it.
import { randomUUID } from 'node:crypto';
import { connect, ConnectionOptions, headers, NatsConnection, NatsError } from 'nats';
import { Client } from 'pg';
import { Actor, ErrorCode, Events, EventSubject, Headers, inboxPrefixOf, RankLevel, Requests } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { busConnectOptions, clientAs, freePort, startPlatform, startProcess, TestPlatform } from '@patt/testing';

jest.setTimeout(180_000);

const encoder = new TextEncoder();

describe('the bus: each service says only what the contracts let it, as its own user', () => {
  let platform: TestPlatform;
  let db: Client;
  const open: NatsConnection[] = [];

  /** A connection as one of the bus's users, with its real password. */
  const as = async (user: string, options: Partial<ConnectionOptions> = {}): Promise<NatsConnection> => {
    const connection = await connect({
      servers: platform.bus.natsUrl,
      user,
      pass: platform.natsServer.passwords[user],
      inboxPrefix: inboxPrefixOf(user),
      maxReconnectAttempts: 0,
      ...options,
    });
    open.push(connection);
    return connection;
  };
  const wire = (subject: EventSubject) => `${platform.bus.subjectRoot}${subject.slice('patt'.length)}`;
  const rpc = (pattern: string) => `${platform.bus.subjectRoot}.rpc.${pattern}`;
  /** A request as Nest's NATS client frames it, with an actor header. */
  const nestRequest = (connection: NatsConnection, pattern: string, data: unknown, actor: Actor) => {
    const h = headers();
    h.set(Headers.Actor, JSON.stringify(actor));
    return connection.request(rpc(pattern), encoder.encode(JSON.stringify({ pattern, data, id: randomUUID() })), { timeout: 3000, headers: h });
  };
  const codeOf = (error: unknown) => (error as NatsError).code;
  const apiKeys = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM auth.api_keys')).rows[0]!.n);
  let admin: Actor;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['auth', 'identity'] });
    db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM auth.users WHERE username = 'guildmaster'`);
    admin = { userId: rows[0]!.id, personId: null, username: 'guildmaster', rank: RankLevel.GuildLeader };
  });

  afterAll(async () => {
    await Promise.all(open.map((c) => c.close().catch(() => undefined)));
    await db?.end();
    await platform?.stop();
  });

  it('refuses a connection without a user, and one with another user’s password', async () => {
    await expect(connect({ servers: platform.bus.natsUrl, maxReconnectAttempts: 0 })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
    await expect(
      connect({ servers: platform.bus.natsUrl, user: 'auth', pass: platform.natsServer.passwords['gateway'], maxReconnectAttempts: 0 }),
    ).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
  });

  it('refuses the Discord bot’s credentials sending patt.rpc.auth.api-keys.create; the gateway’s reach auth', async () => {
    const bot = await as('discord-bot');
    const refused = await nestRequest(bot, Requests.ApiKeysCreate, { name: 'stolen' }, admin).then(
      () => 'answered',
      (error: unknown) => codeOf(error),
    );
    expect(refused).toBe('PERMISSIONS_VIOLATION');
    expect(await apiKeys()).toBe(0);

    // The same request with the gateway's credentials is served: the refusal was the bus's.
    const gateway = await as('gateway');
    const answer = await nestRequest(gateway, Requests.ApiKeysCreate, { name: 'the companion' }, admin);
    expect(JSON.parse(new TextDecoder().decode(answer.data))).toMatchObject({ response: { name: 'the companion' } });
    expect(await apiKeys()).toBe(1);
  });

  it('has auth check the actor of a privileged request itself, even from the gateway’s credentials', async () => {
    const client = await clientAs(platform, 'gateway', 'trust-test', 5000);
    try {
      const member = { ...admin, rank: RankLevel.Member };
      await expect(client.send(Requests.ApiKeysCreate, { name: 'by a member' }, { actor: member })).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      await expect(client.send(Requests.ApiKeysCreate, { name: 'by no one' }, { actor: null })).rejects.toBeInstanceOf(ServiceException);
      await expect(client.send(Requests.ApiKeysCreate, { name: 'by no one' }, { actor: null })).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
      await expect(client.send(Requests.MembersUpdate, { id: randomUUID(), rankLevel: 5 }, { actor: { ...admin, rank: RankLevel.Veteran } })).rejects.toMatchObject({
        code: ErrorCode.Forbidden,
      });
    } finally {
      await client.onApplicationShutdown();
    }
    expect(await apiKeys()).toBe(1);
  });

  it('refuses guild-sync publishing identity’s member-rank-changed: the stream never holds it', async () => {
    const sync = await as('guild-sync');
    const envelope = { id: randomUUID(), subject: Events.MemberRankChanged, occurredAt: new Date().toISOString(), producer: 'identity', correlationId: null, payload: {} };
    const refused = await sync
      .jetstream()
      .publish(wire(Events.MemberRankChanged), encoder.encode(JSON.stringify(envelope)), { msgID: envelope.id, timeout: 3000 })
      .then(
        () => 'stored',
        (error: unknown) => codeOf(error),
      );
    expect(refused).toBe('PERMISSIONS_VIOLATION');
    const observer = await connect(busConnectOptions(platform.bus));
    open.push(observer);
    const jsm = await observer.jetstreamManager();
    await expect(jsm.streams.getMessage(platform.bus.stream, { last_by_subj: wire(Events.MemberRankChanged) })).rejects.toThrow(/no message found/i);
  });

  it('refuses guild-sync reading auth’s requests (every login’s password) or the gateway’s replies (every token)', async () => {
    const sync = await as('guild-sync');
    const refusals: string[] = [];
    const sniffed: string[] = [];
    for (const subject of [rpc(Requests.Login), `${platform.bus.subjectRoot}.rpc.>`, '_INBOX.gateway.>', '>']) {
      const subscription = sync.subscribe(subject);
      void (async () => {
        for await (const message of subscription) sniffed.push(message.subject);
      })().catch((error: unknown) => refusals.push(`${subject}: ${codeOf(error)}`));
    }
    await sync.flush();
    const login = await fetch(`${platform.gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'guildmaster', password: 'correct horse battery' }),
    });
    expect(login.status).toBe(200);
    await new Promise((resolveWait) => setTimeout(resolveWait, 500));
    expect(sniffed).toEqual([]);
    expect(refusals.sort()).toEqual(
      [rpc(Requests.Login), `${platform.bus.subjectRoot}.rpc.>`, '_INBOX.gateway.>', '>'].map((s) => `${s}: PERMISSIONS_VIOLATION`).sort(),
    );
  });

  it('refuses deleting or purging the stream, or another service’s consumer, with a service’s credentials', async () => {
    const identity = await as('identity');
    const jsm = await identity.jetstreamManager();
    await expect(jsm.streams.delete(platform.bus.stream)).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
    await expect(jsm.streams.purge(platform.bus.stream)).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
    await expect(jsm.consumers.delete(platform.bus.stream, 'auth--identity_member-matched')).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
    const observer = await connect(busConnectOptions(platform.bus));
    open.push(observer);
    const info = await (await observer.jetstreamManager()).streams.info(platform.bus.stream);
    expect(info.config.name).toBe(platform.bus.stream);
    expect(await (await observer.jetstreamManager()).consumers.info(platform.bus.stream, 'auth--identity_member-matched')).toBeDefined();
  });

  it('stops a service started without its NATS password with one sentence saying so', async () => {
    const env: Record<string, string> = { ...platform.envOf('identity'), HEALTH_PORT: String(await freePort()) };
    delete env['NATS_PASSWORD'];
    const failure = await startProcess('identity-without-password', {
      app: 'identity',
      env,
      readyUrl: `http://127.0.0.1:${env['HEALTH_PORT']}/health/ready`,
      timeoutMs: 60_000,
    }).then(
      async (running) => {
        await running.kill();
        return 'it started';
      },
      (error: unknown) => String(error),
    );
    expect(failure).toContain('NATS refused the connection (Authorization Violation)');
  });
});
