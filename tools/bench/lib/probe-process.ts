// A messaging probe (libs/integration-tests/src/messaging/probe.ts: the real outbox, relay and durable consumer)
// as a process of its own, so the event benchmark runs producer and consumer as separate
// services would. Configured by environment; a producer takes commands on stdin (probe-protocol.ts).
//
//   PROBE_ROLE=producer|consumer PROBE_SCHEMA=… DATABASE_URL=… NATS_URL=… NATS_SUBJECT_ROOT=… NATS_STREAM=…
//   [PROBE_ACK_WAIT_SECONDS=30]
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startProbe } from '../../../libs/integration-tests/src/messaging/probe';
import { EmitResult, PacedResult, PROBE_MARK, ProbeCommand, ProbeReply } from './probe-protocol';

type Probe = Awaited<ReturnType<typeof startProbe>>;

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is missing`);
  return value;
};

function reply(message: ProbeReply): void {
  process.stdout.write(`${PROBE_MARK}${JSON.stringify(message)}\n`);
}

async function emit(probe: Probe, command: Extract<ProbeCommand, { cmd: 'emit' }>): Promise<EmitResult> {
  const transactions = Math.ceil(command.count / command.perTransaction);
  const workers = Math.max(1, Math.min(command.concurrency, transactions));
  let next = 0;
  let emitted = 0;
  const startedAt = Date.now();
  // `workers` loops share the transactions; each transaction is the probe's own emit (one
  // transaction of `size` events, as a service writes its state change with its events).
  const worker = async (): Promise<void> => {
    while (next < transactions && Date.now() < command.stopAt) {
      const t = next++;
      const size = Math.min(command.perTransaction, command.count - t * command.perTransaction);
      await probe.producer.emit(size, `${command.prefix}${t}`, size);
      emitted += size;
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return { emitted, startedAt, finishedAt: Date.now() };
}

async function paced(probe: Probe, command: Extract<ProbeCommand, { cmd: 'paced' }>): Promise<PacedResult> {
  const total = Math.round(command.rate * command.seconds);
  const interval = 1000 / command.rate;
  const pending = new Set<Promise<void>>();
  let failed = 0;
  let lastError = '';
  let maxLateMs = 0;
  let maxInFlight = 0;
  const startedAt = Date.now();
  const origin = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = origin + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    maxLateMs = Math.max(maxLateMs, performance.now() - due);
    // Open loop: each event starts on its schedule whether or not the previous one committed.
    const transaction: Promise<void> = probe.producer
      .emit(1, `${command.prefix}${i}`, 1)
      .catch((error: unknown) => {
        failed += 1;
        lastError = error instanceof Error ? error.message : String(error);
      })
      .finally(() => pending.delete(transaction));
    pending.add(transaction);
    maxInFlight = Math.max(maxInFlight, pending.size);
  }
  await Promise.all(pending);
  if (failed > 0) throw new Error(`${failed} of ${total} paced transactions failed; the last: ${lastError}`);
  return { emitted: total, startedAt, finishedAt: Date.now(), maxLateMs, maxInFlight };
}

async function main(): Promise<void> {
  const started = performance.now();
  const role = env('PROBE_ROLE');
  if (role !== 'producer' && role !== 'consumer') throw new Error(`PROBE_ROLE must be producer or consumer, not ${role}`);
  const probe = await startProbe({
    service: process.env['PROBE_SERVICE'] ?? role,
    schema: env('PROBE_SCHEMA'),
    databaseUrl: env('DATABASE_URL'),
    natsUrl: env('NATS_URL'),
    subjectRoot: env('NATS_SUBJECT_ROOT'),
    stream: env('NATS_STREAM'),
    consume: role === 'consumer',
    // The services' default (libs/messaging options), not the probe's 5 s for tests.
    ackWaitSeconds: Number(process.env['PROBE_ACK_WAIT_SECONDS'] ?? 30),
    logLevel: process.env['LOG_LEVEL'] ?? 'warn',
  });
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => (closing ??= probe.close());

  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    let command: ProbeCommand;
    try {
      command = JSON.parse(line) as ProbeCommand;
    } catch {
      console.error(`probe: not a command: ${line}`);
      return;
    }
    const run = async (): Promise<void> => {
      switch (command.cmd) {
        case 'emit':
          reply({ kind: 'result', id: command.id, result: await emit(probe, command) });
          return;
        case 'paced':
          reply({ kind: 'result', id: command.id, result: await paced(probe, command) });
          return;
        case 'unpublished':
          reply({ kind: 'result', id: command.id, result: { unpublished: await probe.producer.unpublished() } });
          return;
        case 'close':
          await close();
          reply({ kind: 'result', id: command.id, result: { closed: true } });
          process.exit(0);
      }
    };
    run().catch((error: unknown) => reply({ kind: 'error', id: command.id, error: error instanceof Error ? error.message : String(error) }));
  });
  // The benchmark went away: shut down as SIGTERM would.
  lines.on('close', () => void close().then(() => process.exit(0)));
  process.once('SIGTERM', () => void close().then(() => process.exit(0)));
  // Ctrl-C reaches the whole process group: the benchmark decides when this probe stops (it sends
  // `close`, or its exit closes our stdin), so it can finish what it is doing first.
  process.on('SIGINT', () => undefined);

  reply({ kind: 'ready', role, pid: process.pid, readyInMs: Math.round(performance.now() - started) });
}

main().catch((error: unknown) => {
  console.error(`probe failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
