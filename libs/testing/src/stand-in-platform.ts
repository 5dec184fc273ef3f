// The platform at its real edges for end-to-end suites: guild-sync reading the Blizzard stand-in's
// guild, the Discord bot logged into the Discord stand-in's server (its real discord.js client),
// every service its own process. What a suite of the whole platform sets up before its own story.
import { DEFAULT_RANKS, RANK_LEVELS, RankLevel } from '@patt/contracts';
import { nameKey } from '@patt/wow';
import { BlizzardStandIn, type BlizzardStandInOptions, type StandInCharacter } from './blizzard';
import { DiscordStandIn, type DiscordStandInOptions, RANK_ROLE_OF_LEVEL } from './discord';
import { type BackendApp, type PlatformApp, startPlatform, type TestPlatform } from './platform';

/** The level of an in-game rank index by the default rank table (4 and above: Initiate). */
export const levelOfGameRank = (index: number): RankLevel => DEFAULT_RANKS.find((rank) => rank.gameRankIndexes.includes(index))?.level ?? RankLevel.Initiate;

/**
 * The characters of a roster a Discord user can be named after: their name makes a Discord
 * username ([a-z], 2 to 32 letters) and no other character of the roster folds to it (the
 * generator puts some names on two realms, and then a Discord name alone cannot say which one is
 * meant). In roster order.
 */
export function charactersWithDiscordNames<C extends Pick<StandInCharacter, 'name'>>(roster: readonly C[]): C[] {
  const named = (key: string) => roster.filter((c) => nameKey(c.name) === key).length;
  return roster.filter((c) => /^[a-z]{2,32}$/.test(nameKey(c.name)) && named(nameKey(c.name)) === 1);
}

/** A character of the guild whose player is on Discord under the character's name. */
export interface DiscordPlayer {
  name: string;
  username: string;
  /** Their rank level by the default rank table. */
  level: RankLevel;
}

/** The first `count` characters of `roster` a Discord user can be named after, as players. */
export function discordPlayers(roster: readonly StandInCharacter[], count: number): DiscordPlayer[] {
  return charactersWithDiscordNames(roster)
    .slice(0, count)
    .map((c) => ({ name: c.name, username: nameKey(c.name), level: levelOfGameRank(c.rank) }));
}

export interface StandInPlatformOptions {
  /** The Blizzard stand-in; its client credentials are made here and given to guild-sync. */
  blizzard: Omit<BlizzardStandInOptions, 'clientId' | 'clientSecret'>;
  /** The Discord stand-in, or how to make it from the Blizzard one (players named after its characters). */
  discord: DiscordStandInOptions | ((blizzard: BlizzardStandIn) => DiscordStandInOptions);
  /** The services to run; the gateway is always there. Default: all of them. */
  apps?: readonly BackendApp[];
  /**
   * More environment per app, over the stand-ins' wiring: auth signing in with the Discord
   * stand-in, guild-sync reading the Blizzard one, and the bot logged into the Discord one,
   * reporting role mismatches (`ROLE_SYNC_MODE: 'report'`), its links at `PUBLIC_URL`
   * https://patt.example.
   */
  env?: Partial<Record<PlatformApp, Record<string, string>>>;
  /** The gateway's port, when links must point at it before it starts (see PlatformOptions). Default: a free one. */
  gatewayPort?: number;
}

export interface StandInPlatform {
  blizzard: BlizzardStandIn;
  discord: DiscordStandIn;
  platform: TestPlatform;
  /** The Guild Leader maps each rank to the stand-in server's role of that rank, through the API. */
  mapRanksToRoles(): Promise<void>;
  /** Stops the platform, then both stand-ins. */
  stop(): Promise<void>;
}

const BLIZZARD_CLIENT = { id: 'stand-in-platform-client', secret: 'stand-in-platform-secret' };

/** The Blizzard and Discord stand-ins, then the platform wired to them; on a failure what started is closed. */
export async function startStandInPlatform(options: StandInPlatformOptions): Promise<StandInPlatform> {
  const blizzard = await BlizzardStandIn.start({ ...options.blizzard, clientId: BLIZZARD_CLIENT.id, clientSecret: BLIZZARD_CLIENT.secret });
  let discord: DiscordStandIn;
  try {
    discord = await DiscordStandIn.start(typeof options.discord === 'function' ? options.discord(blizzard) : options.discord);
  } catch (error) {
    await blizzard.close();
    throw error;
  }
  let platform: TestPlatform;
  try {
    platform = await startPlatform({
      apps: options.apps,
      gatewayPort: options.gatewayPort,
      env: {
        ...options.env,
        // Signing in with Discord, as `npm start` wires it: the stand-in is the OAuth2 provider too.
        auth: {
          DISCORD_CLIENT_ID: discord.oauthClient.clientId,
          DISCORD_CLIENT_SECRET: discord.oauthClient.clientSecret,
          DISCORD_OAUTH_URL: discord.oauthUrl,
          DISCORD_API_URL: discord.apiUrl,
          ...options.env?.auth,
        },
        'guild-sync': {
          BLIZZARD_CLIENT_ID: BLIZZARD_CLIENT.id,
          BLIZZARD_CLIENT_SECRET: BLIZZARD_CLIENT.secret,
          BLIZZARD_API_URL: blizzard.url,
          BLIZZARD_OAUTH_URL: blizzard.oauthUrl,
          BLIZZARD_AUTHORIZE_URL: blizzard.authorizeUrl,
          GUILD_REALM_SLUG: blizzard.guild.realm.slug,
          GUILD_NAME_SLUG: 'pull-all-the-things',
          ...options.env?.['guild-sync'],
        },
        'discord-bot': {
          DISCORD_TOKEN: discord.token,
          DISCORD_GUILD_ID: discord.guildId,
          DISCORD_API_URL: discord.apiUrl,
          DISCORD_AUDIT_CHANNEL_ID: discord.auditChannelId,
          ROLE_SYNC_MODE: 'report',
          PUBLIC_URL: 'https://patt.example',
          ...options.env?.['discord-bot'],
        },
      },
    });
  } catch (error) {
    await Promise.all([blizzard.close(), discord.close()]);
    throw error;
  }
  return {
    blizzard,
    discord,
    platform,
    async mapRanksToRoles() {
      const leader = platform.token({ rank: RankLevel.GuildLeader, username: 'leader' });
      for (const level of RANK_LEVELS) {
        const response = await fetch(`${platform.gatewayUrl}/api/v1/ranks/${level}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${leader}`, 'content-type': 'application/json' },
          body: JSON.stringify({ discordRoleId: discord.rankRoleIds[RANK_ROLE_OF_LEVEL[level]] }),
        });
        if (response.status !== 200) throw new Error(`PATCH /ranks/${level} answered ${response.status}: ${await response.text()}`);
      }
    },
    async stop() {
      await platform.stop();
      await Promise.all([blizzard.close(), discord.close()]);
    },
  };
}
