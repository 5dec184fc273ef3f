// Slash commands: interaction received → first response sent, for /whois on a 1,000-member guild
// (1,075 players on the roster and the server: identity makes about 1,000 members of them).
// The built discord-bot and identity services run as processes (and the gateway, which the
// platform always starts) on a throwaway database and a private stream; the bot is logged into the
// Discord stand-in, whose server has the guild's 1,000 players on it. identity learns the roster
// from roster-synced events (lib/guild-seed: mains named like their Discord users, alts whose
// notes name their main) and the Discord server from the bot's own member sync, matches them, and
// tells the bot who is whose (member-matched): the bot then knows each invoker's rank.
//
// Measured at the stand-in: from the moment it sends INTERACTION_CREATE to the moment the bot's
// first callback (a reply, or a deferral) reaches it — what Discord's 3 s rule counts. Each
// /whois names a random character of the roster (a main or an alt): the bot reads the invoker's
// link, asks identity for the character by name, then for its member (and, for an officer, the
// member's open issues), and replies. Goal: p95 < 500 ms.
//   (a) one at a time: BENCH_WHOIS invocations (default 300), by Members and Officers in turn;
//   (b) bursts: BENCH_BURSTS bursts (default 10) of BENCH_BURST invocations at once (default 20).
//
//   node tools/build/build-app.mjs discord-bot && node tools/build/build-app.mjs identity && node tools/build/build-app.mjs gateway
//   npm run bench -- slash-commands
//   BENCH_MEMBERS=1075 BENCH_WHOIS=300 BENCH_BURSTS=10 BENCH_BURST=20 npm run bench -- slash-commands
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Events, RankLevel, ROSTER_CHARACTERS_PER_PART } from '@patt/contracts';
import { DiscordInteraction, DiscordStandIn, generateDiscordGuild, publishEvent, startPlatform } from '@patt/testing';
import { checkBuilds, waitForBuilds } from './lib/build';
import { seedGuild } from './lib/guild-seed';
import { Cleanup, pollUntil, prepareInfra, runBench } from './lib/harness';
import { round, summarize, Summary } from './lib/stats';
import { machine, machineLine, ms, num, printSummary, printTable, verdict } from './lib/table';

// Players; identity makes about 1,000 members of 1,075 (a few names too alike are left to an officer).
const MEMBERS = Number(process.env['BENCH_MEMBERS'] ?? 1075);
const WHOIS = Number(process.env['BENCH_WHOIS'] ?? 300);
const BURSTS = Number(process.env['BENCH_BURSTS'] ?? 10);
const BURST = Number(process.env['BENCH_BURST'] ?? 20);
const P95_GOAL_MS = 500;
const APPS = ['discord-bot', 'identity', 'gateway'];

interface Sample {
  firstResponseMs: number;
  answerMs: number;
  acknowledgement: string | null;
  officer: boolean;
  found: boolean;
}

