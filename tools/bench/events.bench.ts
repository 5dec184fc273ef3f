// Events end to end, outbox commit to consumer commit, through the real backbone (libs/messaging):
// the producer's transaction writes its outbox row → the relay publishes it to JetStream with
// Nats-Msg-Id → the durable consumer applies a batch in one transaction with its inbox rows.
//
// Producer and consumer are the messaging probes (libs/integration-tests/src/messaging/probe.ts),
// each in a process of its own (tools/bench/lib/probe-process.ts), with the services' ack wait
// (30 s). Each phase gets a backbone of its own (throwaway database, private stream, new probes,
// 1,000 warm-up events), so a backlog left by one phase cannot slow the next:
//   (b) latency: 200 events/s for 20 s, one per transaction, on schedule (open loop);
//       per event applied_at − occurred_at: p50/p95/p99/max. Goal p99 < 250 ms.
//   (a) throughput: 20,000 events emitted as fast as the producer can (8 transactions at a time),
//       one event per transaction, then (afresh) ten per transaction; applied events/s from the
//       first emit to the last applied. Goal ≥ 1,000/s.
//
// With --replicas, instead: one consumer against two replicas of it (two consumer processes of the
// same durable, as two replicas of a service are), each on a backbone of its own: 200 events/s for
// 20 s as in (b), then a backlog of BENCH_EVENTS (10,000) emitted (10 per transaction) while the
// consumers are paused, met by them at once and timed until it is applied (what the consumers can
// do, the producer out of the way). Per variant: drain rate, p99, CPU per process, JetStream's
// ack pending and the consumers' Postgres connections sampled while draining; what limits it.
//
//   npm run bench -- events
//   npm run bench -- events --replicas
//   BENCH_EVENTS=20000 BENCH_CONCURRENCY=8 BENCH_RATE=200 BENCH_SECONDS=20 BENCH_ACK_WAIT_SECONDS=30 npm run bench -- events
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Client } from 'pg';
import { createTestDatabase, testBus } from '@patt/testing';
import { Cleanup, deleteStream, pollUntil, prepareInfra, runBench } from './lib/harness';
import { JetStreamObserver, redeliveries } from './lib/jetstream';
import { ProbeProcess } from './lib/probe-client';
import { cpuMeter, formatCpu, PidGroups, pidsNamed } from './lib/proc';
import { round, summarize } from './lib/stats';
import { machine, machineLine, ms, num, printSummary, printTable, verdict } from './lib/table';

const REPLICAS = process.argv.includes('--replicas');
/** Events per throughput phase; with --replicas, the backlog (10,000 unless set). */
const N = Number(process.env['BENCH_EVENTS'] ?? (REPLICAS ? 10_000 : 20_000));
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const RATE = Number(process.env['BENCH_RATE'] ?? 200);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const ACK_WAIT_SECONDS = Number(process.env['BENCH_ACK_WAIT_SECONDS'] ?? 30);
const WARMUP_EVENTS = 1000;
const THROUGHPUT_GOAL = 1000; // applied events/s, end to end
const P99_GOAL_MS = 250;
const TIME_LIMIT_MS = REPLICAS ? 420_000 : 178_000;
const started = Date.now();
/** Measuring stops here (the rest is for the report and cleanup); a phase cut short says so. */
const DEADLINE = started + TIME_LIMIT_MS - 13_000;
/** `capMs`, or less when the deadline (minus what later phases need) comes first. */
const budget = (capMs: number, reserveMs = 0) => Math.max(1000, Math.min(capMs, DEADLINE - reserveMs - Date.now()));

/** One backbone: a throwaway database, a private stream, a consumer probe and a producer probe. */
class Backbone {
  private closing: Promise<void> | null = null;

  private constructor(
    readonly producer: ProbeProcess,
    /** The consumer probes: one process each, all of the same durable (replicas of one service). */
    readonly consumers: ProbeProcess[],
    readonly db: Client,
    readonly jetstream: JetStreamObserver,
    /** What open() set up, undone in reverse by close(). */
    private readonly steps: Array<[string, () => Promise<unknown>]>,
    private readonly startConsumer: () => Promise<ProbeProcess>,
  ) {}

