import { Client } from 'pg';
import { Events, Rank, RANK_LEVELS, RankLevel } from '@patt/contracts';
import {
  BusTap,
  DiscordGuildFixture,
  DiscordStandIn,
  eventually,
  generateDiscordGuild,
  GenerateDiscordGuildOptions,
  RANK_ROLE_OF_LEVEL,
  startPlatform,
  TestPlatform,
} from '@patt/testing';

export interface BotHarness {
  discord: DiscordStandIn;
  platform: TestPlatform;
  bus: BusTap;
  db: Client;
  officer: string;
  stop(): Promise<void>;
}

/**
 * The Discord stand-in in this process, and the real discord-bot service (and gateway) as
 * processes on a database and bus of the suite's own, logged into the stand-in.
 */
export async function startBot(
  options: { guild: GenerateDiscordGuildOptions; mode?: 'report' | 'enforce'; env?: Record<string, string>; withAuth?: boolean } & {
    discord?: { heartbeatIntervalMs?: number };
    /** Changes the generated guild before the stand-in starts with it. */
    adjustGuild?: (guild: DiscordGuildFixture) => void;
  },
): Promise<BotHarness> {
  const guild = generateDiscordGuild(options.guild);
  options.adjustGuild?.(guild);
  const discord = await DiscordStandIn.start({ heartbeatIntervalMs: options.discord?.heartbeatIntervalMs ?? 1_000, guild });
  let platform: TestPlatform;
  try {
    platform = await startPlatform({
      // Invites need auth: the bot takes each code from it as it sends the DM.
      apps: options.withAuth ? ['discord-bot', 'auth'] : ['discord-bot'],
      env: {
        'discord-bot': {
          DISCORD_TOKEN: discord.token,
          DISCORD_GUILD_ID: discord.guildId,
          DISCORD_API_URL: discord.apiUrl,
          DISCORD_AUDIT_CHANNEL_ID: discord.auditChannelId,
          ROLE_SYNC_MODE: options.mode ?? 'report',
          PUBLIC_URL: 'https://patt.example',
          ...options.env,
        },
      },
    });
  } catch (error) {
    await discord.close();
    throw error;
  }
  const bus = await BusTap.open(platform.bus);
  const db = new Client({ connectionString: platform.db.adminUrl });
  await db.connect();
  return {
    discord,
    platform,
    bus,
    db,
    officer: platform.token({ rank: RankLevel.Officer, username: 'officer' }),
    stop: async () => {
      await bus.close().catch(() => undefined);
      await db.end().catch(() => undefined);
      await platform.stop();
      await discord.close();
    },
  };
}

/** identity's rank table with the stand-in's rank roles mapped. */
export function mappedRanks(discord: DiscordStandIn): Rank[] {
  return RANK_LEVELS.map((level) => ({
    level,
    name: RANK_ROLE_OF_LEVEL[level],
    discordRoleId: discord.rankRoleIds[RANK_ROLE_OF_LEVEL[level]],
    gameRankIndexes: [5 - level],
  }));
}

export async function publishRankMapping(harness: BotHarness): Promise<void> {
  await harness.bus.publish(Events.RanksChanged, { ranks: mappedRanks(harness.discord) });
  await eventually('the rank → role mapping to arrive', async () => {
    const { rows } = await harness.db.query<{ mapped: number }>('SELECT count(discord_role_id)::int AS mapped FROM discord.rank_roles');
    return rows[0]?.mapped === 5;
  });
}

/** The bot's last log lines, for a failure report. */
export function botOutput(harness: Pick<BotHarness, 'platform'>, lines = 60): string {
  return (harness.platform.services.get('discord-bot')?.output ?? []).slice(-lines).join('\n');
}

export async function syncsSucceeded(db: Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM discord.member_syncs WHERE status = 'succeeded'`);
  return rows[0]?.n ?? 0;
}

/** A call to the gateway's API with an optional token and JSON body. */
export function api(harness: Pick<BotHarness, 'platform'>, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${harness.platform.gatewayUrl}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