runBench('slash-commands', 175_000, async (cleanup: Cleanup) => {
  const started = Date.now();
  console.log(`slash-commands bench — ${machineLine()}`);
  const loadAtStart = machine().loadAverage;
  await waitForBuilds(APPS);
  const stale = checkBuilds(APPS);
  if (stale) console.log(`  note: ${stale}`);
  await prepareInfra(cleanup);

  const guild = seedGuild(MEMBERS);
  const discord = await DiscordStandIn.start({
    heartbeatIntervalMs: 5_000,
    guild: generateDiscordGuild({ seed: 8, memberCount: MEMBERS + 1, botRatio: 0, dmsClosedRatio: 0, members: guild.discord.map((member) => ({ username: member.username })) }),
  });
  cleanup.add('Discord stand-in', () => discord.close());
  console.log(`  stand-in: ${num(MEMBERS)} players on the server (and the roster); starting identity, the Discord bot and the gateway…`);
  const platform = await startPlatform({
    apps: ['identity', 'discord-bot'],
    env: {
      'discord-bot': {
        DISCORD_TOKEN: discord.token,
        DISCORD_GUILD_ID: discord.guildId,
        DISCORD_API_URL: discord.apiUrl,
        PUBLIC_URL: 'https://patt.example',
      },
    },
  });
  cleanup.add('platform', () => platform.stop());
  const trim = setInterval(() => platform.services.forEach((service) => service.output.splice(0)), 1000);
  cleanup.add('log trimming', async () => clearInterval(trim));
  const admin = new Client({ connectionString: platform.db.adminUrl, application_name: 'bench-observer' });
  await admin.connect();
  cleanup.add('observer connection', () => admin.end());

  const seedStarted = Date.now();
  const runId = randomUUID();
  const syncedAt = new Date().toISOString();
  const parts = Math.ceil(guild.characters.length / ROSTER_CHARACTERS_PER_PART);
  for (let part = 0; part < parts; part += 1) {
    const characters = guild.characters.slice(part * ROSTER_CHARACTERS_PER_PART, (part + 1) * ROSTER_CHARACTERS_PER_PART);
    await publishEvent(platform.bus, Events.RosterSynced, { runId, syncedAt, part: part + 1, parts, characters, changes: [] });
  }
  const linkedCount = async () =>
    (await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM discord.linked_members')).rows[0]?.n ?? 0;
  // Most players are matched by name; a few names the matching leaves to an officer (too alike).
  // The links have all arrived when their count has stood still for 3 s.
  let last = -1;
  let since = Date.now();
  const seeded = await pollUntil(
    linkedCount,
    (n) => {
      if (n !== last) [last, since] = [n, Date.now()];
      return n >= MEMBERS * 0.8 && Date.now() - since >= 3_000;
    },
    120_000,
    500,
  );
  if (seeded.timedOut) throw new Error(`the bot knows ${seeded.value} of ${MEMBERS} members' links after 120 s`);
  const commands = await pollUntil(async () => discord.guildCommands().length, (n) => n > 0, 30_000, 200);
  if (commands.timedOut) throw new Error('the bot registered no slash commands in 30 s');
  const [counts] = (
    await admin.query<{ members: number; characters: number }>(
      'SELECT (SELECT count(*)::int FROM identity.members) AS members, (SELECT count(*)::int FROM identity.characters) AS characters',
    )
  ).rows;
  console.log(`  seeded and linked in ${round((Date.now() - seedStarted) / 1000, 1)} s: ${num(counts?.members)} members, ${num(counts?.characters)} characters, ${num(seeded.value)} links at the bot`);

  // The Guild Leader makes ten of them Officers (a name alone links no one above Member).
  const leader = platform.token({ rank: RankLevel.GuildLeader, username: 'leader' });
  const { rows: promoted } = await admin.query<{ person_id: string }>('SELECT person_id FROM discord.linked_members ORDER BY discord_user_id LIMIT 10');
  for (const { person_id: personId } of promoted) {
    const response = await fetch(`${platform.gatewayUrl}/api/v1/members/${personId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${leader}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rankLevel: RankLevel.Officer }),
    });
    if (response.status !== 200) throw new Error(`PATCH /members/${personId} answered ${response.status}`);
  }
  const officersKnown = await pollUntil(
    async () => (await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM discord.linked_members WHERE rank_level >= $1', [RankLevel.Officer])).rows[0]?.n ?? 0,
    (n) => n >= promoted.length,
    30_000,
    200,
  );
  if (officersKnown.timedOut) throw new Error(`the bot knows ${officersKnown.value} of ${promoted.length} Officers after 30 s`);

  const { rows: invokers } = await admin.query<{ discord_user_id: string; rank_level: number }>('SELECT discord_user_id, rank_level FROM discord.linked_members');
  const members = invokers.filter((row) => row.rank_level < RankLevel.Officer).map((row) => row.discord_user_id);
  const officers = invokers.filter((row) => row.rank_level >= RankLevel.Officer).map((row) => row.discord_user_id);
  if (members.length === 0 || officers.length === 0) throw new Error(`need Members and Officers among the invokers (${members.length}, ${officers.length})`);
  let turn = 0;
  const whois = async (): Promise<Sample> => {
    turn += 1;
    const officer = turn % 4 === 0;
    const pool = officer ? officers : members;
    const userId = pool[Math.floor(Math.random() * pool.length)] as string;
    const target = guild.characters[Math.floor(Math.random() * guild.characters.length)]!.name;
    const interaction: DiscordInteraction = discord.invokeCommand({ name: 'whois', userId, options: { who: target } });
    await interaction.waitForAcknowledgement(10_000);
    const answer = await interaction.waitForReply(undefined, 15_000);
    return {
      firstResponseMs: interaction.acknowledgedAfterMs ?? Number.NaN,
      answerMs: answer.afterMs,
      acknowledgement: interaction.acknowledgement,
      officer,
      found: (answer.embeds[0]?.description ?? '').includes(`**${target}**`),
    };
  };

  console.log('  warming up (20 invocations)…');
  for (let i = 0; i < 20; i += 1) await whois();

  console.log(`  (a) ${WHOIS} /whois one at a time…`);
  const single: Sample[] = [];
  for (let i = 0; i < WHOIS; i += 1) single.push(await whois());
  console.log(`  (b) ${BURSTS} bursts of ${BURST} at once…`);
  const burst: Sample[] = [];
  for (let b = 0; b < BURSTS; b += 1) burst.push(...(await Promise.all(Array.from({ length: BURST }, () => whois()))));
  const loadAtEnd = machine().loadAverage;

  const row = (what: string, samples: readonly Sample[]) => {
    const first: Summary = summarize(samples.map((s) => s.firstResponseMs));
    const answer: Summary = summarize(samples.map((s) => s.answerMs));
    const deferred = samples.filter((s) => s.acknowledgement === 'deferred').length;
    const missing = samples.filter((s) => !s.found).length;
    return { what, first, answer, deferred, missing, met: first.p95 < P95_GOAL_MS && missing === 0 };
  };
  const rows = [
    row('one at a time, all', single),
    row('one at a time, Members', single.filter((s) => !s.officer)),
    row('one at a time, Officers (with open issues)', single.filter((s) => s.officer)),
    row(`bursts of ${BURST}`, burst),
  ];
  printTable(
    `/whois on a ${num(counts?.members)}-member guild: INTERACTION_CREATE sent → first response at the stand-in; goal p95 < ${P95_GOAL_MS} ms`,
    ['invocations', 'n', 'first p50', 'first p95', 'first p99', 'first max', 'deferred', 'answer p50', 'answer p95', 'not found', 'goal'],
    rows.map((r) => [r.what, r.first.count, ms(r.first.p50), ms(r.first.p95), ms(r.first.p99), ms(r.first.max), r.deferred, ms(r.answer.p50), ms(r.answer.p95), r.missing, verdict(r.met)]),
  );
  console.log(`  load average at start ${loadAtStart.join(' / ')}, at end ${loadAtEnd.join(' / ')}; ran ${Math.round((Date.now() - started) / 1000)} s`);
  const goalMet = (rows[0] as (typeof rows)[number]).met && (rows[3] as (typeof rows)[number]).met;
  printSummary('slash-commands', {
    goalsMet: goalMet,
    members: counts?.members,
    characters: counts?.characters,
    single: { p50Ms: round(rows[0]!.first.p50), p95Ms: round(rows[0]!.first.p95), p99Ms: round(rows[0]!.first.p99), maxMs: round(rows[0]!.first.max), deferred: rows[0]!.deferred },
    bursts: { size: BURST, p50Ms: round(rows[3]!.first.p50), p95Ms: round(rows[3]!.first.p95), p99Ms: round(rows[3]!.first.p99), maxMs: round(rows[3]!.first.max), deferred: rows[3]!.deferred },
    loadAverage: { start: loadAtStart, end: loadAtEnd },
  });
  return goalMet;
});