  get consumer(): ProbeProcess {
    return this.consumers[0] as ProbeProcess;
  }

  /** Starts `count` more consumer processes of the same durable, together. */
  async addConsumers(count: number): Promise<void> {
    const added = await Promise.all(Array.from({ length: count }, () => this.startConsumer()));
    for (const probe of added) {
      this.consumers.push(probe);
      this.steps.push([`consumer probe ${this.consumers.length}`, () => probe.close()]);
    }
  }

  /** `consumers` consumer processes (0: none yet, see addConsumers), started before the producer. */
  static async open(cleanup: Cleanup, consumers = 1): Promise<Backbone> {
    const steps: Array<[string, () => Promise<unknown>]> = [];
    const undo = async () => {
      for (const [label, step] of steps.splice(0).reverse()) await step().catch((error: unknown) => console.error(`  ${label}: ${String(error)}`));
    };
    try {
      const database = await createTestDatabase(['producer', 'consumer']);
      steps.push(['drop database', () => database.drop()]);
      const bus = testBus(database.token);
      steps.push(['delete stream', () => deleteStream(bus.natsUrl, bus.stream)]);
      const common = { natsUrl: bus.natsUrl, subjectRoot: bus.subjectRoot, stream: bus.stream, ackWaitSeconds: ACK_WAIT_SECONDS };
      const startConsumer = () => ProbeProcess.start({ role: 'consumer', schema: 'consumer', databaseUrl: database.urls['consumer'] as string, ...common });
      // The consumers first: their durable consumer exists before the first event is published.
      const consumerProbes: ProbeProcess[] = [];
      for (let i = 0; i < consumers; i += 1) {
        const consumer = await startConsumer();
        consumerProbes.push(consumer);
        steps.push([`consumer probe ${i + 1}`, () => consumer.close()]);
      }
      const producer = await ProbeProcess.start({ role: 'producer', schema: 'producer', databaseUrl: database.urls['producer'] as string, ...common });
      steps.push(['producer probe', () => producer.close()]);
      const db = new Client({ connectionString: database.urls['consumer'], application_name: 'bench-observer' });
      await db.connect();
      steps.push(['observer connection', () => db.end()]);
      const jetstream = await JetStreamObserver.open(bus.natsUrl, bus.stream);
      steps.push(['jetstream observer', () => jetstream.close()]);
      const backbone = new Backbone(producer, consumerProbes, db, jetstream, steps, startConsumer);
      cleanup.add('backbone', () => backbone.close());
      return backbone;
    } catch (error) {
      await undo();
      throw error;
    }
  }

  /** Stops the probes, drops the database, deletes the stream. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const [label, step] of this.steps.splice(0).reverse()) {
        await step().catch((error: unknown) => console.error(`  cleanup: ${label}: ${String(error)}`));
      }
    })();
    return this.closing;
  }

  cpuGroups(): PidGroups {
    const consumers: PidGroups =
      this.consumers.length <= 1
        ? { consumer: () => this.consumers.map((c) => c.pid) }
        : Object.fromEntries(this.consumers.map((c, i) => [`consumer ${i + 1}`, () => [c.pid]]));
    return {
      producer: () => [this.producer.pid],
      ...consumers,
      // The Postgres backends of this database (both probes' pools and the observer).
      postgres: async () =>
        (await this.db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')).rows.map((r) => r.pid),
      // The NATS server is shared with whatever else runs on the machine.
      nats: () => pidsNamed('nats-server'),
    };
  }

  async applied(prefix: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(DISTINCT event_id)::int AS n FROM consumer.effects WHERE username LIKE $1', [`${prefix}%`]);
    return rows[0]?.n ?? 0;
  }

  /** Waits until JetStream has nothing left for the consumer (all delivered and acked); ms it took, or null. */
  async drain(timeoutMs: number): Promise<number | null> {
    const from = Date.now();
    const { timedOut } = await pollUntil(() => this.jetstream.totals(), (t) => t.pending === 0 && t.ackPending === 0, timeoutMs, 100);
    return timedOut ? null : Date.now() - from;
  }

