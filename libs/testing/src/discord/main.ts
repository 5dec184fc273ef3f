/**
 * Starts the Discord stand-in with the demo guild's server, for `npm start` without Discord
 * credentials: the players of the Blizzard stand-in's demo guild (../demo), with their rank roles,
 * and a few who are not players.
 *   node -r @swc-node/register libs/testing/src/discord/main.ts [--port 4020] [--guild-size 150] [--members N] [--seed 7] [--token …] [--client-secret …]
 * `--guild-size` must be the Blizzard stand-in's `--members`; `--members` adds generated strangers
 * up to that many members in all. Prints where it listens and the ids the bot needs, then a last
 * line `DISCORD_STAND_IN {json}` for launchers to parse. Its OAuth2 application (signing in with
 * Discord) is the guild's application id with `--client-secret` (DISCORD_CLIENT_SECRET, else the
 * stand-in's default). Stops on SIGINT/SIGTERM.
 */
import { DEMO_DISCORD_SEED, DEMO_GUILD_SIZE, demoDiscordGuild, demoGuild } from '../demo/demo-guild';
import { DEFAULT_DISCORD_CLIENT_SECRET, DEFAULT_DISCORD_TOKEN, DiscordStandIn } from './stand-in';
import { REALISTIC_DISCORD_ROUTE_LIMITS } from './rest/rate-limiter';

interface CliOptions {
  port: number;
  guildSize: number;
  /** 0: the demo's people and the bot only. */
  members: number;
  seed: number;
  token: string;
  clientSecret: string;
  heartbeatIntervalMs: number;
}

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    port: Number(process.env['DISCORD_STAND_IN_PORT'] ?? 4020),
    guildSize: Number(process.env['BLIZZARD_STAND_IN_MEMBERS'] ?? DEMO_GUILD_SIZE),
    members: 0,
    seed: DEMO_DISCORD_SEED,
    token: process.env['DISCORD_TOKEN'] ?? DEFAULT_DISCORD_TOKEN,
    clientSecret: process.env['DISCORD_CLIENT_SECRET'] ?? DEFAULT_DISCORD_CLIENT_SECRET,
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
      case '--guild-size':
        options.guildSize = number();
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
      case '--client-secret':
        if (!value) throw new Error('--client-secret needs a value');
        options.clientSecret = value;
        index += 1;
        break;
      default:
        throw new Error(`unknown option ${flag} (known: --port --guild-size --members --seed --token --client-secret --heartbeat-ms)`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const demo = demoGuild({ size: options.guildSize });
  // The demo's people and the bot; strangers only when asked for.
  const guild = demoDiscordGuild(demo, { seed: options.seed, strangers: Math.max(0, options.members - demo.discordMembers.length - 1) });
  const discord = await DiscordStandIn.start({
    port: options.port,
    token: options.token,
    guild,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    routeLimits: REALISTIC_DISCORD_ROUTE_LIMITS,
    oauth: { clientSecret: options.clientSecret },
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
    oauthUrl: discord.oauthUrl,
    clientId: discord.oauthClient.clientId,
  };
  const lines = [
    `Discord stand-in listening (${info.members} members, seed ${options.seed})`,
    `  DISCORD_API_URL=${info.apiUrl}`,
    `  gateway          ${info.gatewayUrl}`,
    `  DISCORD_TOKEN=${info.token}`,
    `  DISCORD_GUILD_ID=${info.guildId}`,
    `  DISCORD_AUDIT_CHANNEL_ID=${info.auditChannelId}`,
    `  DISCORD_OAUTH_URL=${info.oauthUrl}  (signing in with Discord: the authorize page lists who may sign in)`,
    `  DISCORD_CLIENT_ID=${info.clientId}`,
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
