// Ballots through the gateway: the campaigns service and the gateway from dist/ on a throwaway
// database and the platform's own nats-server, 1,000 members (BENCH_MEMBERS) who may vote, each with their own
// token, casting their ballots over 50 keep-alive connections (BENCH_CONNECTIONS), as fast as the
// platform answers. Each ballot is a POST /api/v1/campaigns/{id}/ballots: the JWT check, a NATS
// request to the campaigns service, and its part of a transaction (the service casts the ballots
// of a campaign that arrive together in one: each ballot and its picks under the one-per-member
// constraint, the campaign's running counts and leader, the milestones reached, their events in
// the outbox).
//
// A warm-up campaign first (every member votes once, not measured), then BENCH_CAMPAIGNS (5)
// measured campaigns of 10 entries and 3 picks, points and instant runoff in turn, each of which
// every member votes in once: the last ballot of each reaches "all voted" and closes it early, so
// the close (counting every ballot) is in the figures too. Ballots per second over each campaign's
// wall time; latency percentiles of every measured ballot. Goal: ≥ 500 ballots/s and p99 < 200 ms,
// every ballot a 201 and every campaign holding exactly one ballot per member.
//
// Only the campaigns service runs beside the gateway (no other service is on a ballot's path), on
// the platform's own authenticated nats-server; the members and their accounts reach its
// projection as identity's member-matched and auth's user-registered events, published to the
// stream (as the test user) as those services' relays would.
//
//   node tools/build/build-app.mjs campaigns && node tools/build/build-app.mjs gateway
//   npm run bench -- ballots
//   BENCH_MEMBERS=1000 BENCH_CONNECTIONS=50 BENCH_CAMPAIGNS=5 npm run bench -- ballots
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { connect, headers, type NatsConnection } from 'nats';
import { Client } from 'pg';
import type { Campaign, Entry, EventEnvelope, EventSubject, PayloadOf, VotingMethod } from '@patt/contracts';
import { Events } from '@patt/contracts';
import { busConnectOptions, startPlatform, type TestBus, type TestPlatform } from '@patt/testing';
import { weightedBallots } from './lib/ballots';
import { checkBuilds, waitForBuilds } from './lib/build';
import { Cleanup, pollUntil, prepareInfra, runBench } from './lib/harness';
import { cpuMeter, formatCpu } from './lib/proc';
import { round, summarize, type Summary } from './lib/stats';
import { machine, machineLine, ms, num, printSummary, printTable, verdict } from './lib/table';

const MEMBERS = Number(process.env['BENCH_MEMBERS'] ?? 1000);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const CAMPAIGNS = Number(process.env['BENCH_CAMPAIGNS'] ?? 5);
const ENTRIES = 10;
const PICKS = 3;
const GATEWAY_LOG_LEVEL = process.env['BENCH_GATEWAY_LOG_LEVEL'] ?? 'info';
const GOAL_PER_SECOND = 500;
const GOAL_P99_MS = 200;

interface Voter {
  userId: string;
  personId: string;
  username: string;
  token: string;
}

interface Answer {
  status: number;
  body: string;
}

/** Publishes events to the bench's stream over one connection, as the producing services' relays would. */
class Publisher {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly root: string,
  ) {}

  static async open(bus: TestBus): Promise<Publisher> {
    return new Publisher(await connect({ ...busConnectOptions(bus), name: 'bench-ballots' }), bus.subjectRoot);
  }

  async publish<S extends EventSubject>(subject: S, payload: PayloadOf<S>, producer: string): Promise<void> {
    const envelope: EventEnvelope<S> = { id: randomUUID(), subject, occurredAt: new Date().toISOString(), producer, correlationId: null, payload };
    await this.nc.jetstream().publish(`${this.root}${subject.slice('patt'.length)}`, new TextEncoder().encode(JSON.stringify(envelope)), {
      msgID: envelope.id,
      headers: headers(),
    });
  }

  close(): Promise<void> {
    return this.nc.drain();
  }
}