  /** JIT, connection pools, the durable consumer's first pulls. */
  async warmUp(): Promise<void> {
    await this.producer.emit(WARMUP_EVENTS, 'warm-', 10, CONCURRENCY, Date.now() + 20_000);
    const warm = await pollUntil(() => this.applied('warm-'), (n) => n >= WARMUP_EVENTS, 20_000, 50);
    if (warm.timedOut) throw new Error(`warm-up: only ${warm.value} of ${WARMUP_EVENTS} events applied within 20 s`);
    await this.drain(10_000);
  }
}

interface Window {
  applied: number;
  distinct: number;
  firstOccurred: number;
  lastOccurred: number;
  firstApplied: number;
  lastApplied: number;
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

interface ThroughputFigures {
  name: string;
  perTransaction: number;
  asked: number;
  emitted: number;
  applied: number;
  duplicates: number;
  /** Every emitted event applied before the wait ended. */
  allApplied: boolean;
  producerPerSecond: number;
  endToEndPerSecond: number;
  consumerPerSecond: number;
  windowMs: number;
  lagAfterLastEmitMs: number;
  redeliveries: number;
  drainMs: number | null;
  cpu: Record<string, number>;
}

async function throughput(cleanup: Cleanup, name: string, prefix: string, perTransaction: number, emitCapMs: number, reserveMs: number): Promise<ThroughputFigures> {
  console.log(`  (a) ${name}: ${num(N)} events, ${perTransaction} per transaction, ${CONCURRENCY} transactions at a time…`);
  const backbone = await Backbone.open(cleanup);
  try {
    await backbone.warmUp();
    const cpu = await cpuMeter(backbone.cpuGroups());
    const before = await backbone.jetstream.totals();
    const emitted = await backbone.producer.emit(N, prefix, perTransaction, CONCURRENCY, Date.now() + budget(emitCapMs, reserveMs + 10_000));
    const { timedOut } = await pollUntil(() => backbone.applied(prefix), (n) => n >= emitted.emitted, budget(45_000, reserveMs), 50);
    const shares = await cpu();
    const w = await window(backbone.db, prefix);
    const drainMs = timedOut ? null : await backbone.drain(budget(10_000, reserveMs));
    const after = await backbone.jetstream.totals();
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
      allApplied: !timedOut && w.distinct >= emitted.emitted,
      producerPerSecond: (emitted.emitted * 1000) / Math.max(1, emitted.finishedAt - emitted.startedAt),
      endToEndPerSecond: (w.distinct * 1000) / windowMs,
      consumerPerSecond: (w.distinct * 1000) / Math.max(1, w.lastApplied - w.firstApplied),
      windowMs,
      lagAfterLastEmitMs: w.lastApplied - w.lastOccurred,
      redeliveries: redeliveries(before, after),
      drainMs,
      cpu: shares,
    };
  } finally {
    await backbone.close();
  }
}

