// What the suites of the Discord bot's requests to auth share: auth and the gateway on a platform
// of their own, the suite's database, and a client that sends as the bot sends (the bot's own NATS
// user), so every request goes through the bus's permissions and auth's checks of the actor.
import { Client } from 'pg';
import { Actor, RankLevel } from '@patt/contracts';
import { ServiceClient, ServiceException } from '@patt/service-kit';
import { clientAs, startPlatform, TestPlatform } from '@patt/testing';

export interface AuthForTheBot {
  platform: TestPlatform;
  /** The suite's database, as its administrator. */
  db: Client;
  /** Requests as the Discord bot sends them. */
  bot: ServiceClient;
  stop(): Promise<void>;
}

/**
 * auth (BCRYPT_COST 10, the least it takes) and the gateway, with the suite's database and the
 * bot's client named `name`. `env` adds to the services' environment.
 */
export async function startAuthForTheBot(name: string, env: { gateway?: Record<string, string>; auth?: Record<string, string> } = {}): Promise<AuthForTheBot> {
  const platform = await startPlatform({ apps: ['auth'], env: { gateway: env.gateway ?? {}, auth: { BCRYPT_COST: '10', ...env.auth } } });
  const db = new Client({ connectionString: platform.db.adminUrl });
  let bot: ServiceClient | undefined;
  try {
    await db.connect();
    bot = await clientAs(platform, 'discord-bot', name);
  } catch (error) {
    await db.end().catch(() => undefined);
    await platform.stop();
    throw error;
  }
  return {
    platform,
    db,
    bot,
    async stop() {
      await bot.onApplicationShutdown();
      await db.end();
      await platform.stop();
    },
  };
}

/**
 * The actor the bot sends for a member auth knows (made with `memberKnownToAuth`): their Discord
 * user as auth's projection holds it, no account id, and the rank they claim.
 */
export async function botActorOf(db: Client, personId: string, username: string, rank: RankLevel): Promise<Actor> {
  const { rows } = await db.query<{ discord_user_id: string }>('SELECT discord_user_id FROM auth.members WHERE person_id = $1', [personId]);
  return { userId: '', personId, username, rank, discordUserId: rows[0]!.discord_user_id };
}

/** The ServiceException a request was refused with; fails when it was answered. */
export async function refusal(promise: Promise<unknown>): Promise<ServiceException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServiceException) return error;
    throw error;
  }
  throw new Error('the request was not refused');
}
