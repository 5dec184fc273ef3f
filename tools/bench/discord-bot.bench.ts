// Discord bot role sync against the Discord stand-in, with the built discord-bot service as its own
// process (ROLE_SYNC_MODE=enforce) on a throwaway database and a private stream:
//   (a) latency: one member-matched at a time, published to JetStream as identity's relay would →
//       the PUT of the member's rank role as the stand-in receives it; p50/p95/max over
//       BENCH_SINGLES events (default 60). Goal p95 < 500 ms.
//   (b) throughput: BENCH_CHANGES member-rank-changed (default 1,000) published at once, each needing
//       a PUT of the new rank's role and a DELETE of the old; wall time from the first publish to the
//       last role call, against the floor of the stand-in's rate limit on the member-roles bucket
//       (BENCH_ROLE_LIMIT per second, default 50: as many calls as discord.js's global 50 requests a
//       second allow). Also: 429s met, and role calls made twice (must be 0).
//
//   node tools/build/build-app.mjs discord-bot && node tools/build/build-app.mjs gateway
//   node --require ./tools/dev/register.cjs tools/bench/discord-bot.bench.ts
//   BENCH_SINGLES=60 BENCH_CHANGES=1000 BENCH_ROLE_LIMIT=50 npm run bench -- discord-bot
import { randomUUID } from 'node:crypto';
import { connect, headers, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { EventEnvelope, EventSubject, Events, PayloadOf, Rank, RANK_LEVELS, RankLevel } from '@patt/contracts';
import { busConnectOptions, DiscordRestCall, DiscordRoute, DiscordStandIn, generateDiscordGuild, RankRoleName, startPlatform, TestBus } from '@patt/testing';
import { checkBuilds, waitForBuilds } from './lib/build';
import { Cleanup, pollUntil, prepareInfra, runBench, sleep } from './lib/harness';
import { round, summarize } from './lib/stats';
import { machineLine, ms, num, printSummary, printTable, verdict } from './lib/table';

const SINGLES = Number(process.env['BENCH_SINGLES'] ?? 60);
const CHANGES = Number(process.env['BENCH_CHANGES'] ?? 1000);
const ROLE_LIMIT_PER_SECOND = Number(process.env['BENCH_ROLE_LIMIT'] ?? 50);
const P95_GOAL_MS = 500;
const MEMBERS = SINGLES + CHANGES + 300;

const ROLE_OF: Record<RankLevel, RankRoleName> = {
  [RankLevel.Initiate]: 'Initiate',
  [RankLevel.Member]: 'Member',
  [RankLevel.Veteran]: 'Veteran',
  [RankLevel.Officer]: 'Officer',
  [RankLevel.GuildLeader]: 'Guild Leader',
};
const ROLE_ROUTES = new Set<string>([DiscordRoute.addMemberRole, DiscordRoute.removeMemberRole]);

class Publisher {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly root: string,
  ) {}

  static async open(bus: TestBus): Promise<Publisher> {
    return new Publisher(await connect({ ...busConnectOptions(bus), name: 'bench-discord-bot' }), bus.subjectRoot);
  }

  async publish<S extends EventSubject>(subject: S, payload: PayloadOf<S>): Promise<void> {
    const envelope: EventEnvelope<S> = { id: randomUUID(), subject, occurredAt: new Date().toISOString(), producer: 'bench', correlationId: null, payload };
    await this.nc.jetstream().publish(`${this.root}${subject.slice('patt'.length)}`, new TextEncoder().encode(JSON.stringify(envelope)), {
      msgID: envelope.id,
      headers: headers(),
    });
  }

  close(): Promise<void> {
    return this.nc.drain();
  }
}

