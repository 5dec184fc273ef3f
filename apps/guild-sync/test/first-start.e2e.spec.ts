// A platform's first start, through real processes: with nothing in its database it syncs the
// roster from Blizzard and the members from Discord by itself, no officer asking; a replica
// starting meanwhile does not sync again; a start that finds the roster filled does not sync.
import type { CharacterListItem, DiscordMember, Page, SyncRun } from '@patt/contracts';
import {
  BlizzardStandIn,
  DiscordStandIn,
  eventually,
  freePort,
  generateDiscordGuild,
  generateGuild,
  RunningService,
  startPlatform,
  startProcess,
  TestPlatform,
} from '@patt/testing';

jest.setTimeout(240_000);

const CLIENT = { id: 'first-start-client', secret: 'first-start-secret' } as const;
const GUILD_SIZE = 150;
/** 150 members at 40 requests a second: the first sync takes about four seconds, long enough for a second replica to arrive during it. */
const RATE = 40;

/** The line a guild-sync process logged about the first sync, once it has. */
const firstSyncLine = (service: RunningService) => () => Promise.resolve(service.output.find((line) => line.includes('first sync:')));

describe('a first start syncs by itself, once', () => {
  let platform: TestPlatform;
  let blizzard: BlizzardStandIn;
  let discord: DiscordStandIn;
  let officer: string;
  const replicas: RunningService[] = [];

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${officer}` } });
    const body = (await response.json()) as { ok: boolean; data: T };
    if (!body.ok) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(body)}`);
    return body.data;
  };
  const runs = () => api<Page<SyncRun>>('/guild-sync/runs?limit=50');

  /** Another guild-sync process on the same database and bus, as a second replica is. */
  const replica = async (name: string): Promise<RunningService> => {
    const port = await freePort();
    const running = await startProcess(name, {
      app: 'guild-sync',
      env: { ...platform.envOf('guild-sync'), HEALTH_PORT: String(port) },
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
    });
    replicas.push(running);
    return running;
  };

  beforeAll(async () => {
    blizzard = await BlizzardStandIn.start({ clientId: CLIENT.id, clientSecret: CLIENT.secret, guild: generateGuild({ size: GUILD_SIZE, seed: 91 }), ratePerSecond: RATE });
    discord = await DiscordStandIn.start({ heartbeatIntervalMs: 1_000, guild: generateDiscordGuild({ seed: 91, memberCount: 40 }) });
    try {
      platform = await startPlatform({
        env: {
          // On, as on a real first start (the test platform turns it off for other suites).
          'guild-sync': {
            SYNC_ON_EMPTY_ROSTER: 'true',
            BLIZZARD_CLIENT_ID: CLIENT.id,
            BLIZZARD_CLIENT_SECRET: CLIENT.secret,
            BLIZZARD_API_URL: blizzard.url,
            BLIZZARD_OAUTH_URL: blizzard.oauthUrl,
            BLIZZARD_RATE_PER_SECOND: String(RATE),
            GUILD_REALM_SLUG: blizzard.guild.realm.slug,
            GUILD_NAME_SLUG: 'pull-all-the-things',
          },
          'discord-bot': {
            DISCORD_TOKEN: discord.token,
            DISCORD_GUILD_ID: discord.guildId,
            DISCORD_API_URL: discord.apiUrl,
            DISCORD_AUDIT_CHANNEL_ID: discord.auditChannelId,
          },
        },
      });
    } catch (error) {
      await Promise.all([blizzard.close(), discord.close()]);
      throw error;
    }
    officer = platform.token({ rank: 4, username: 'officer' });
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await platform?.stop();
    await Promise.all([blizzard?.close(), discord?.close()]);
  });

  it('syncs the empty roster and the Discord members at once, and a replica arriving meanwhile does not sync again', async () => {
    const first = platform.services.get('guild-sync')!;
    // A second replica starts while the first one's sync is going (or just done).
    const second = await replica('guild-sync-2');

    const run = await eventually('the first sync to finish', async () => {
      const page = await runs();
      const finished = page.items.find((r) => r.status === 'succeeded');
      return finished ?? undefined;
    }, 60_000);
    expect(run).toMatchObject({ source: 'blizzard', trigger: 'schedule', counts: { found: GUILD_SIZE, added: GUILD_SIZE } });

    const lines = await Promise.all([first, second].map((service) => eventually(`${service.name} to decide`, firstSyncLine(service), 60_000)));
    expect(lines.filter((line) => line.includes('a sync started'))).toHaveLength(1);
    expect(lines.filter((line) => /already running|has characters/.test(line))).toHaveLength(1);
    expect((await runs()).total).toBe(1);

    // The roster reached identity, and the bot mirrored the server at its start: no one asked.
    const characters = await eventually('identity to have the roster', async () => {
      const page = await api<Page<CharacterListItem>>('/characters?limit=1');
      return page.total === GUILD_SIZE ? page : undefined;
    }, 60_000);
    expect(characters.total).toBe(GUILD_SIZE);
    const mirrored = await eventually('the Discord mirror', async () => {
      const page = await api<Page<DiscordMember>>('/discord/members?limit=1');
      return page.total > 0 ? page : undefined;
    }, 60_000);
    expect(mirrored.total).toBe(discord.members().filter((m) => !m.user.bot).length);
  });

  it('does not sync again when a start finds the roster filled', async () => {
    const before = (await runs()).total;
    for (const service of [platform.services.get('guild-sync')!, ...replicas]) await service.stop();
    replicas.length = 0;
    const again = await replica('guild-sync-3');
    const line = await eventually('the restarted guild-sync to decide', firstSyncLine(again), 60_000);
    expect(line).toContain('the roster has characters');
    expect((await runs()).total).toBe(before);
  });
});
