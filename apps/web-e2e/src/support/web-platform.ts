// The platform the browser tests run against: every service as its own process (as `npm start`
// runs them) on a database and stream of the suite's own, the gateway serving the built web app,
// the Blizzard and Discord stand-ins in this process playing the guild and its server.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Member, Page as PageOf, Session, SyncRun } from '@patt/contracts';
import {
  BlizzardStandIn,
  DiscordMemberSpec,
  DiscordStandIn,
  eventually,
  freePort,
  generateDiscordGuild,
  generateGuild,
  NewCharacter,
  PlatformApp,
  RANK_ROLE_OF_LEVEL,
  levelOfGameRank,
  StandInCharacter,
  startStandInPlatform,
  TestPlatform,
  WORKSPACE_ROOT,
} from '@patt/testing';

export const WEB_BUILD = join(WORKSPACE_ROOT, 'dist', 'apps', 'web');
/** The first Guild Leader, as startPlatform makes it. */
export const GUILD_LEADER = { username: 'guildmaster', password: 'correct horse battery' } as const;

export interface WebPlatformOptions {
  /** Same seed, same guild and server. */
  seed: number;
  /** Generated guild members besides `characters`. */
  guildSize: number;
  /** Characters a scenario needs by name (the home realm unless one is named). */
  characters?: NewCharacter[];
  /**
   * Members of the Discord server in all: `discordMembers`, the twins, then generated ones (and
   * the bot).
   */
  discordSize: number;
  discordMembers?: DiscordMemberSpec[];
  /**
   * How many generated characters also get a Discord member of the same name (and the rank role
   * of their guild rank), which identity links by exact name: a roster of real-looking members.
   */
  discordTwins?: number;
  /**
   * Blizzard requests per second, told to the client and enforced by the stand-in: low enough
   * that a sync takes a few seconds and its progress can be watched.
   */
  blizzardRate?: number;
}

export interface ApiAnswer<T> {
  status: number;
  body: { ok: true; data: T } | { ok: false; error: string; code: string; details?: unknown[] };
}

export interface WebPlatform {
  /** The gateway: the web app at /, the API under /api/v1. Also PUBLIC_URL, which invite links use. */
  url: string;
  platform: TestPlatform;
  blizzard: BlizzardStandIn;
  discord: DiscordStandIn;
  call<T>(path: string, init?: { method?: string; token?: string; body?: unknown }): Promise<ApiAnswer<T>>;
  /** The data of a successful call; the envelope in the error otherwise. */
  api<T>(path: string, init?: { method?: string; token?: string; body?: unknown }): Promise<T>;
  signIn(username: string, password: string): Promise<Session>;
  /** A roster sync through the API, waited for to its end. */
  syncRoster(token: string): Promise<SyncRun>;
  /**
   * The Guild Leader maps each rank to the Discord stand-in's role of that name, as a guild does
   * at its first start: then a name matching a Discord user whose role agrees may link above Member.
   */
  mapRanksToRoles(): Promise<void>;
  /** The member identity made of a Discord user, once it has. */
  memberOfDiscordUser(token: string, discordUsername: string): Promise<Member>;
  /** The registration link of the invite DM the bot sent to a Discord user, once it has. */
  inviteLinkSentTo(discordUserId: string): Promise<string>;
  /** The last lines a service wrote, for a failure report. */
  output(app: PlatformApp, lines?: number): string;
  stop(): Promise<void>;
}

const FINISHED = new Set(['succeeded', 'partial', 'failed']);

/**
 * Discord members named as `count` of the characters are (a Discord username is lower-case ASCII:
 * accents are folded, as identity folds them; a name that leaves nothing usable is skipped).
 */
export function discordTwinsOf(characters: readonly StandInCharacter[], count: number): DiscordMemberSpec[] {
  const twins: DiscordMemberSpec[] = [];
  const taken = new Set<string>();
  for (const character of characters) {
    if (twins.length >= count) break;
    const username = character.name.normalize('NFD').toLowerCase().replace(/[^a-z0-9_.]/g, '');
    if (username.length < 2 || taken.has(username)) continue;
    taken.add(username);
    twins.push({ username, globalName: character.name, rank: RANK_ROLE_OF_LEVEL[levelOfGameRank(character.rank)] });
  }
  return twins;
}

