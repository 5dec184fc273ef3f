// Events end to end, outbox commit to consumer commit, through the real backbone (libs/messaging):
// the producer's transaction writes its outbox row → the relay publishes it to JetStream with
// Nats-Msg-Id → the durable consumer applies a batch in one transaction with its inbox rows.
//
// Producer and consumer are the messaging probes (libs/integration-tests/src/messaging/probe.ts), each in a
// process of its own (tools/bench/lib/probe-process.ts), on a throwaway database and a private
// stream. Phases, in the order they run (each starts on a drained consumer):
//   (b) latency: 200 events/s for 20 s, one per transaction, on schedule (open loop);
//       per event applied_at − occurred_at: p50/p95/p99/max. Goal p99 < 250 ms.
//   (a) throughput: 20,000 events emitted as fast as the producer can (8 transactions at a time),
//       first one event per transaction, then ten per transaction; applied events/s from the
//       first emit to the last applied. Goal ≥ 1,000/s.
//
//   npm run bench -- events
//   BENCH_EVENTS=20000 BENCH_CONCURRENCY=8 BENCH_RATE=200 BENCH_SECONDS=20 npm run bench -- events
import { Client } from 'pg';
import { createTestDatabase, testBus } from '@patt/testing';
import { Cleanup, deleteStream, pollUntil, prepareInfra, runBench } from './lib/harness';
import { JetStreamObserver, redeliveries } from './lib/jetstream';
import { ProbeProcess } from './lib/probe-client';
import { cpuMeter, formatCpu, PidGroups, pidsNamed } from './lib/proc';
import { round, summarize } from './lib/stats';
import { machine, machineLine, ms, num, printSummary, printTable, verdict } from './lib/table';

