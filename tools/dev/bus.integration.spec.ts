// npm start's bus (ensureBus): its own nats-server with users by default; an operator's NATS_URL
// with users, given each password; one without users, with one warning that the bus is open.
import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { BUS_SERVICES, BUS_SETUP_USER, inboxPrefixOf } from '@patt/contracts';
import { natsPasswordVariable } from '@patt/messaging';
import { freePort, testInfra } from '@patt/testing';
import { Bus, ensureBus } from './infra';

jest.setTimeout(60_000);

describe('the bus npm start runs on', () => {
  const token = `d${randomBytes(4).toString('hex')}`;
  const scope = { root: `patt-${token}`, stream: `PATT_${token.toUpperCase()}` };
  const storeDir = join(tmpdir(), `patt-nats-${token}`);
  const users = [...BUS_SERVICES];
  const said: string[] = [];
  const warned: string[] = [];
  const options = { ...scope, storeDir, warn: (line: string) => warned.push(line) };
  let own: Bus | undefined;

  afterAll(async () => {
    await own?.stop();
    rmSync(storeDir, { recursive: true, force: true });
    rmSync(`${storeDir}.conf`, { force: true });
    const open = await connect({ servers: testInfra().natsUrl });
    await (await open.jetstreamManager()).streams.delete(scope.stream).catch(() => false);
    await open.close();
  });

  it('runs a nats-server of its own with a user per service, refusing anyone without one, the stream made', async () => {
    own = await ensureBus((line) => said.push(line), users, { ...options, env: { PATT_NATS_PORT: String(await freePort()) } });
    expect(Object.keys(own.passwords ?? {}).sort()).toEqual([...users, BUS_SETUP_USER].sort());
    expect(warned).toEqual([]);
    expect(statSync(`${storeDir}.conf`).mode & 0o777).toBe(0o600);
    await expect(connect({ servers: own.url, maxReconnectAttempts: 0 })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
    const auth = await connect({ servers: own.url, user: 'auth', pass: own.passwords?.['auth'], inboxPrefix: inboxPrefixOf('auth') });
    try {
      expect((await (await auth.jetstreamManager()).streams.info(scope.stream)).config.name).toBe(scope.stream);
    } finally {
      await auth.close();
    }
  });

  it('takes each password from the environment for an operator’s NATS_URL with users, and names the ones missing', async () => {
    const passwords = own?.passwords ?? {};
    const env: NodeJS.ProcessEnv = { NATS_URL: own?.url };
    for (const user of [...users, BUS_SETUP_USER]) env[natsPasswordVariable(user)] = passwords[user];
    const operators = await ensureBus(() => undefined, users, { ...options, env });
    expect(operators.passwords).toEqual(passwords);
    delete env['AUTH_NATS_PASSWORD'];
    delete env['BUS_SETUP_NATS_PASSWORD'];
    await expect(ensureBus(() => undefined, users, { ...options, env })).rejects.toThrow(
      "the NATS at NATS_URL has users: set each one's password (AUTH_NATS_PASSWORD, BUS_SETUP_NATS_PASSWORD), or leave NATS_URL unset for a bus of npm start's own",
    );
    expect(warned).toEqual([]);
  });

  it('still runs on an operator’s NATS_URL without users, and warns once that the bus is open', async () => {
    const open = await ensureBus(() => undefined, users, { ...options, env: { NATS_URL: testInfra().natsUrl } });
    expect(open.passwords).toBeNull();
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('the bus is open');
  });
});
