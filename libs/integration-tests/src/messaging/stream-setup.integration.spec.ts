import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, NatsConnection } from 'nats';
import { BUS_SETUP_USER, EVENT_SUBJECTS, inboxPrefixOf } from '@patt/contracts';
import { awaitStream, setupBus, streamConfig } from '@patt/messaging';
import { AuthenticatedBus, freePort, startAuthenticatedBus } from '@patt/testing';

jest.setTimeout(60_000);

/**
 * The stream on a bus with users: the setup user makes and widens it, a service's user may not,
 * and a service waits for it rather than failing (JetStreamConnection starts with awaitStream).
 */
describe('the events’ stream on a bus with users', () => {
  const token = `s${randomBytes(4).toString('hex')}`;
  const root = `patt-${token}`;
  const stream = `PATT_${token.toUpperCase()}`;
  const storeDir = join(tmpdir(), `patt-nats-${token}`);
  let bus: AuthenticatedBus;
  let identity: NatsConnection;
  const setup = () => setupBus({ natsUrl: bus.url, credentials: { user: BUS_SETUP_USER, password: bus.passwords[BUS_SETUP_USER] as string }, root, stream });

  beforeAll(async () => {
    bus = await startAuthenticatedBus({ port: await freePort(), storeDir, root, stream });
    identity = await connect({ servers: bus.url, user: 'identity', pass: bus.passwords['identity'], inboxPrefix: inboxPrefixOf('identity') });
  });

  afterAll(async () => {
    await identity?.close();
    await bus?.stop();
    rmSync(storeDir, { recursive: true, force: true });
    rmSync(`${storeDir}.conf`, { force: true });
  });

  it('has a service wait, saying once what it misses, until the setup user makes the stream', async () => {
    const jsm = await identity.jetstreamManager();
    const told: string[][] = [];
    let ready = false;
    const waiting = awaitStream(jsm, stream, root, { pollMs: 100, onWait: (missing) => told.push(missing) }).then(() => (ready = true));
    await new Promise((resolveWait) => setTimeout(resolveWait, 600));
    expect(ready).toBe(false);
    expect(told).toEqual([streamConfig(stream, root).subjects]);
    await expect(jsm.streams.add(streamConfig(stream, root))).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });

    await setup();
    await waiting;
    expect(told).toHaveLength(1);
    expect((await jsm.streams.info(stream)).config.subjects).toHaveLength(EVENT_SUBJECTS.length);
  });

  it('lets the setup user widen a stream that lacks subjects, which a service may not', async () => {
    const jsm = await identity.jetstreamManager();
    const info = await jsm.streams.info(stream);
    const narrowed = info.config.subjects.slice(1);
    const setupConnection = await connect({ servers: bus.url, user: BUS_SETUP_USER, pass: bus.passwords[BUS_SETUP_USER], inboxPrefix: inboxPrefixOf(BUS_SETUP_USER) });
    try {
      await (await setupConnection.jetstreamManager()).streams.update(stream, { ...info.config, subjects: narrowed });
    } finally {
      await setupConnection.close();
    }
    await expect(jsm.streams.update(stream, { ...info.config })).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
    await setup();
    expect((await jsm.streams.info(stream)).config.subjects.sort()).toEqual([...streamConfig(stream, root).subjects].sort());
  });
});