const N = Number(process.env['BENCH_EVENTS'] ?? 20_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const RATE = Number(process.env['BENCH_RATE'] ?? 200);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const THROUGHPUT_GOAL = 1000; // applied events/s, end to end
const P99_GOAL_MS = 250;
const TIME_LIMIT_MS = 178_000;
/** Measuring stops here (the rest is for reporting and cleanup); late phases are reported as incomplete. */
const started = Date.now();
const DEADLINE = started + 165_000;
const until = (capMs: number, reserveMs = 0) => Math.max(1000, Math.min(capMs, DEADLINE - reserveMs - Date.now()));

interface Context {
  producer: ProbeProcess;
  consumer: ProbeProcess;
  db: Client;
  jetstream: JetStreamObserver;
  cpuGroups: PidGroups;
}

interface Window {
  applied: number;
  distinct: number;
  firstOccurred: number;
  lastOccurred: number;
  firstApplied: number;
  lastApplied: number;
}

interface ThroughputFigures {
  name: string;
  perTransaction: number;
  asked: number;
  emitted: number;
  applied: number;
  duplicates: number;
  complete: boolean;
  producerPerSecond: number;
  endToEndPerSecond: number;
  consumerPerSecond: number;
  windowMs: number;
  lagAfterLastEmitMs: number;
  redeliveries: number;
  drainMs: number | null;
  cpu: Record<string, number>;
}

async function window(db: Client, prefix: string): Promise<Window> {
  const { rows } = await db.query<Record<'applied' | 'distinct', number> & Record<'fo' | 'lo' | 'fa' | 'la', string | null>>(
    `SELECT count(*)::int AS applied, count(DISTINCT event_id)::int AS distinct,
            extract(epoch FROM min(occurred_at)) * 1000 AS fo, extract(epoch FROM max(occurred_at)) * 1000 AS lo,
            extract(epoch FROM min(applied_at)) * 1000 AS fa, extract(epoch FROM max(applied_at)) * 1000 AS la
       FROM consumer.effects WHERE username LIKE $1`,
    [`${prefix}%`],
  );
  const row = rows[0];
  const at = (value: string | null | undefined) => (value === null || value === undefined ? Number.NaN : Number(value));
  return {
    applied: row?.applied ?? 0,
    distinct: row?.distinct ?? 0,
    firstOccurred: at(row?.fo),
    lastOccurred: at(row?.lo),
    firstApplied: at(row?.fa),
    lastApplied: at(row?.la),
  };
}

async function appliedCount(db: Client, prefix: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(DISTINCT event_id)::int AS n FROM consumer.effects WHERE username LIKE $1', [`${prefix}%`]);
  return rows[0]?.n ?? 0;
}

/** Waits until JetStream has nothing left for the consumer (delivered and acked); ms it took, or null. */
async function drain(jetstream: JetStreamObserver, timeoutMs: number): Promise<number | null> {
  const from = Date.now();
  const { timedOut } = await pollUntil(() => jetstream.totals(), (t) => t.pending === 0 && t.ackPending === 0, timeoutMs, 100);
  return timedOut ? null : Date.now() - from;
}

async function throughput(ctx: Context, name: string, prefix: string, perTransaction: number, emitCapMs: number, reserveMs: number): Promise<ThroughputFigures> {
  console.log(`  (a) ${name}: ${num(N)} events, ${perTransaction} per transaction, ${CONCURRENCY} transactions at a time…`);
  const cpu = await cpuMeter(ctx.cpuGroups);
  const before = await ctx.jetstream.totals();
  const emitted = await ctx.producer.emit(N, prefix, perTransaction, CONCURRENCY, Date.now() + until(emitCapMs, reserveMs + 10_000));
  const { timedOut } = await pollUntil(() => appliedCount(ctx.db, prefix), (n) => n >= emitted.emitted, until(45_000, reserveMs), 50);
  const shares = await cpu();
  const drainMs = await drain(ctx.jetstream, until(15_000, reserveMs));
  const after = await ctx.jetstream.totals();
  const w = await window(ctx.db, prefix);
  // From the first event's occurred_at (set at emit, in its transaction, just before the commit)
  // to the last effect's applied_at.
  const windowMs = w.lastApplied - w.firstOccurred;
  return {
    name,
    perTransaction,
    asked: N,
    emitted: emitted.emitted,
    applied: w.distinct,
    duplicates: w.applied - w.distinct,
    complete: !timedOut && emitted.emitted === N && w.distinct >= N,
    producerPerSecond: (emitted.emitted * 1000) / Math.max(1, emitted.finishedAt - emitted.startedAt),
    endToEndPerSecond: (w.distinct * 1000) / windowMs,
    consumerPerSecond: (w.distinct * 1000) / Math.max(1, w.lastApplied - w.firstApplied),
    windowMs,
    lagAfterLastEmitMs: w.lastApplied - w.lastOccurred,
    redeliveries: redeliveries(before, after),
    drainMs,
    cpu: shares,
  };
}

runBench('events', TIME_LIMIT_MS, async (cleanup: Cleanup) => {
  console.log(`events bench — ${machineLine()}`);
  const loadAtStart = machine().loadAverage;
  await prepareInfra(cleanup);
  const database = await createTestDatabase(['producer', 'consumer']);
  cleanup.add('drop database', () => database.drop());
  const bus = testBus(database.token);
  cleanup.add('delete stream', () => deleteStream(bus.natsUrl, bus.stream));
  const common = { natsUrl: bus.natsUrl, subjectRoot: bus.subjectRoot, stream: bus.stream };

  // The consumer first: its durable consumer exists before the first event is published.
  const consumer = await ProbeProcess.start({ role: 'consumer', schema: 'consumer', databaseUrl: database.urls['consumer'] as string, ...common });
  cleanup.add('consumer probe', () => consumer.close());
  const producer = await ProbeProcess.start({ role: 'producer', schema: 'producer', databaseUrl: database.urls['producer'] as string, ...common });
  cleanup.add('producer probe', () => producer.close());
  console.log(`  probes run as processes: consumer pid ${consumer.pid}, producer pid ${producer.pid}`);

  const db = new Client({ connectionString: database.urls['consumer'], application_name: 'bench-observer' });
  await db.connect();
  cleanup.add('observer connection', () => db.end());
  const jetstream = await JetStreamObserver.open(bus.natsUrl, bus.stream);
  cleanup.add('jetstream observer', () => jetstream.close());
  const ctx: Context = {
    producer,
    consumer,
    db,
    jetstream,
    cpuGroups: {
      producer: () => [producer.pid],
      consumer: () => [consumer.pid],
      // The Postgres backends of this database (both probes' pools and the observer).
      postgres: async () =>
        (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).rows.map((r) => r.pid),
      // The NATS server is shared with whatever else runs on the machine.
      nats: () => pidsNamed('nats-server'),
    },
  };

  // Warm-up: JIT, connection pools, the durable consumer's first pulls.
  await producer.emit(1000, 'warm-', 10, CONCURRENCY, Date.now() + 20_000);
  const warm = await pollUntil(() => appliedCount(db, 'warm-'), (n) => n >= 1000, 20_000, 50);
  if (warm.timedOut) throw new Error(`warm-up: only ${warm.value} of 1,000 events applied within 20 s`);
  await drain(jetstream, 10_000);

  // (b) Latency at a steady rate, on a quiet consumer.
  console.log(`  (b) latency: ${RATE} events/s, one per transaction, for ${SECONDS} s…`);
  const pacedCpu = await cpuMeter(ctx.cpuGroups);
  const pacedBefore = await jetstream.totals();
  const paced = await producer.paced(RATE, SECONDS, 'paced-', (SECONDS + 30) * 1000);
  const pacedDone = await pollUntil(() => appliedCount(db, 'paced-'), (n) => n >= paced.emitted, 20_000, 50);
  const pacedShares = await pacedCpu();
  await drain(jetstream, 10_000);
  const pacedRedeliveries = redeliveries(pacedBefore, await jetstream.totals());
  const { rows } = await db.query<{ latency: string }>(
    `SELECT extract(epoch FROM applied_at - occurred_at) * 1000 AS latency FROM consumer.effects WHERE username LIKE 'paced-%'`,
  );
  const latency = summarize(rows.map((row) => Number(row.latency)));
  const achievedRate = (paced.emitted * 1000) / (paced.finishedAt - paced.startedAt);

  // (a) Throughput, one event per transaction, then ten.
  const single = await throughput(ctx, '1 event per transaction', 'single-', 1, 50_000, 45_000);
  const batched = await throughput(ctx, '10 events per transaction', 'batch-', 10, 40_000, 0);
  const unpublished = await producer.unpublished();
  const loadAtEnd = machine().loadAverage;

  // Report.
  const throughputMet = [single, batched].every((f) => f.complete && f.endToEndPerSecond >= THROUGHPUT_GOAL);
  const latencyMet = !pacedDone.timedOut && latency.p99 < P99_GOAL_MS;
  printTable(
    `(a) sustained throughput — ${num(N)} events per variant, the producer committing ${CONCURRENCY} transactions at a time; goal ≥ ${num(THROUGHPUT_GOAL)} applied/s end to end`,
    ['variant', 'applied', 'dupes applied', 'producer commits ev/s', 'end to end ev/s', 'consumer apply ev/s', 'window', 'lag after last emit', 'redeliveries', 'goal'],
    [single, batched].map((f) => [
      f.name,
      `${num(f.applied)}${f.complete ? '' : ` of ${num(f.asked)} (incomplete)`}`,
      f.duplicates,
      num(f.producerPerSecond),
      num(f.endToEndPerSecond),
      num(f.consumerPerSecond),
      ms(f.windowMs, 0),
      ms(f.lagAfterLastEmitMs, 0),
      f.redeliveries,
      verdict(f.complete && f.endToEndPerSecond >= THROUGHPUT_GOAL),
    ]),
  );
  for (const f of [single, batched]) {
    const drained = f.drainMs === null ? 'not drained within the wait' : `drained ${ms(f.drainMs, 0)} after the last effect`;
    console.log(`  "${f.name}": CPU % of one core ${formatCpu(f.cpu)}; JetStream consumer ${drained}`);
  }
  console.log(
    '  end to end = applied ÷ (last applied_at − first occurred_at); consumer apply = applied ÷ (last − first applied_at);\n' +
      "  producer commits = events ÷ the producer's own emit time; redeliveries = JetStream deliveries beyond one per event\n" +
      '  (the inbox makes them harmless: "dupes applied" counts effects applied twice).',
  );
  printTable(
    `(b) latency at ${RATE} events/s for ${SECONDS} s, one event per transaction, emitted on schedule; goal p99 < ${P99_GOAL_MS} ms`,
    ['events', 'achieved rate', 'p50', 'p95', 'p99', 'max', 'mean', 'emit max late', 'redeliveries', 'goal'],
    [
      [
        `${num(latency.count)}${pacedDone.timedOut ? ' (incomplete)' : ''}`,
        `${num(achievedRate, 1)}/s`,
        ms(latency.p50),
        ms(latency.p95),
        ms(latency.p99),
        ms(latency.max),
        ms(latency.mean),
        ms(paced.maxLateMs),
        pacedRedeliveries,
        verdict(latencyMet),
      ],
    ],
  );
  console.log(`  CPU % of one core during the latency run: ${formatCpu(pacedShares)}`);
  console.log(
    "  latency = effects.applied_at − occurred_at. occurred_at is set at emit, inside the producer's transaction (just before\n" +
      "  its commit; JS clock, ms resolution); applied_at is clock_timestamp() when the consumer's handler inserts the effect,\n" +
      '  inside its batch transaction (just before that commit). Same host, same clock.',
  );
  console.log(`  producer and consumer ran as separate processes; outbox rows left unpublished at the end: ${unpublished}`);
  console.log(`  load average at start ${loadAtStart.join(' / ')}, at end ${loadAtEnd.join(' / ')}; ran ${Math.round((Date.now() - started) / 1000)} s`);

  printSummary('events', {
    goalsMet: throughputMet && latencyMet,
    processes: 'separate',
    loadAverageAtStart: loadAtStart,
    throughput: [single, batched].map((f) => ({
      variant: f.name,
      perTransaction: f.perTransaction,
      concurrency: CONCURRENCY,
      asked: f.asked,
      emitted: f.emitted,
      applied: f.applied,
      duplicatesApplied: f.duplicates,
      complete: f.complete,
      producerPerSecond: round(f.producerPerSecond, 0),
      endToEndPerSecond: round(f.endToEndPerSecond, 0),
      consumerPerSecond: round(f.consumerPerSecond, 0),
      windowMs: round(f.windowMs, 0),
      lagAfterLastEmitMs: round(f.lagAfterLastEmitMs, 0),
      redeliveries: f.redeliveries,
      drainMs: f.drainMs,
      cpuPercent: f.cpu,
      goalPerSecond: THROUGHPUT_GOAL,
    })),
    latency: {
      rate: RATE,
      seconds: SECONDS,
      achievedRate: round(achievedRate, 1),
      events: latency.count,
      p50Ms: round(latency.p50),
      p95Ms: round(latency.p95),
      p99Ms: round(latency.p99),
      maxMs: round(latency.max),
      meanMs: round(latency.mean),
      emitMaxLateMs: round(paced.maxLateMs),
      maxInFlight: paced.maxInFlight,
      redeliveries: pacedRedeliveries,
      cpuPercent: pacedShares,
      goalP99Ms: P99_GOAL_MS,
    },
  });
  return throughputMet && latencyMet;
});
