// `node dist/apps/<app>/libs/messaging/src/bus-setup-cli.js`: the bus setup as a one-shot command,
// for Compose's `bus-setup` service (and any operator who runs the services elsewhere). It reads
// NATS_URL, NATS_PASSWORD (the `bus-setup` user's; NATS_USER to name another), NATS_SUBJECT_ROOT,
// NATS_STREAM and NATS_STREAM_REPLICAS (default 1; 3 on the Kubernetes cluster of three), and
// creates or widens the events' stream. Retries while NATS is starting.
// Prints one line and exits 0, or one line to stderr and exits 1. It never prints a password.
import { BUS_SETUP_USER, DEFAULT_SUBJECT_ROOT } from '@patt/contracts';
import { DEFAULT_STREAM } from './bus-authorization';
import { setupBus, streamReplicasFrom } from './bus-setup';

async function main(): Promise<void> {
  const env = process.env;
  const natsUrl = env['NATS_URL']?.trim() || 'nats://127.0.0.1:4222';
  const password = env['NATS_PASSWORD']?.trim();
  const credentials = password ? { user: env['NATS_USER']?.trim() || BUS_SETUP_USER, password } : null;
  const root = env['NATS_SUBJECT_ROOT']?.trim() || DEFAULT_SUBJECT_ROOT;
  const stream = env['NATS_STREAM']?.trim() || DEFAULT_STREAM;
  let replicas: number;
  try {
    replicas = streamReplicasFrom(env);
  } catch (error) {
    console.error(`bus-setup failed: ${(error as Error).message}`);
    process.exit(1);
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await setupBus({ natsUrl, credentials, root, stream, replicas });
      console.warn(`bus-setup: the stream ${stream} holds every event of the contracts, on ${replicas} server${replicas === 1 ? '' : 's'}`);
      return;
    } catch (error) {
      const text = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
      const refused = /Authorization Violation|Permissions Violation/.test(text);
      if (refused || Date.now() > deadline) {
        console.error(`bus-setup failed: ${text}${refused ? ' (check NATS_PASSWORD: the bus-setup user’s password)' : ''}`);
        process.exit(1);
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 1000));
    }
  }
}

void main();
