// The Blizzard stand-in as a process, for the dev launcher (`npm start` without Blizzard
// credentials) and for poking at by hand:
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register libs/testing/src/blizzard/main.ts --port 4010
// It serves the demo guild (../demo: the Discord stand-in's server holds its players, and each
// player has a Battle.net account on its login page) and prints
// the settings that point guild-sync at it, then a line
// `BLIZZARD_STAND_IN_READY {json}` that a launcher can wait for and parse. Options (or env):
// --port (BLIZZARD_STAND_IN_PORT, 4010; 0 = any free port), --members (BLIZZARD_STAND_IN_MEMBERS,
// 150), --host, --client-id / --client-secret (BLIZZARD_CLIENT_ID / BLIZZARD_CLIENT_SECRET,
// default patt-dev-client / patt-dev-secret: the credentials it accepts), --rate-per-second
// (BLIZZARD_RATE_PER_SECOND, 100).
import { guildSlug } from '@patt/wow';
import { demoBattlenetAccounts } from '../demo/demo-battlenet';
import { DEMO_GUILD_SIZE, demoGuild } from '../demo/demo-guild';
import { BlizzardStandIn } from './blizzard-stand-in';

function option(name: string, env: string, fallback: string): string {
  const args = process.argv.slice(2);
  const inline = args.find((arg) => arg.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  const index = args.indexOf(`--${name}`);
  if (index >= 0 && args[index + 1] !== undefined) return args[index + 1];
  return process.env[env] ?? fallback;
}

function whole(name: string, env: string, fallback: number): number {
  const raw = option(name, env, String(fallback));
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} (${env}) must be a whole number, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const port = whole('port', 'BLIZZARD_STAND_IN_PORT', 4010);
  const size = whole('members', 'BLIZZARD_STAND_IN_MEMBERS', DEMO_GUILD_SIZE);
  const demo = demoGuild({ size });
  const { guild } = demo;
  const blizzard = await BlizzardStandIn.start({
    port,
    host: option('host', 'BLIZZARD_STAND_IN_HOST', '127.0.0.1'),
    clientId: option('client-id', 'BLIZZARD_CLIENT_ID', 'patt-dev-client'),
    clientSecret: option('client-secret', 'BLIZZARD_CLIENT_SECRET', 'patt-dev-secret'),
    ratePerSecond: whole('rate-per-second', 'BLIZZARD_RATE_PER_SECOND', 100),
    guild,
    battlenetAccounts: demoBattlenetAccounts(demo),
  });
  const settings = {
    BLIZZARD_API_URL: blizzard.url,
    BLIZZARD_OAUTH_URL: blizzard.oauthUrl,
    BLIZZARD_AUTHORIZE_URL: blizzard.authorizeUrl,
    GUILD_REALM_SLUG: guild.realm.slug,
    GUILD_NAME_SLUG: guildSlug(guild.name),
  };
  const lines = [
    `Blizzard stand-in: ${guild.name} of ${guild.realm.name}, ${guild.members.length} members, ${blizzard.battlenet.list().length} Battle.net accounts to log in with`,
    ...Object.entries(settings).map(([key, value]) => `  ${key}=${value}`),
    `BLIZZARD_STAND_IN_READY ${JSON.stringify({ url: blizzard.url, oauthUrl: blizzard.oauthUrl, ...settings })}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = (): void => {
    blizzard.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`Blizzard stand-in failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
