// The bare reference of the gateway benches (bare-echo.ts): its Nest + Fastify app and its NATS
// responder as two processes, on a platform's authenticated bus as the test user, on a subject of
// their own. Stopped with the bench's cleanup.
import { join } from 'node:path';
import { freePort, RunningService, startProcess, TEST_BUS_USER, TestPlatform, WORKSPACE_ROOT } from '@patt/testing';
import { Cleanup } from './harness';

export interface BareEcho {
  /** GET answers after one NATS round trip. */
  url: string;
  /** The responder and the app, for their CPU. */
  processes: RunningService[];
}

export async function startBareEcho(platform: TestPlatform, cleanup: Cleanup): Promise<BareEcho> {
  const port = await freePort();
  const env = {
    NATS_URL: platform.bus.natsUrl,
    NATS_USER: TEST_BUS_USER,
    NATS_PASSWORD: platform.natsServer.passwords[TEST_BUS_USER] as string,
    ECHO_SUBJECT: `${platform.bus.subjectRoot}.bench.echo`,
    PORT: String(port),
  };
  const script = join(WORKSPACE_ROOT, 'tools/bench/lib/bare-echo.ts');
  const processes: RunningService[] = [];
  cleanup.add('bare echo', async () => void (await Promise.all(processes.map((p) => p.stop()))));
  processes.push(await startProcess('bare-echo-responder', { script, env: { ...env, BARE_ECHO_ROLE: 'responder' }, readyLine: 'responder ready', timeoutMs: 60_000 }));
  processes.push(await startProcess('bare-echo-app', { script, env: { ...env, BARE_ECHO_ROLE: 'app' }, readyLine: 'app ready', timeoutMs: 60_000 }));
  return { url: `http://127.0.0.1:${port}/echo`, processes };
}
