// Two replicas of each service that consumes events (auth, identity, discord-bot, campaigns), as
// real processes on one database and one bus, under a burst of 2,000 events: every event is applied
// once by each service that follows it (one inbox row per consumer and event, nothing dead-lettered,
// every effect there), whichever replica's pull got it. It checks the outcome, not how the
// work was split between the two. guild-sync consumes no events; its replicas
// are in apps/guild-sync/test (scheduled-replicas, first-start).
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { BackendApp, eventually, freePort, publishEvent, RunningService, startPlatform, startProcess, TestPlatform } from '@patt/testing';
import { Events } from '@patt/contracts';

jest.setTimeout(300_000);

const APPS: readonly BackendApp[] = ['auth', 'identity', 'discord-bot', 'campaigns'];
const MATCHED = 1_000;
const JOINED = 1_000;

describe('two of each service under a burst of 2,000 events', () => {
  let platform: TestPlatform;
  let db: Client;
  const replicas: RunningService[] = [];

  const count = async (sql: string, params: unknown[] = []): Promise<number> => (await db.query<{ n: number }>(sql, params)).rows[0]?.n ?? -1;

  beforeAll(async () => {
    platform = await startPlatform({ apps: APPS });
    db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
    for (const app of APPS) {
      const port = await freePort();
      replicas.push(
        await startProcess(`${app}-2`, {
          app,
          env: { ...platform.envOf(app), HEALTH_PORT: String(port) },
          readyUrl: `http://127.0.0.1:${port}/health/ready`,
          timeoutMs: 120_000,
        }),
      );
    }
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await db?.end();
    await platform?.stop();
  });

  it('applies each event once in every service that follows it, two replicas pulling from each durable consumer', async () => {
    let next = 300_000_000_000_000_000n;
    const snowflake = () => (next += 1n).toString();
    for (let i = 0; i < MATCHED; i += 1) {
      await publishEvent(platform.bus, Events.MemberMatched, {
        personId: randomUUID(),
        discordUserId: snowflake(),
        discordUsername: `burst_${i}`,
        characterIds: [],
        method: 'exact_name',
        score: 1,
        rank: { level: 2, name: 'Member' },
      });
    }
    for (let i = 0; i < JOINED; i += 1) {
      const userId = snowflake();
      await publishEvent(platform.bus, Events.DiscordMemberChanged, {
        change: 'joined',
        member: { userId, username: `joiner_${i}`, displayName: `Joiner ${i}`, roleIds: [], present: true, joinedAt: new Date().toISOString() },
        at: new Date().toISOString(),
      });
    }

    await eventually(
      'every effect of the burst',
      async () =>
        (await count('SELECT count(*)::int AS n FROM auth.members')) === MATCHED &&
        (await count('SELECT count(*)::int AS n FROM discord.linked_members')) === MATCHED &&
        (await count('SELECT count(*)::int AS n FROM campaigns.members')) === MATCHED &&
        (await count('SELECT count(*)::int AS n FROM identity.discord_members')) === JOINED,
      180_000,
    );

    // One inbox row per consumer and event: member-matched in auth, discord-bot and campaigns; member-changed in identity.
    const inbox = async (schema: string, subject: string) =>
      (
        await db.query<{ consumers: number; n: number; events: number }>(
          `SELECT count(DISTINCT consumer)::int AS consumers, count(*)::int AS n, count(DISTINCT event_id)::int AS events FROM ${schema}.inbox WHERE subject LIKE $1`,
          [`%${subject}`],
        )
      ).rows[0];
    for (const schema of ['auth', 'discord', 'campaigns']) {
      expect({ schema, ...(await inbox(schema, 'identity.member-matched')) }).toEqual({ schema, consumers: 1, n: MATCHED, events: MATCHED });
    }
    expect(await inbox('identity', 'discord.member-changed')).toEqual({ consumers: 1, n: JOINED, events: JOINED });
    for (const schema of ['auth', 'identity', 'discord', 'campaigns']) {
      expect({ schema, deadLetters: await count(`SELECT count(*)::int AS n FROM ${schema}.dead_letters`) }).toEqual({ schema, deadLetters: 0 });
    }
    // Both replicas of each service are still up.
    for (const replica of [...replicas, ...APPS.map((app) => platform.services.get(app) as RunningService)]) {
      expect({ name: replica.name, exitCode: replica.child.exitCode }).toEqual({ name: replica.name, exitCode: null });
    }
  });
});