runBench('discord-bot', 175_000, async (cleanup: Cleanup) => {
  console.log(`discord-bot bench — ${machineLine()}`);
  await waitForBuilds(['discord-bot', 'gateway']);
  const stale = checkBuilds(['discord-bot', 'gateway']);
  if (stale) console.log(`  note: ${stale}`);
  await prepareInfra(cleanup);

  const routeLimit = { bucket: 'member-roles', routes: [DiscordRoute.addMemberRole, DiscordRoute.removeMemberRole], limit: ROLE_LIMIT_PER_SECOND, windowMs: 1000 };
  const discord = await DiscordStandIn.start({ heartbeatIntervalMs: 5_000, guild: generateDiscordGuild({ seed: 5, memberCount: MEMBERS }), routeLimits: [routeLimit] });
  cleanup.add('Discord stand-in', () => discord.close());
  console.log(`  stand-in: ${MEMBERS} members; member-roles bucket limited to ${ROLE_LIMIT_PER_SECOND} calls per second`);
  const platform = await startPlatform({
    apps: ['discord-bot'],
    env: {
      'discord-bot': {
        DISCORD_TOKEN: discord.token,
        DISCORD_GUILD_ID: discord.guildId,
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_AUDIT_CHANNEL_ID: discord.auditChannelId,
        ROLE_SYNC_MODE: 'enforce',
        LOG_LEVEL: 'warn',
      },
    },
  });
  cleanup.add('platform', () => platform.stop());
  const db = new Client({ connectionString: platform.db.adminUrl });
  await db.connect();
  cleanup.add('database client', () => db.end());
  const publisher = await Publisher.open(platform.bus);
  cleanup.add('publisher', () => publisher.close());

  const ranks: Rank[] = RANK_LEVELS.map((level) => ({ level, name: ROLE_OF[level], discordRoleId: discord.rankRoleIds[ROLE_OF[level]], gameRankIndexes: [5 - level] }));
  const rankRoleIds = new Set(Object.values(discord.rankRoleIds));
  const roleOf = (level: RankLevel) => discord.rankRoleIds[ROLE_OF[level]];
  await publisher.publish(Events.RanksChanged, { ranks });
  const ready = await pollUntil(
    async () =>
      (await db.query<{ ok: boolean }>(
        `SELECT (SELECT count(discord_role_id) FROM discord.rank_roles) = 5 AND EXISTS (SELECT 1 FROM discord.member_syncs WHERE status = 'succeeded') AS ok`,
      )).rows[0]?.ok === true,
    (ok) => ok,
    30_000,
  );
  if (ready.timedOut) throw new Error('the bot did not sync the members and the rank mapping within 30 s');

  const humans = discord.members().filter((member) => !member.user.bot);
  const rankRolesOf = (roles: readonly string[]) => roles.filter((id) => rankRoleIds.has(id));
  /** A rank other than the member's, and the calls it takes: a PUT, and a DELETE per other rank role. */
  const target = (roles: readonly string[], index: number) => {
    const own = rankRolesOf(roles);
    const levels = [RankLevel.Initiate, RankLevel.Member, RankLevel.Veteran, RankLevel.Officer];
    const level = [...levels.slice(index % 4), ...levels].find((candidate) => !own.includes(roleOf(candidate))) as RankLevel;
    return { level, calls: 1 + own.length };
  };
  const rightRoles = (userId: string, level: RankLevel) => {
    const roles = rankRolesOf(discord.member(userId)?.roles ?? []);
    return roles.length === 1 && roles[0] === roleOf(level);
  };

  // (a) latency, one event at a time.
  console.log(`  (a) ${SINGLES} member-matched events, one at a time…`);
  const latencies: number[] = [];
  for (const [index, member] of humans.slice(0, SINGLES).entries()) {
    const { level } = target(member.roles, index);
    const userId = member.user.id;
    const sent = Date.now();
    await publisher.publish(Events.MemberMatched, {
      personId: randomUUID(),
      discordUserId: userId,
      discordUsername: member.user.username,
      characterIds: [],
      method: 'exact_name',
      score: 1,
      rank: { level, name: ROLE_OF[level] },
    });
    const put = await discord.waitForCall((call) => call.route === DiscordRoute.addMemberRole && call.params['userId'] === userId && call.status === 204, 10_000);
    latencies.push(put.at - sent);
    await pollUntil(async () => rightRoles(userId, level), (done) => done, 10_000, 10);
    await sleep(20);
  }
  const latency = summarize(latencies);

  // (b) throughput: many rank changes at once, against the rate limit.
  const wave = humans.slice(SINGLES, SINGLES + CHANGES).map((member, index) => ({ member, ...target(member.roles, index) }));
  const needed = wave.reduce((sum, change) => sum + change.calls, 0);
  const windows = Math.ceil(needed / ROLE_LIMIT_PER_SECOND);
  const floorMs = (windows - 1) * 1000;
  console.log(`  (b) ${wave.length} member-rank-changed events at once: ${num(needed)} role calls, floor ${ms(floorMs, 0)} at ${ROLE_LIMIT_PER_SECOND}/s…`);
  const seqBefore = discord.calls[discord.calls.length - 1]?.seq ?? 0;
  const hitsBefore = discord.rateLimitHits;
  const started = Date.now();
  for (let index = 0; index < wave.length; index += 50) {
    await Promise.all(
      wave.slice(index, index + 50).map(({ member, level }) =>
        publisher.publish(Events.MemberRankChanged, { personId: randomUUID(), discordUserId: member.user.id, from: null, to: level }),
      ),
    );
  }
  const publishedMs = Date.now() - started;
  const finished = await pollUntil(async () => wave.every(({ member, level }) => rightRoles(member.user.id, level)), (done) => done, 140_000 - (Date.now() - started), 250);
  const calls: DiscordRestCall[] = discord.calls.filter((call) => call.seq > seqBefore && call.route !== null && ROLE_ROUTES.has(call.route));
  const done = calls.filter((call) => call.status === 204);
  const firstCall = Math.min(...done.map((call) => call.at));
  const lastCall = Math.max(...done.map((call) => call.at));
  const wallMs = lastCall - started;
  const perPath = new Map<string, number>();
  for (const call of done) perPath.set(`${call.method} ${call.path}`, (perPath.get(`${call.method} ${call.path}`) ?? 0) + 1);
  const twice = [...perPath.values()].filter((count) => count > 1).length;
  const rateLimited = discord.rateLimitHits - hitsBefore;

  const goalMet = latency.p95 < P95_GOAL_MS;
  printTable(
    `(a) member-matched published → role PUT at the stand-in, ${latency.count} single events`,
    ['p50', 'p95', 'max', 'mean', `goal p95 < ${P95_GOAL_MS} ms`],
    [[ms(latency.p50), ms(latency.p95), ms(latency.max), ms(latency.mean), verdict(goalMet)]],
  );
  printTable(
    `(b) ${wave.length} rank changes at once, member-roles limited to ${ROLE_LIMIT_PER_SECOND} calls/s (fixed 1 s windows)`,
    ['role calls', 'publish', 'first call', 'wall (publish → last call)', 'rate-limit floor', 'floor / wall', 'calls/s', '429s', 'made twice', 'complete'],
    [
      [
        num(done.length),
        ms(publishedMs, 0),
        ms(firstCall - started, 0),
        ms(wallMs, 0),
        ms(floorMs, 0),
        `${num((floorMs / wallMs) * 100, 0)} %`,
        num(done.length / ((lastCall - firstCall) / 1000), 1),
        num(rateLimited),
        num(twice),
        String(!finished.timedOut && done.length === needed),
      ],
    ],
  );
  console.log(
    `  floor = (ceil(${num(needed)} calls / ${ROLE_LIMIT_PER_SECOND}) − 1) windows of 1 s; discord.js also keeps to Discord's global 50 requests/s.\n` +
      `  latency = stand-in receipt of the PUT − start of the JetStream publish (same clock: the stand-in runs in this process).`,
  );

  printSummary('discord-bot', {
    singles: { count: latency.count, p50Ms: round(latency.p50), p95Ms: round(latency.p95), maxMs: round(latency.max), goalP95Ms: P95_GOAL_MS, goalMet },
    wave: {
      changes: wave.length,
      roleCalls: done.length,
      neededCalls: needed,
      roleLimitPerSecond: ROLE_LIMIT_PER_SECOND,
      publishMs: publishedMs,
      wallMs,
      floorMs,
      floorOverWall: round(floorMs / wallMs, 2),
      callsPerSecond: round(done.length / ((lastCall - firstCall) / 1000), 1),
      rateLimited,
      madeTwice: twice,
      complete: !finished.timedOut && done.length === needed,
    },
  });
  return goalMet && twice === 0 && !finished.timedOut;
});