export async function startWebPlatform(options: WebPlatformOptions): Promise<WebPlatform> {
  if (!existsSync(join(WEB_BUILD, 'index.html'))) {
    throw new Error(`${WEB_BUILD} has no build of the web app: build it first (npx nx build web; npm test builds every app).`);
  }
  const rate = options.blizzardRate ?? 50;
  const guild = generateGuild({ size: options.guildSize, seed: options.seed });
  const members = [...(options.discordMembers ?? []), ...discordTwinsOf(guild.members, options.discordTwins ?? 0)];
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const standIns = await startStandInPlatform({
    blizzard: { guild, ratePerSecond: rate },
    discord: {
      heartbeatIntervalMs: 1_000,
      guild: generateDiscordGuild({ seed: options.seed, memberCount: Math.max(options.discordSize, members.length + 1), members }),
    },
    // The gateway's own address is PUBLIC_URL: the invite DM's link opens the app it serves.
    gatewayPort: port,
    env: {
      gateway: { WEB_ROOT: WEB_BUILD, PUBLIC_URL: url },
      auth: { BCRYPT_COST: '10' },
      'guild-sync': {
        BLIZZARD_RATE_PER_SECOND: String(rate),
        // No scheduled sync during a test: the tests start them.
        SYNC_CRON: '0 3 1 1 *',
      },
      'discord-bot': { PUBLIC_URL: url },
    },
  });
  const { blizzard, discord, platform } = standIns;
  // Characters a scenario needs by name join the guild before any sync reads it (tests start the syncs).
  for (const character of options.characters ?? []) blizzard.guild.add(character);
  const call = async <T>(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<ApiAnswer<T>> => {
    const response = await fetch(`${url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: (await response.json()) as ApiAnswer<T>['body'] };
  };
  const api = async <T>(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> => {
    const answer = await call<T>(path, init);
    if (!answer.body.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.data;
  };

  return {
    url,
    platform,
    blizzard,
    discord,
    call,
    api,
    signIn: (username, password) => api<Session>('/auth/login', { method: 'POST', body: { username, password } }),
    syncRoster: async (token) => {
      const run = await api<SyncRun>('/guild-sync/runs', { method: 'POST', token, body: {} });
      const ended = await eventually(
        `sync run ${run.id} to end`,
        async () => {
          // A 503 is guild-sync too busy syncing to answer within the gateway's timeout: ask again.
          const now = await call<SyncRun>(`/guild-sync/runs/${run.id}`, { token });
          if (now.status === 503) return undefined;
          if (!now.body.ok) throw new Error(`GET /guild-sync/runs/${run.id}: ${now.status} ${JSON.stringify(now.body)}`);
          return FINISHED.has(now.body.data.status) ? now.body.data : undefined;
        },
        120_000,
      );
      // Every scenario starts from the guild's roster: a run that failed leaves none to test with.
      if (ended.status === 'failed') throw new Error(`sync run ${run.id} failed: ${JSON.stringify(ended)}\n${platform.services.get('guild-sync')?.output.slice(-20).join('\n') ?? ''}`);
      return ended;
    },
    mapRanksToRoles: () => standIns.mapRanksToRoles(),
    memberOfDiscordUser: async (token, discordUsername) => {
      try {
        return await eventually(`identity to make a member of Discord user ${discordUsername}`, async () => {
          const page = await api<PageOf<Member>>(`/members?q=${encodeURIComponent(discordUsername)}`, { token });
          return page.items.find((m) => m.discord?.username === discordUsername);
        });
      } catch (error) {
        // Say what identity had instead: a failure report to act on, not only "timed out".
        const seen = async (path: string) => JSON.stringify((await call<unknown>(path, { token })).body).slice(0, 1_500);
        const report = [
          `members matching "${discordUsername}": ${await seen(`/members?q=${encodeURIComponent(discordUsername)}`)}`,
          `suggestions: ${await seen('/identity/suggestions?limit=20')}`,
          `conflicts: ${await seen('/identity/conflicts?limit=20')}`,
          `identity:\n${platform.services.get('identity')?.output.slice(-30).join('\n') ?? ''}`,
          `discord-bot:\n${platform.services.get('discord-bot')?.output.slice(-15).join('\n') ?? ''}`,
        ];
        throw new Error(`${(error as Error).message}\n${report.join('\n')}`);
      }
    },
    inviteLinkSentTo: (discordUserId) =>
      eventually(`the invite DM to ${discordUserId}`, async () => {
        for (const message of discord.dms(discordUserId).reverse()) {
          const link = /https?:\/\/\S+\/register\?code=[^\s)>]+/.exec(message.content ?? '')?.[0];
          if (link) return link;
        }
        return undefined;
      }),
    output: (app, lines = 40) => (platform.services.get(app)?.output ?? []).slice(-lines).join('\n'),
    stop: () => standIns.stop(),
  };
}