if (REPLICAS) runBench('events', TIME_LIMIT_MS, replicas);
else runBench('events', TIME_LIMIT_MS, async (cleanup: Cleanup) => {
  console.log(`events bench — ${machineLine()}`);
  const loadAtStart = machine().loadAverage;
  await prepareInfra(cleanup);

  // (b) Latency at a steady rate.
  console.log(`  (b) latency: ${RATE} events/s, one per transaction, for ${SECONDS} s…`);
  const backbone = await Backbone.open(cleanup);
  console.log(`      probes run as processes: consumer pid ${backbone.consumer.pid}, producer pid ${backbone.producer.pid}`);
  await backbone.warmUp();
  const pacedCpu = await cpuMeter(backbone.cpuGroups());
  const pacedBefore = await backbone.jetstream.totals();
  const paced = await backbone.producer.paced(RATE, SECONDS, 'paced-', (SECONDS + 30) * 1000);
  const pacedDone = await pollUntil(() => backbone.applied('paced-'), (n) => n >= paced.emitted, 15_000, 50);
  const pacedShares = await pacedCpu();
  await backbone.drain(5_000);
  const pacedRedeliveries = redeliveries(pacedBefore, await backbone.jetstream.totals());
  const { rows } = await backbone.db.query<{ latency: string }>(
    `SELECT extract(epoch FROM applied_at - occurred_at) * 1000 AS latency FROM consumer.effects WHERE username LIKE 'paced-%'`,
  );
  const latency = summarize(rows.map((row) => Number(row.latency)));
  const achievedRate = (paced.emitted * 1000) / (paced.finishedAt - paced.startedAt);
  const unpublished = await backbone.producer.unpublished();
  await backbone.close();

  // (a) Throughput, one event per transaction, then ten; each on a fresh backbone.
  const single = await throughput(cleanup, '1 event per transaction', 'single-', 1, 50_000, 40_000);
  const batched = await throughput(cleanup, '10 events per transaction', 'batch-', 10, 40_000, 0);
  const loadAtEnd = machine().loadAverage;

  // Report.
  const throughputOk = (f: ThroughputFigures) => f.allApplied && f.emitted === f.asked && f.endToEndPerSecond >= THROUGHPUT_GOAL;
  const throughputMet = [single, batched].every(throughputOk);
  const latencyMet = !pacedDone.timedOut && latency.p99 < P99_GOAL_MS;
  printTable(
    `(a) sustained throughput — ${num(N)} events per variant, the producer committing ${CONCURRENCY} transactions at a time; goal ≥ ${num(THROUGHPUT_GOAL)} applied/s end to end`,
    ['variant', 'emitted', 'applied', 'dupes applied', 'producer commits ev/s', 'end to end ev/s', 'consumer apply ev/s', 'window', 'lag after last emit', 'redeliveries', 'goal'],
    [single, batched].map((f) => [
      f.name,
      `${num(f.emitted)}${f.emitted < f.asked ? ' (time cap)' : ''}`,
      `${num(f.applied)}${f.allApplied ? '' : ' (wait ended)'}`,
      f.duplicates,
      num(f.producerPerSecond),
      num(f.endToEndPerSecond),
      num(f.consumerPerSecond),
      ms(f.windowMs, 0),
      ms(f.lagAfterLastEmitMs, 0),
      f.redeliveries,
      verdict(throughputOk(f)),
    ]),
  );
  for (const f of [single, batched]) {
    const drained = f.drainMs === null ? 'not drained within the wait' : `drained ${ms(f.drainMs, 0)} after the last effect`;
    console.log(`  "${f.name}": CPU % of one core: ${formatCpu(f.cpu)}; JetStream consumer ${drained}`);
  }
  console.log(
    '  end to end = applied ÷ (last applied_at − first occurred_at); consumer apply = applied ÷ (last − first applied_at);\n' +
      "  producer commits = events ÷ the producer's own emit time; redeliveries = JetStream deliveries beyond one per event\n" +
      `  (ack wait ${ACK_WAIT_SECONDS} s; the inbox makes them harmless: "dupes applied" counts effects applied twice).`,
  );
  printTable(
    `(b) latency at ${RATE} events/s for ${SECONDS} s, one event per transaction, emitted on schedule; goal p99 < ${P99_GOAL_MS} ms`,
    ['events', 'achieved rate', 'p50', 'p95', 'p99', 'max', 'mean', 'emit max late', 'redeliveries', 'goal'],
    [
      [
        `${num(latency.count)}${pacedDone.timedOut ? ` of ${num(paced.emitted)} (wait ended)` : ''}`,
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
  console.log(`  producer and consumer ran as separate processes; outbox rows left unpublished after the latency run: ${unpublished}`);
  console.log(`  load average at start ${loadAtStart.join(' / ')}, at end ${loadAtEnd.join(' / ')}; ran ${Math.round((Date.now() - started) / 1000)} s`);

  printSummary('events', {
    goalsMet: throughputMet && latencyMet,
    processes: 'separate',
    ackWaitSeconds: ACK_WAIT_SECONDS,
    loadAverageAtStart: loadAtStart,
    throughput: [single, batched].map((f) => ({
      variant: f.name,
      perTransaction: f.perTransaction,
      concurrency: CONCURRENCY,
      asked: f.asked,
      emitted: f.emitted,
      applied: f.applied,
      allApplied: f.allApplied,
      duplicatesApplied: f.duplicates,
      producerPerSecond: round(f.producerPerSecond, 0),
      endToEndPerSecond: round(f.endToEndPerSecond, 0),
      consumerPerSecond: round(f.consumerPerSecond, 0),
      windowMs: round(f.windowMs, 0),
      lagAfterLastEmitMs: round(f.lagAfterLastEmitMs, 0),
      redeliveries: f.redeliveries,
      drainMs: f.drainMs,
      cpuPercent: f.cpu,
      goalPerSecond: THROUGHPUT_GOAL,
      met: throughputOk(f),
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
      met: latencyMet,
    },
  });
  return throughputMet && latencyMet;
});

// --- --replicas: one consumer against two replicas of it --------------------------------------

/** Busy and total jiffies of the whole machine (/proc/stat), for its CPU use over a window. */
function machineJiffies(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

interface DrainSamples {
  maxAckPending: number;
  meanAckPending: number;
  /** Means over the samples, of the consumers' Postgres backends (the observer's excluded). */
  active: number;
  idleInTransaction: number;
  /** Wait events of active backends, counted over the samples, most frequent first. */
  waits: Array<[string, number]>;
  samples: number;
}

/** Samples JetStream's ack pending and what the consumers' Postgres connections do, every 100 ms until stopped. */
function sampleDrain(backbone: Backbone): () => Promise<DrainSamples> {
  let stopped = false;
  const ack: number[] = [];
  let active = 0;
  let idleInTransaction = 0;
  const waits = new Map<string, number>();
  let samples = 0;
  const loop = (async () => {
    while (!stopped) {
      const [totals, activity] = await Promise.all([
        backbone.jetstream.totals(),
        backbone.db.query<{ state: string | null; wait: string | null }>(
          `SELECT state, wait_event_type || ':' || wait_event AS wait FROM pg_stat_activity
            WHERE datname = current_database() AND usename = current_user AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        ),
      ]);
      ack.push(totals.ackPending);
      samples += 1;
      for (const row of activity.rows) {
        if (row.state === 'active') {
          active += 1;
          const wait = row.wait ?? 'CPU (no wait event)';
          waits.set(wait, (waits.get(wait) ?? 0) + 1);
        } else if (row.state === 'idle in transaction') idleInTransaction += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return {
      maxAckPending: Math.max(0, ...ack),
      meanAckPending: ack.reduce((sum, n) => sum + n, 0) / Math.max(1, ack.length),
      active: active / Math.max(1, samples),
      idleInTransaction: idleInTransaction / Math.max(1, samples),
      waits: [...waits.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4),
      samples,
    };
  };
}

interface ReplicaFigures {
  consumers: number;
  backlog: number;
  applied: number;
  duplicates: number;
  drainMs: number;
  drainPerSecond: number;
  drainCpu: Record<string, number>;
  /** The whole machine's CPU over the drain, % of one core (200 % = both cores). */
  machineCpu: number;
  drain: DrainSamples;
  redeliveries: number;
  latency: ReturnType<typeof summarize>;
  latencyTimedOut: boolean;
  latencyCpu: Record<string, number>;
}

async function replicaVariant(cleanup: Cleanup, consumers: number, reserveMs: number): Promise<ReplicaFigures> {
  console.log(`  ${consumers} consumer process${consumers === 1 ? '' : 'es'} of the durable: starting…`);
  const backbone = await Backbone.open(cleanup, consumers);
  try {
    await backbone.warmUp();
    // Latency at a steady rate, as (b), with this many consumers.
    console.log(`    latency: ${RATE} events/s for ${SECONDS} s…`);
    const latencyCpu = await cpuMeter(backbone.cpuGroups());
    const paced = await backbone.producer.paced(RATE, SECONDS, 'paced-', (SECONDS + 30) * 1000);
    const pacedDone = await pollUntil(() => backbone.applied('paced-'), (n) => n >= paced.emitted, 15_000, 50);
    const latencyShares = await latencyCpu();
    const { rows } = await backbone.db.query<{ latency: string }>(
      `SELECT extract(epoch FROM applied_at - occurred_at) * 1000 AS latency FROM consumer.effects WHERE username LIKE 'paced-%'`,
    );
    await backbone.drain(5_000);

    // A backlog the consumers meet all at once: they are paused (SIGSTOP) while it is emitted and
    // relayed, then resumed together, warm, and timed until every event of it is applied.
    console.log(`    backlog: ${num(N)} events (10 per transaction) emitted with the consumers paused…`);
    const pids = backbone.consumers.map((c) => c.pid);
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    let resumed = false;
    const resume = () => {
      if (resumed) return;
      resumed = true;
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    };
    cleanup.add('consumers resumed', async () => resume());
    try {
      const emitted = await backbone.producer.emit(N, 'backlog-', 10, CONCURRENCY, Date.now() + budget(60_000, reserveMs + 30_000));
      const relayed = await pollUntil(() => backbone.producer.unpublished(), (n) => n === 0, budget(30_000, reserveMs + 20_000), 100);
      if (relayed.timedOut) throw new Error(`the relay left ${relayed.value} events unpublished`);
      const before = await backbone.jetstream.totals();
      const cpu = await cpuMeter(backbone.cpuGroups());
      const machineBefore = machineJiffies();
      const sampling = sampleDrain(backbone);
      const resumedAt = Date.now();
      resume();
      await pollUntil(() => backbone.applied('backlog-'), (n) => n >= emitted.emitted, budget(90_000, reserveMs), 50);
      const drainShares = await cpu();
      const machineAfter = machineJiffies();
      const samples = await sampling();
      const w = await window(backbone.db, 'backlog-');
      await backbone.drain(budget(10_000, reserveMs));
      const after = await backbone.jetstream.totals();
      const drainMs = w.lastApplied - resumedAt;
      return {
        consumers,
        backlog: emitted.emitted,
        applied: w.distinct,
        duplicates: w.applied - w.distinct,
        drainMs,
        drainPerSecond: (w.distinct * 1000) / Math.max(1, drainMs),
        drainCpu: drainShares,
        machineCpu: ((machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total)) * 100 * cpus().length,
        drain: samples,
        redeliveries: redeliveries(before, after),
        latency: summarize(rows.map((row) => Number(row.latency))),
        latencyTimedOut: pacedDone.timedOut,
        latencyCpu: latencyShares,
      };
    } finally {
      resume();
    }
  } finally {
    await backbone.close();
  }
}

/** What the figures say limits the drain, in a sentence per finding. */
function limits(f: ReplicaFigures, bench: Record<string, number>): string[] {
  const found: string[] = [];
  const cores = cpus().length * 100;
  const consumerCpu = Object.entries(f.drainCpu).filter(([name]) => name.startsWith('consumer')).map(([, cpu]) => cpu);
  const theirs = Object.values(bench).reduce((sum, cpu) => sum + cpu, 0);
  if (f.machineCpu >= 0.9 * cores) {
    found.push(
      `CPU: the machine was ${num(f.machineCpu)} % busy of ${cores} % while draining (this bench's processes ${num(theirs)} %, other work the rest): the cores are the limit`,
    );
  } else {
    found.push(`CPU: the machine was ${num(f.machineCpu)} % busy of ${cores} % (not saturated)`);
  }
  found.push(`consumer processes: ${consumerCpu.map((cpu) => `${num(cpu)} %`).join(', ')} of a core each; Postgres ${num(f.drainCpu['postgres'] ?? 0)} %`);
  const waits = f.drain.waits.map(([wait, n]) => `${wait} ${num((n * 100) / Math.max(1, f.drain.active * f.drain.samples))} %`).join(', ');
  found.push(
    `Postgres: on average ${num(f.drain.active, 2)} of the consumers' connections running a statement (${waits || 'none seen'}) and ${num(f.drain.idleInTransaction, 2)} idle in a transaction (waiting for its consumer process)`,
  );
  found.push(
    `ack pending: at most ${num(f.drain.maxAckPending)} (mean ${num(f.drain.meanAckPending)}) of the durable's max_ack_pending 10,000: ${f.drain.maxAckPending >= 9_000 ? 'the durable holds them back' : 'not the limit (each process holds at most two batches waiting and one applying)'}`,
  );
  return found;
}

async function replicas(cleanup: Cleanup): Promise<boolean> {
  console.log(`events bench, --replicas — ${machineLine()}`);
  const loadAtStart = machine().loadAverage;
  await prepareInfra(cleanup);
  // Each variant may take half of what is left before the deadline.
  const one = await replicaVariant(cleanup, 1, (DEADLINE - Date.now()) / 2);
  const two = await replicaVariant(cleanup, 2, 0);
  const loadAtEnd = machine().loadAverage;
  const variants = [one, two];

  printTable(
    `one consumer against two replicas of it (processes of the same durable): a backlog of ${num(N)} events met at once, and ${RATE} events/s for ${SECONDS} s`,
    ['consumers', 'backlog applied', 'dupes', 'drain', 'drain ev/s', 'machine CPU %', 'latency p50', 'p95', 'p99', 'max', 'redeliveries'],
    variants.map((f) => [
      f.consumers,
      `${num(f.applied)} of ${num(f.backlog)}${f.backlog < N ? ` (time cap; ${num(N)} asked)` : ''}`,
      f.duplicates,
      ms(f.drainMs, 0),
      num(f.drainPerSecond),
      num(f.machineCpu),
      ms(f.latency.p50),
      ms(f.latency.p95),
      ms(f.latency.p99),
      ms(f.latency.max),
      f.redeliveries,
    ]),
  );
  for (const f of variants) {
    console.log(`  ${f.consumers} consumer${f.consumers === 1 ? '' : 's'}: CPU % of one core while draining: ${formatCpu(f.drainCpu)}; during the latency run: ${formatCpu(f.latencyCpu)}`);
    for (const line of limits(f, f.drainCpu)) console.log(`    ${line}`);
  }
  const gain = two.drainPerSecond / one.drainPerSecond;
  console.log(`  two replicas drained ${num(gain, 2)} × what one did; p99 at ${RATE}/s ${ms(one.latency.p99)} with one, ${ms(two.latency.p99)} with two`);
  console.log(
    '  drain = backlog ÷ (last applied_at − the moment the paused consumers were resumed); the consumers were warm (1,000 events and\n' +
      `  the latency run before). Machine CPU is /proc/stat over the drain, every process on it included. Load average at start ${loadAtStart.join(' / ')}, at end ${loadAtEnd.join(' / ')}; ran ${Math.round((Date.now() - started) / 1000)} s`,
  );
  printSummary('events', {
    mode: 'replicas',
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAtEnd,
    gainWithTwo: round(gain, 2),
    variants: variants.map((f) => ({
      consumers: f.consumers,
      backlog: f.backlog,
      applied: f.applied,
      duplicatesApplied: f.duplicates,
      drainMs: round(f.drainMs, 0),
      drainPerSecond: round(f.drainPerSecond, 0),
      machineCpuPercent: round(f.machineCpu, 0),
      drainCpuPercent: f.drainCpu,
      postgresActive: round(f.drain.active, 2),
      postgresIdleInTransaction: round(f.drain.idleInTransaction, 2),
      postgresWaits: Object.fromEntries(f.drain.waits),
      maxAckPending: f.drain.maxAckPending,
      redeliveries: f.redeliveries,
      latency: { rate: RATE, seconds: SECONDS, events: f.latency.count, p50Ms: round(f.latency.p50), p95Ms: round(f.latency.p95), p99Ms: round(f.latency.p99), maxMs: round(f.latency.max), timedOut: f.latencyTimedOut },
      latencyCpuPercent: f.latencyCpu,
    })),
  });
  // No goal of its own: figures to compare. Every event of each backlog applied, none twice.
  return variants.every((f) => f.applied === f.backlog && f.duplicates === 0 && !f.latencyTimedOut);
}
