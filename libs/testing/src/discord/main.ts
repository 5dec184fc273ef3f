/**
 * Starts the Discord stand-in with a demo guild, for `npm start` without Discord credentials:
 *   node -r @swc-node/register libs/testing/src/discord/main.ts [--port 4020] [--members 120] [--seed 7] [--token …]
 * Prints where it listens and the ids the bot needs, then a last line `DISCORD_STAND_IN {json}`
 * for launchers to parse. Stops on SIGINT/SIGTERM.
 */
import { DEFAULT_DISCORD_TOKEN, DiscordStandIn } from './stand-in';
import { generateDiscordGuild } from './model/generator';
import { REALISTIC_DISCORD_ROUTE_LIMITS } from './rest/rate-limiter';

interface CliOptions {
  port: number;
  members: number;
  seed: number;
  token: string;
  heartbeatIntervalMs: number;
}

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    port: Number(process.env['DISCORD_STAND_IN_PORT'] ?? 4020),
    members: 120,
    seed: 7,
    token: process.env['DISCORD_TOKEN'] ?? DEFAULT_DISCORD_TOKEN,
    heartbeatIntervalMs: 41_250,
  };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    const value = argv[index + 1];
    const number = (): number => {
      const parsed = Number(value);
      if (value === undefined || !Number.isInteger(parsed) || parsed < 0) throw new Error(`${flag} needs a whole number`);
      index += 1;
      return parsed;
    };
    switch (flag) {
      case '--port':
        options.port = number();
        break;
      case '--members':
        options.members = number();
        break;
      case '--seed':
        options.seed = number();
        break;
      case '--heartbeat-ms':
        options.heartbeatIntervalMs = number();
        break;
      case '--token':
        if (!value) throw new Error('--token needs a value');
        options.token = value;
        index += 1;
        break;
      default:
        throw new Error(`unknown option ${flag} (known: --port --members --seed --token --heartbeat-ms)`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const guild = generateDiscordGuild({ seed: options.seed, memberCount: options.members, guildName: 'PATT (demo)' });
  const discord = await DiscordStandIn.start({
    port: options.port,
    token: options.token,
    guild,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    routeLimits: REALISTIC_DISCORD_ROUTE_LIMITS,
  });
  const info = {
    apiUrl: discord.apiUrl,
    gatewayUrl: discord.gatewayUrl,
    token: discord.token,
    guildId: discord.guildId,
    auditChannelId: discord.auditChannelId,
    botUserId: discord.botUserId,
    rankRoleIds: discord.rankRoleIds,
    members: guild.members.length,
  };
  const lines = [
    `Discord stand-in listening (${info.members} members, seed ${options.seed})`,
    `  DISCORD_API_URL=${info.apiUrl}`,
    `  gateway          ${info.gatewayUrl}`,
    `  DISCORD_TOKEN=${info.token}`,
    `  DISCORD_GUILD_ID=${info.guildId}`,
    `  DISCORD_AUDIT_CHANNEL_ID=${info.auditChannelId}`,
    `  bot user         ${info.botUserId}`,
    ...Object.entries(info.rankRoleIds).map(([name, id]) => `  role ${name.padEnd(13)}${id}`),
    `DISCORD_STAND_IN ${JSON.stringify(info)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = (): void => {
    discord.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Discord stand-in: failed to stop cleanly', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('Discord stand-in: could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