/** The API over keep-alive connections, at most `connections` at once (as a load generator holds them). */
class Api {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, connections: number) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  call(method: string, path: string, token: string | null, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.host,
          port: this.port,
          method,
          path: `/api/v1${path}`,
          headers: {
            ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: no answer in 10 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The data of a successful call; throws with the envelope otherwise. */
  async data<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const answer = await this.call(method, path, token, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.body.slice(0, 500)}`);
    return (JSON.parse(answer.body) as { data: T }).data;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** What the campaigns service's database connections were doing, sampled while ballots were cast. */
interface Sessions {
  samples: number;
  /** Mean over the samples: connections running a statement (waiting on a lock or not)… */
  active: number;
  /** …of those, waiting for a lock (another ballot's transaction holding the campaign's row). */
  waitingOnLock: number;
  /** In a transaction between statements (the service working, or waiting for its next turn). */
  idleInTransaction: number;
}

/** Samples pg_stat_activity of the bench's database every 25 ms until the returned function is called. */
function sampleSessions(admin: Client): () => Promise<Sessions> {
  const taken: Array<{ active: number; lock: number; idle: number }> = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await admin.query<{ active: number; lock: number; idle: number }>(
        `SELECT count(*) FILTER (WHERE state = 'active')::int AS active,
                count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock')::int AS lock,
                count(*) FILTER (WHERE state = 'idle in transaction')::int AS idle
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'campaigns'`,
      );
      if (rows[0]) taken.push(rows[0]);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return async () => {
    running = false;
    await loop;
    const mean = (pick: (row: { active: number; lock: number; idle: number }) => number) => (taken.length === 0 ? 0 : taken.reduce((sum, row) => sum + pick(row), 0) / taken.length);
    return { samples: taken.length, active: mean((row) => row.active), waitingOnLock: mean((row) => row.lock), idleInTransaction: mean((row) => row.idle) };
  };
}

interface Measured {
  title: string;
  method: VotingMethod;
  ballots: number;
  seconds: number;
  latencies: number[];
  latency: Summary;
  statuses: Record<string, number>;
  failures: string[];
  stored: number;
  closed: boolean;
  closeReason: string | null;
  resultsVoted: number | null;
  sessions: Sessions;
}

async function createCampaign(api: Api, officer: string, title: string, method: VotingMethod): Promise<Campaign & { entries: Entry[] }> {
  const draft = await api.data<Campaign>('POST', '/campaigns', officer, {
    title,
    method,
    picksPerVoter: PICKS,
    minRankToVote: 2,
    minRankToView: 2,
    // The schedule would open it in a day; the officer opens it now.
    startsAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    durationHours: 48,
    earlyCloseWhenAllVoted: true,
    announcements: { enabled: true, chattiness: 'hype' },
  });
  for (let index = 0; index < ENTRIES; index += 1) {
    await api.data('POST', `/campaigns/${draft.id}/entries`, officer, { name: `Tabard design ${index + 1}`, description: `Design number ${index + 1}` });
  }
  await api.data<Campaign>('POST', `/campaigns/${draft.id}/open`, officer, {});
  return api.data<Campaign & { entries: Entry[] }>('GET', `/campaigns/${draft.id}`, officer);
}

/** Every voter casts one ballot in the campaign, CONNECTIONS at a time, each as soon as a connection is free. */
type Voting = Omit<Measured, 'title' | 'method' | 'stored' | 'closed' | 'closeReason' | 'resultsVoted' | 'sessions'>;

async function vote(api: Api, campaign: Campaign & { entries: Entry[] }, voters: readonly Voter[], seed: number): Promise<Voting> {
  // The favourites more often (so the lead changes early on, then settles).
  const ballots = weightedBallots(campaign.entries.map((entry) => entry.id), PICKS, voters.length, seed, (index) => 1 / (index + 1));
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= voters.length) return;
      const sent = performance.now();
      let status: string;
      try {
        const answer = await api.call('POST', `/campaigns/${campaign.id}/ballots`, voters[index].token, { picks: ballots[index] });
        status = String(answer.status);
        if (answer.status !== 201 && failures.length < 5) failures.push(`${answer.status} ${answer.body.slice(0, 300)}`);
      } catch (error) {
        status = 'error';
        if (failures.length < 5) failures.push(String(error));
      }
      latencies.push(performance.now() - sent);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, () => worker()));
  const seconds = (performance.now() - started) / 1000;
  return { ballots: voters.length, seconds, latencies, latency: summarize(latencies), statuses, failures };
}

async function seedVoters(platform: TestPlatform, api: Api, officer: string): Promise<{ voters: Voter[]; seconds: number }> {
  const started = performance.now();
  const voters: Voter[] = Array.from({ length: MEMBERS }, (_, index) => {
    const userId = randomUUID();
    const personId = randomUUID();
    const username = `voter${String(index).padStart(4, '0')}`;
    return { userId, personId, username, token: platform.token({ rank: 2, userId, personId, username }, { expiresIn: 3600 }) };
  });
  const publisher = await Publisher.open(platform.bus);
  try {
    for (const [index, voter] of voters.entries()) {
      await publisher.publish(
        Events.MemberMatched,
        {
          personId: voter.personId,
          discordUserId: String(200000000000000000n + BigInt(index)),
          discordUsername: voter.username,
          characterIds: [],
          method: 'exact_name',
          score: 1,
          rank: { level: 2, name: 'Member' },
        },
        'identity',
      );
      await publisher.publish(Events.UserRegistered, { userId: voter.userId, personId: voter.personId, username: voter.username }, 'auth');
    }
  } finally {
    await publisher.close();
  }
  // A draft counts its eligible voters when asked: wait until the projection holds every member.
  const probe = await createCampaignDraft(api, officer);
  const counted = await pollUntil(
    () => api.data<Campaign>('GET', `/campaigns/${probe}`, officer),
    (campaign) => campaign.stats.eligible >= MEMBERS,
    90_000,
    500,
  );
  if (counted.timedOut) throw new Error(`the campaigns service knew ${counted.value.stats.eligible} of ${MEMBERS} voters after 90 s`);
  await api.data('DELETE', `/campaigns/${probe}`, officer);
  return { voters, seconds: (performance.now() - started) / 1000 };
}

async function createCampaignDraft(api: Api, officer: string): Promise<string> {
  const draft = await api.data<Campaign>('POST', '/campaigns', officer, {
    title: 'Counting the voters',
    minRankToVote: 2,
    minRankToView: 2,
    startsAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    durationHours: 1,
  });
  return draft.id;
}

/** The campaign once its close (early, at the last ballot) has happened, and its results. */
async function afterwards(api: Api, officer: string, id: string): Promise<Pick<Measured, 'stored' | 'closed' | 'closeReason' | 'resultsVoted'>> {
  const settled = await pollUntil(
    () => api.data<Campaign>('GET', `/campaigns/${id}`, officer),
    (campaign) => campaign.status === 'closed',
    10_000,
    200,
  );
  const campaign = settled.value;
  const results = campaign.status === 'closed' ? await api.data<{ voted: number }>('GET', `/campaigns/${id}/results`, officer) : null;
  return { stored: campaign.stats.voted, closed: campaign.status === 'closed', closeReason: campaign.closeReason, resultsVoted: results?.voted ?? null };
}

runBench('ballots', 175_000, async (cleanup: Cleanup) => {
  const started = Date.now();
  console.log(`ballots bench — ${machineLine()}`);
  const loadAtStart = machine().loadAverage;
  await waitForBuilds(['campaigns', 'gateway']);
  const stale = checkBuilds(['campaigns', 'gateway']);
  if (stale) console.log(`  note: ${stale}`);
  await prepareInfra(cleanup);

  console.log('  starting the campaigns service and the gateway…');
  const platform = await startPlatform({ apps: ['campaigns'], env: { gateway: { LOG_LEVEL: GATEWAY_LOG_LEVEL } } });
  cleanup.add('platform', () => platform.stop());
  // The bench keeps every line the services print; under load that is a lot of request logs.
  const trim = setInterval(() => platform.services.forEach((service) => service.output.splice(0)), 1000);
  cleanup.add('log trimming', async () => clearInterval(trim));
  const api = new Api(platform.gatewayUrl, CONNECTIONS);
  cleanup.add('connections', async () => api.close());
  const officer = platform.token({ rank: 4, username: 'bench-officer', userId: randomUUID() }, { expiresIn: 3600 });

  console.log(`  ${num(MEMBERS)} members and their accounts, as identity's and auth's events…`);
  const { voters, seconds: seedSeconds } = await seedVoters(platform, api, officer);
  console.log(`  the campaigns service knows all ${num(MEMBERS)} voters after ${seedSeconds.toFixed(1)} s`);

  console.log(`  warm-up: a campaign every member votes in once (not measured)…`);
  const warmup = await createCampaign(api, officer, 'Warm-up', 'points');
  const warm = await vote(api, warmup, voters, 1);
  console.log(`    ${num(warm.ballots)} ballots in ${warm.seconds.toFixed(1)} s (${num(warm.ballots / warm.seconds)}/s), statuses ${JSON.stringify(warm.statuses)}`);

  const pidOf = (app: 'gateway' | 'campaigns') => platform.services.get(app)?.child.pid ?? -1;
  const admin = new Client({ connectionString: platform.db.adminUrl, application_name: 'bench-observer' });
  await admin.connect();
  cleanup.add('observer connection', () => admin.end());
  const postgres = async () =>
    (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid);
  const measured: Measured[] = [];
  const cpus: Array<Record<string, number>> = [];
  for (let index = 0; index < CAMPAIGNS; index += 1) {
    const method: VotingMethod = index % 2 === 0 ? 'points' : 'instant_runoff';
    const title = `Vote ${index + 1} (${method})`;
    const campaign = await createCampaign(api, officer, title, method);
    console.log(`  ${title}: ${num(MEMBERS)} ballots over ${CONNECTIONS} connections…`);
    const cpu = await cpuMeter({ gateway: () => [pidOf('gateway')], campaigns: () => [pidOf('campaigns')], postgres, nats: () => [platform.natsServer.child.pid ?? -1] });
    const sessions = sampleSessions(admin);
    const run = await vote(api, campaign, voters, 100 + index);
    cpus.push(await cpu());
    measured.push({ title, method, ...run, sessions: await sessions(), ...(await afterwards(api, officer, campaign.id)) });
  }
  const loadAtEnd = machine().loadAverage;

  // Percentiles over every measured ballot, the campaigns' samples pooled.
  const pooled = summarize(measured.flatMap((m) => m.latencies));
  const totalBallots = measured.reduce((sum, m) => sum + m.ballots, 0);
  const totalSeconds = measured.reduce((sum, m) => sum + m.seconds, 0);
  const perSecond = totalBallots / totalSeconds;
  const p99 = pooled.p99;
  const correct = measured.every((m) => m.statuses['201'] === m.ballots && m.stored === MEMBERS && m.closed && m.resultsVoted === MEMBERS);
  const met = perSecond >= GOAL_PER_SECOND && p99 < GOAL_P99_MS && correct;

  printTable(
    `ballots through the gateway — ${num(MEMBERS)} members, ${CONNECTIONS} connections, ${ENTRIES} entries, ${PICKS} picks; goal ≥ ${GOAL_PER_SECOND}/s, p99 < ${GOAL_P99_MS} ms`,
    ['campaign', 'ballots/s', 'wall', 'p50', 'p95', 'p99', 'max', 'answers', 'stored', 'closed (reason)', 'results voted'],
    measured.map((m) => [
      m.title,
      num(m.ballots / m.seconds),
      `${m.seconds.toFixed(2)} s`,
      ms(m.latency.p50),
      ms(m.latency.p95),
      ms(m.latency.p99),
      ms(m.latency.max),
      Object.entries(m.statuses)
        .map(([status, count]) => `${count}×${status}`)
        .join(' '),
      m.stored,
      m.closed ? `yes (${m.closeReason})` : 'NO',
      m.resultsVoted,
    ]),
  );
  printTable('all measured ballots', ['ballots', 'ballots/s', 'p50', 'p95', 'p99', 'max', 'every ballot 201, one per member, closed and counted', 'goal'], [
    [num(totalBallots), num(perSecond), ms(pooled.p50), ms(pooled.p95), ms(p99), ms(pooled.max), correct ? 'yes' : 'NO', verdict(met)],
  ]);
  for (const m of measured) for (const failure of m.failures) console.log(`  ${m.title}: ${failure}`);
  measured.forEach((m, index) => console.log(`  CPU % of one core during ${m.title}: ${formatCpu(cpus[index] ?? {})} (bench = the load generator, on the same cores)`));
  printTable(
    "the campaigns service's database connections while ballots were cast (pg_stat_activity every 25 ms, mean)",
    ['campaign', 'samples', 'running a statement', 'of which waiting for a lock', 'idle in transaction'],
    measured.map((m) => [m.title, m.sessions.samples, m.sessions.active.toFixed(1), m.sessions.waitingOnLock.toFixed(1), m.sessions.idleInTransaction.toFixed(1)]),
  );
  console.log(`  seeding ${seedSeconds.toFixed(1)} s; load average at start ${loadAtStart.join(' / ')}, at end ${loadAtEnd.join(' / ')}; ran ${Math.round((Date.now() - started) / 1000)} s`);

  printSummary('ballots', {
    goalsMet: met,
    members: MEMBERS,
    connections: CONNECTIONS,
    ballots: totalBallots,
    ballotsPerSecond: round(perSecond, 0),
    p50Ms: round(pooled.p50, 1),
    p95Ms: round(pooled.p95, 1),
    p99Ms: round(p99, 1),
    maxMs: round(pooled.max, 1),
    correct,
    gatewayLogLevel: GATEWAY_LOG_LEVEL,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAtEnd,
    campaigns: measured.map((m, index) => ({
      method: m.method,
      ballotsPerSecond: round(m.ballots / m.seconds, 0),
      p50Ms: round(m.latency.p50, 1),
      p95Ms: round(m.latency.p95, 1),
      p99Ms: round(m.latency.p99, 1),
      maxMs: round(m.latency.max, 1),
      statuses: m.statuses,
      stored: m.stored,
      closeReason: m.closeReason,
      cpuPercent: cpus[index],
      sessions: { active: round(m.sessions.active, 1), waitingOnLock: round(m.sessions.waitingOnLock, 1), idleInTransaction: round(m.sessions.idleInTransaction, 1) },
    })),
    goal: { ballotsPerSecond: GOAL_PER_SECOND, p99Ms: GOAL_P99_MS },
  });
  return met;
});
