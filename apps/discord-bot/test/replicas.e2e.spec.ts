import { randomUUID } from 'node:crypto';
import type { APIGuildMember } from 'discord-api-types/v10';
import { Events, RankLevel } from '@patt/contracts';
import { DiscordRestCall, DiscordRoute, eventually, freePort, RANK_ROLE_OF_LEVEL, RunningService, startProcess } from '@patt/testing';
import { api, BotHarness, botOutput, publishRankMapping, startBot, syncsSucceeded } from './support/harness';

jest.setTimeout(120_000);

const ROLE_ROUTES = new Set<string>([DiscordRoute.addMemberRole, DiscordRoute.removeMemberRole]);

interface GatewayProbe {
  role: 'leader' | 'standby' | 'off';
  epoch: number | null;
  connected: boolean;
}

interface Replica {
  name: string;
  healthPort: number;
  process: () => RunningService;
}

/**
 * Two discord-bot processes against one database, one bus and the Discord stand-in: one holds the
 * gateway session (the advisory lock), the other stands by; killed, the holder's connection closes
 * and the standby takes the session over; member events keep coming and no role call is made twice.
 */
describe('two Discord bots: one gateway session, the standby takes over', () => {
  let bot: BotHarness;
  let second: RunningService;
  let replicas: Replica[];
  let rankRoleIds: string[];
  const used = new Set<string>();

  const probe = async (replica: Replica): Promise<GatewayProbe | null> => {
    try {
      const response = await fetch(`http://127.0.0.1:${replica.healthPort}/health/ready`);
      const body = (await response.json()) as { info?: Record<string, GatewayProbe & { status: string }> };
      const gateway = body.info?.['discord-gateway'];
      return gateway ? { role: gateway.role, epoch: gateway.epoch, connected: gateway.connected } : null;
    } catch {
      return null; // not answering: dead
    }
  };
  const roles = async (): Promise<Array<GatewayProbe | null>> => Promise.all(replicas.map((replica) => probe(replica)));
  /** Exactly one replica leads, with its gateway session open, and the stand-in sees exactly one session. */
  const oneLeader = async (): Promise<Replica | null> => {
    const probes = await roles();
    const leaders = replicas.filter((_, i) => probes[i]?.role === 'leader' && probes[i]?.connected);
    return leaders.length === 1 && bot.discord.liveGatewaySessions === 1 ? (leaders[0] as Replica) : null;
  };

  const roleCalls = (): DiscordRestCall[] => bot.discord.calls.filter((call) => call.route !== null && ROLE_ROUTES.has(call.route));
  const roleOf = (level: RankLevel): string => bot.discord.rankRoleIds[RANK_ROLE_OF_LEVEL[level]];
  const pick = (): APIGuildMember => {
    const found = bot.discord
      .members()
      .find((member) => !member.user.bot && !used.has(member.user.id) && !member.roles.includes(roleOf(RankLevel.Veteran)));
    if (!found) throw new Error('no such member in the generated guild');
    used.add(found.user.id);
    return found;
  };
  /** Promotes `count` members to Veteran and waits until Discord shows the Veteran role on each. */
  const promote = async (count: number): Promise<void> => {
    const members = Array.from({ length: count }, () => pick());
    for (const member of members) {
      await bot.bus.publish(Events.MemberRankChanged, { personId: randomUUID(), discordUserId: member.user.id, from: null, to: RankLevel.Veteran });
    }
    await eventually(
      'the promoted members to have the Veteran role',
      () => members.every((member) => bot.discord.member(member.user.id)?.roles.includes(roleOf(RankLevel.Veteran))),
      30_000,
    );
  };
  const expectNoRoleCallTwice = () => {
    const calls = roleCalls().map((call) => `${call.method} ${call.params['userId']} ${call.params['roleId']}`);
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls).size).toBe(calls.length);
  };

  beforeAll(async () => {
    bot = await startBot({ guild: { seed: 41, memberCount: 120 }, mode: 'enforce' });
    rankRoleIds = Object.values(bot.discord.rankRoleIds);
    const secondHealthPort = await freePort();
    second = await startProcess('discord-bot-2', {
      app: 'discord-bot',
      env: { ...bot.platform.envOf('discord-bot'), HEALTH_PORT: String(secondHealthPort) },
      readyUrl: `http://127.0.0.1:${secondHealthPort}/health/ready`,
      timeoutMs: 120_000,
    });
    replicas = [
      { name: 'discord-bot', healthPort: bot.platform.healthPorts.get('discord-bot') as number, process: () => bot.platform.services.get('discord-bot') as RunningService },
      { name: 'discord-bot-2', healthPort: secondHealthPort, process: () => second },
    ];
    await eventually('the first full sync', async () => (await syncsSucceeded(bot.db)) >= 1, 30_000);
    await publishRankMapping(bot);
  });

  afterAll(async () => {
    await second?.stop();
    await bot?.stop();
  });

  afterEach(() => {
    if (bot && expect.getState().assertionCalls === 0) {
      console.log(botOutput(bot));
      console.log(second?.output.slice(-60).join('\n'));
    }
  });

  it('opens one gateway session: one replica leads, the other stands by, and the probes say which', async () => {
    await eventually('one leader with its session', async () => (await oneLeader()) !== null, 30_000);
    const probes = await roles();
    expect(probes.map((p) => p?.role).sort()).toEqual(['leader', 'standby']);
    expect(probes.find((p) => p?.role === 'standby')).toEqual({ role: 'standby', epoch: null, connected: false });
    expect(bot.discord.identifies).toBe(1);
    expect(bot.discord.liveGatewaySessions).toBe(1);
    expect(rankRoleIds).toHaveLength(5);
  });

  it('shares the events between the replicas and makes each role call once', async () => {
    await promote(12);
    expectNoRoleCallTwice();
    // Only the holder calls Discord: the standby has no client, so still one session, one identify.
    expect(bot.discord.identifies).toBe(1);
  });

  it('an officer’s member sync asked of either replica runs in the holder, under the id it answered', async () => {
    const standby = replicas[(await roles()).findIndex((p) => p?.role === 'standby')] as Replica;
    const queuedByStandby = () => standby.process().output.some((line) => line.includes('member sync queued for the replica holding the Discord gateway session'));
    const answers: Array<{ syncId: string; alreadyRunning: boolean }> = [];
    // At least 8 requests, and more until the queue group has given the standby one (40 at most).
    for (let i = 0; i < 40 && (i < 8 || !queuedByStandby()); i += 1) {
      const response = await api(bot, '/discord/syncs', { method: 'POST', token: bot.officer, body: {} });
      expect(response.status).toBe(202);
      answers.push(((await response.json()) as { data: { syncId: string; alreadyRunning: boolean } }).data);
    }
    const ids = [...new Set(answers.map((answer) => answer.syncId))];
    await eventually(
      'every sync answered to have run',
      async () => {
        const { rows } = await bot.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM discord.member_syncs WHERE id = ANY($1) AND status = 'succeeded'`, [ids]);
        return rows[0]?.n === ids.length;
      },
      30_000,
    );
    // The queue group gave the standby some of the requests, and it queued them for the holder.
    expect(queuedByStandby()).toBe(true);
    expect(bot.discord.identifies).toBe(1);
  });

  it('a holder that finds a newer term stands down and closes its session; one replica leads again in the next term', async () => {
    const before = await oneLeader();
    const epochBefore = (await probe(before as Replica))?.epoch as number;
    // As a replica taking over while this one was paused would: a newer term.
    await bot.db.query('UPDATE discord.gateway_leadership SET epoch = epoch + 1 WHERE id = 1');
    await eventually(
      'a leader in a newer term',
      async () => {
        const leader = await oneLeader();
        const epoch = leader ? (await probe(leader))?.epoch : null;
        return typeof epoch === 'number' && epoch > epochBefore + 1;
      },
      30_000,
    );
    expect(bot.discord.identifies).toBe(2);
    expect(bot.discord.liveGatewaySessions).toBe(1);
  });

  it('the holder killed (SIGKILL): the standby takes the session over, member events keep flowing, no role call doubled', async () => {
    const holder = (await oneLeader()) as Replica;
    const standby = replicas.find((replica) => replica !== holder) as Replica;
    const identifiesBefore = bot.discord.identifies;
    const killedAt = Date.now();
    await holder.process().kill();

    await eventually('the standby to lead with its own session', async () => (await oneLeader()) === standby, 60_000);
    console.log(`discord-bot takeover after SIGKILL: ${Date.now() - killedAt} ms (lock taken and gateway session identified)`);
    expect(bot.discord.identifies).toBe(identifiesBefore + 1);

    // A member who joins after the kill is mirrored through the new holder's gateway session.
    const newcomer = bot.discord.addMember({ username: 'joined_after_failover', globalName: 'After Failover' });
    const [joined] = await bot.bus.waitFor(Events.DiscordMemberChanged, (e) => e.payload.member.userId === newcomer.user.id, { timeoutMs: 20_000 });
    expect(joined!.payload).toMatchObject({ change: 'joined', member: { username: 'joined_after_failover', present: true } });
    const { rows } = await bot.db.query<{ present: boolean }>('SELECT present FROM discord.discord_members WHERE user_id = $1', [newcomer.user.id]);
    expect(rows).toEqual([{ present: true }]);

    // Role work goes on through the new holder, and still no call twice across both holders.
    await promote(8);
    expectNoRoleCallTwice();
    expect(bot.discord.liveGatewaySessions).toBe(1);
  });
});
