import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, NatsConnection } from 'nats';
import { BUS_SETUP_USER, inboxPrefixOf } from '@patt/contracts';
import { BUS_USERS, busAuthorization, busCluster, ensureStream, ROUTE_PASSWORD_VARIABLE, routeUrl, routeVariable, setupBus } from '@patt/messaging';
import { eventually, freePort, randomPassword, startAuthenticatedBus, startNatsServer } from '@patt/testing';

jest.setTimeout(120_000);

/**
 * NATS_STREAM_REPLICAS against a real JetStream cluster of three, as the Kubernetes StatefulSet
 * runs it (server names of their own, routes to each other with the routes' password, the
 * generated users): a server without that password joins nothing; the bus setup
 * keeps the stream on the servers asked for and changes an existing stream's count; a service's
 * user never changes it; one server down, the stream still takes events. On one server, a count
 * above one is refused.
 */
describe('the stream’s replicas on a JetStream cluster of three', () => {
  const token = `r${randomBytes(4).toString('hex')}`;
  const root = `patt-${token}`;
  const stream = `PATT_${token.toUpperCase()}`;
  const dir = join(tmpdir(), `patt-nats-cluster-${token}`);
  const passwords: Record<string, string> = Object.fromEntries([...BUS_USERS, 'test'].map((user) => [user, randomPassword()]));
  const routePassword = randomPassword();
  const servers: ChildProcess[] = [];
  let clientPorts: number[] = [];
  let routePorts: number[] = [];
  let url = '';
  const connections: NatsConnection[] = [];

  const as = async (user: string): Promise<NatsConnection> => {
    const connection = await connect({ servers: url.split(','), user, pass: passwords[user], inboxPrefix: user === 'test' ? undefined : inboxPrefixOf(user) });
    connections.push(connection);
    return connection;
  };
  const setup = (replicas: number) =>
    setupBus({ natsUrl: url, credentials: { user: BUS_SETUP_USER, password: passwords[BUS_SETUP_USER]! }, root, stream, replicas });

  beforeAll(async () => {
    clientPorts = [await freePort(), await freePort(), await freePort()];
    routePorts = [await freePort(), await freePort(), await freePort()];
    url = clientPorts.map((port) => `nats://127.0.0.1:${port}`).join(',');
    const { test, ...users } = passwords;
    const authorization = busAuthorization({ root, stream, passwords: users, superUsers: { test: test! } });
    // The routes as the StatefulSet gives them: the password and each route in the environment.
    const routeEnv: Record<string, string> = { [ROUTE_PASSWORD_VARIABLE]: routePassword };
    routePorts.forEach((port, i) => (routeEnv[routeVariable(i)] = routeUrl(`127.0.0.1:${port}`, routePassword)));
    for (let i = 0; i < 3; i++) {
      const storeDir = join(dir, `s${i}`);
      mkdirSync(storeDir, { recursive: true });
      const configFile = join(dir, `s${i}.conf`);
      const config = [
        `server_name: "${token}-${i}"`,
        `listen: "127.0.0.1:${clientPorts[i]}"`,
        `jetstream { store_dir: ${JSON.stringify(storeDir)} }`,
        busCluster({ name: token, port: routePorts[i]!, servers: 3, host: '127.0.0.1' }),
        authorization,
      ].join('\n');
      writeFileSync(configFile, config, { mode: 0o600 });
      chmodSync(configFile, 0o600);
      servers.push(await startNatsServer(clientPorts[i]!, storeDir, 15_000, { configFile, env: routeEnv }));
    }
  });

  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
    for (const server of servers) {
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGTERM');
        await new Promise((resolveExit) => server.once('exit', resolveExit));
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the stream on three servers, changes it to two when asked, and a service never changes it', async () => {
    // The cluster elects its JetStream leader a few seconds after the servers meet.
    await eventually('the bus setup on the cluster', () => setup(3).then(() => true, () => false), 60_000, 500);
    const jsm = await (await as('test')).jetstreamManager();
    const three = await jsm.streams.info(stream);
    expect(three.config.num_replicas).toBe(3);
    expect(three.cluster?.replicas).toHaveLength(2);

    const identity = await (await as('identity')).jetstreamManager();
    await ensureStream(identity, stream, root);
    expect((await jsm.streams.info(stream)).config.num_replicas).toBe(3);

    await setup(2);
    expect((await jsm.streams.info(stream)).config.num_replicas).toBe(2);
    await setup(3);
    await eventually('three replicas again', async () => ((await jsm.streams.info(stream)).cluster?.replicas?.length === 2 ? true : undefined), 30_000, 500);
  });

  it('lets no server join without the routes’ password: nothing published on it reaches the bus', async () => {
    const listener = await as('test');
    const heard: string[] = [];
    const subscription = listener.subscribe(`${root}.>`, { callback: (_, message) => heard.push(message.subject) });
    await listener.flush();
    // The cluster's own servers route to each other: a message published on another one arrives.
    const member = await connect({ servers: `nats://127.0.0.1:${clientPorts[1]}`, user: 'test', pass: passwords['test'] });
    connections.push(member);
    await eventually('a message across the routes', async () => {
      member.publish(`${root}.routed`);
      await member.flush();
      return heard.includes(`${root}.routed`);
    }, 30_000, 200);

    // Two servers that reach the route port: one with no credentials, one with a wrong password.
    const intruders: ChildProcess[] = [];
    for (const [name, route] of [
      ['none', `nats-route://127.0.0.1:${routePorts[0]}`],
      ['wrong', routeUrl(`127.0.0.1:${routePorts[0]}`, 'not-the-password')],
    ] as const) {
      const port = await freePort();
      const configFile = join(dir, `intruder-${name}.conf`);
      writeFileSync(configFile, [`server_name: "${token}-intruder-${name}"`, `listen: "127.0.0.1:${port}"`, `cluster { name: "${token}", listen: "127.0.0.1:${await freePort()}", routes: ["${route}"] }`].join('\n'));
      intruders.push(await startNatsServer(port, join(dir, `intruder-${name}`), 15_000, { configFile }));
      // No users on it: anyone may publish there, and would reach the bus if its route were taken.
      const client = await connect({ servers: `nats://127.0.0.1:${port}` });
      connections.push(client);
      for (let i = 0; i < 15; i++) {
        client.publish(`${root}.identity.member-rank-changed`);
        await client.flush();
        await new Promise((resolveWait) => setTimeout(resolveWait, 200));
      }
    }
    try {
      expect(heard.filter((subject) => subject !== `${root}.routed`)).toEqual([]);
    } finally {
      subscription.unsubscribe();
      for (const intruder of intruders) {
        intruder.kill('SIGTERM');
        await new Promise((resolveExit) => intruder.once('exit', resolveExit));
      }
    }
  });

  it('takes events with one of the three servers down', async () => {
    const survivor = await as('test');
    const stopped = servers[2]!;
    stopped.kill('SIGTERM');
    await new Promise((resolveExit) => stopped.once('exit', resolveExit));
    const subject = `${root}.identity.member-rank-changed`;
    const ack = await eventually(
      'an event stored with a server down',
      () => survivor.jetstream().publish(subject, new TextEncoder().encode('{}'), { msgID: `${token}-1`, timeout: 5000 }).catch(() => undefined),
      30_000,
      500,
    );
    expect(ack.stream).toBe(stream);
    expect((await (await survivor.jetstreamManager()).streams.info(stream)).state.messages).toBe(1);
  });

  it('is refused above one on a single server', async () => {
    const single = join(dir, 'single');
    const bus = await startAuthenticatedBus({ port: await freePort(), storeDir: single, root, stream });
    try {
      await expect(
        setupBus({ natsUrl: bus.url, credentials: { user: BUS_SETUP_USER, password: bus.passwords[BUS_SETUP_USER]! }, root, stream, replicas: 3 }),
      ).rejects.toThrow(/replicas/i);
    } finally {
      await bus.stop();
    }
  });
});
