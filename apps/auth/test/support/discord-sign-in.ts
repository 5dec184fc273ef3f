// What the suites of signing in with Discord share: auth and the gateway on a platform of their
// own, the Discord stand-in as Discord (its authorize page, token endpoint and /users/@me), the
// suite's database, and members announced as identity announces them (member-matched).
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Events } from '@patt/contracts';
import { DiscordStandIn, eventually, generateDiscordGuild, publishEvent, startPlatform, TestPlatform } from '@patt/testing';

export interface AuthWithDiscord {
  platform: TestPlatform;
  discord: DiscordStandIn;
  /** The suite's database, as its administrator. */
  db: Client;
  /** The server's members who are people (not the bot). */
  members(): ReturnType<DiscordStandIn['members']>;
  /** Announces a member linked to this Discord user, as identity does; its person id once auth has it. */
  linkedMember(discordUserId: string, discordUsername: string): Promise<string>;
  stop(): Promise<void>;
}

/** A Discord server of `memberCount` generated members (`seed`), and auth wired to it as its OAuth2 provider. */
export async function startAuthWithDiscord(seed: number, memberCount: number): Promise<AuthWithDiscord> {
  const discord = await DiscordStandIn.start({ guild: generateDiscordGuild({ seed, memberCount }) });
  let platform: TestPlatform;
  try {
    platform = await startPlatform({
      apps: ['auth'],
      env: {
        auth: {
          DISCORD_CLIENT_ID: discord.oauthClient.clientId,
          DISCORD_CLIENT_SECRET: discord.oauthClient.clientSecret,
          DISCORD_OAUTH_URL: discord.oauthUrl,
          DISCORD_API_URL: discord.apiUrl,
        },
      },
    });
  } catch (error) {
    await discord.close();
    throw error;
  }
  const started = platform;
  const admin = new Client({ connectionString: started.db.adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    await started.stop();
    await discord.close();
    throw error;
  }
  return {
    platform: started,
    discord,
    db: admin,
    members: () => discord.members().filter((m) => !m.user.bot),
    linkedMember: async (discordUserId, discordUsername) => {
      const personId = randomUUID();
      await publishEvent(started.bus, Events.MemberMatched, {
        personId,
        discordUserId,
        discordUsername,
        characterIds: [],
        method: 'exact_name',
        score: 1,
        rank: { level: 2, name: 'Member' },
      });
      await eventually('auth knows the member', async () => (await admin.query('SELECT 1 FROM auth.members WHERE person_id = $1', [personId])).rowCount === 1);
      return personId;
    },
    stop: async () => {
      await admin.end();
      await started.stop();
      await discord.close();
    },
  };
}
