import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcess } from 'node:child_process';
import { JetStreamConnection, resolveOptions, setupBus } from '@patt/messaging';
import { Readiness } from '@patt/service-kit';
import { eventually, freePort, startNatsServer } from '@patt/testing';

jest.setTimeout(60_000);

/**
 * A service's connection for events is opened by its consumers and its relay, both at bootstrap
 * and at the same moment: they share one connection, and shutdown closes it. (Two opens at once
 * used to make two connections and drain one, leaving a socket that kept a test process alive.)
 */
describe('the JetStream connection', () => {
  let nats: ChildProcess;
  let store: string;
  let port: number;

  /** This process's open sockets to the suite's NATS. */
  const socketsToNats = (): number =>
    (process as unknown as { _getActiveHandles(): unknown[] })
      ._getActiveHandles()
      .filter((handle) => handle instanceof Socket && handle.remotePort === port && !handle.destroyed).length;

  beforeAll(async () => {
    port = await freePort();
    store = mkdtempSync(join(tmpdir(), 'patt-nats-'));
    nats = await startNatsServer(port, store);
    await setupBus({ natsUrl: `nats://127.0.0.1:${port}`, credentials: null, root: 'patt-jsc', stream: 'PATT_JSC' });
  });

  afterAll(async () => {
    nats?.kill('SIGTERM');
    if (nats) await new Promise((resolve) => nats.once('exit', resolve));
    rmSync(store, { recursive: true, force: true });
  });

  const connection = (): JetStreamConnection =>
    new JetStreamConnection(
      resolveOptions({ service: 'probe', schema: 'probe', natsUrl: `nats://127.0.0.1:${port}`, subjectRoot: 'patt-jsc', stream: 'PATT_JSC' }),
      new Readiness(),
    );

  it('opens one connection when the consumers and the relay open it at once, and closes it at shutdown', async () => {
    const jetstream = connection();
    await Promise.all([jetstream.open(), jetstream.open(), jetstream.open()]);
    expect(socketsToNats()).toBe(1);
    expect(jetstream.nc.isClosed()).toBe(false);
    await jetstream.open();
    expect(socketsToNats()).toBe(1);

    await jetstream.onApplicationShutdown();
    await eventually('the socket to NATS to close', () => socketsToNats() === 0, 5_000);
  });

  it('closes a connection still being made when the service shuts down meanwhile', async () => {
    const jetstream = connection();
    const opening = jetstream.open();
    await jetstream.onApplicationShutdown();
    await opening;
    await eventually('the socket to NATS to close', () => socketsToNats() === 0, 5_000);
    expect(() => jetstream.nc).toThrow('JetStream connection is not open');
  });
});
