import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Client, Events, GatewayIntentBits, RESTEvents } from 'discord.js';
import { Metrics, Readiness } from '@patt/service-kit';
import { DiscordBotConfig } from '../app/discord-bot.config';
import { GatewayLeadership, GatewayRole } from './gateway-leadership';

/** Something that hooks its listeners onto a Discord client (each new client gets them all). */
export type ClientBinding = (client: Client) => void;

const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 5 * 60_000;

/**
 * The bot's one connection to Discord: a discord.js client with the Guilds and GuildMembers
 * intents, its REST calls pointed at DISCORD_API_URL. Without DISCORD_TOKEN and DISCORD_GUILD_ID
 * there is no client at all and the service runs without Discord: the rest of the platform does
 * not depend on it, so neither does this service's readiness. A login that fails (Discord down,
 * a bad token) is retried with a growing pause rather than stopping the service.
 *
 * With several replicas only one holds the gateway session (GatewayLeadership): a replica logs in
 * when it takes the lock and destroys its client when it loses it; the others stand by without a
 * client, so their workers find Discord not ready and leave the queues to the holder. The readiness
 * probe says which role this replica holds (`discord-gateway`: leader, standby or off).
 */
@Injectable()
export class DiscordConnection implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DiscordConnection.name);
  private readonly bindings: ClientBinding[] = [];
  private client: Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private readonly metrics?: ReturnType<typeof discordMetrics>;

  constructor(
    private readonly config: DiscordBotConfig,
    private readonly leadership: GatewayLeadership,
    readiness: Readiness,
    @Optional() metrics?: Metrics,
  ) {
    this.metrics = metrics ? discordMetrics(metrics) : undefined;
    // A standby is as ready as a holder: it serves requests and events and takes over when asked.
    readiness.register('discord-gateway', async () => true, () => ({ role: this.role, epoch: this.leadership.epoch, connected: this.ready }));
  }

  /** What this replica does about the gateway session. */
  get role(): GatewayRole {
    return this.leadership.role;
  }

  /** Both the token and the guild are set: the bot connects. */
  get configured(): boolean {
    return Boolean(this.config.DISCORD_TOKEN && this.config.DISCORD_GUILD_ID);
  }

  get guildId(): string {
    if (!this.config.DISCORD_GUILD_ID) throw new Error('DISCORD_GUILD_ID is not set');
    return this.config.DISCORD_GUILD_ID;
  }

  /** Logged in and its gateway session ready. */
  get ready(): boolean {
    return this.client?.isReady() ?? false;
  }

  /** The client, for REST calls and the guild cache; throws when there is none (yet). */
  current(): Client {
    if (!this.client) throw new DiscordNotConnected(this.configured ? 'the bot is still connecting to Discord' : 'Discord is not configured');
    return this.client;
  }

  /** Throws NotGatewayHolder unless this replica still holds the gateway session in the latest term. */
  assertHolder(): Promise<void> {
    return this.leadership.assertHolder();
  }

  /** Registers listeners for every client this connection makes (call before the app boots). */
  bind(binding: ClientBinding): void {
    this.bindings.push(binding);
    if (this.client) binding(this.client);
  }

  onApplicationBootstrap(): void {
    if (!this.configured) {
      const missing = ['DISCORD_TOKEN', 'DISCORD_GUILD_ID'].filter((name) => !this.config[name as 'DISCORD_TOKEN' | 'DISCORD_GUILD_ID']);
      this.logger.warn(
        { missing },
        `Discord is off: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. The service runs and answers ` +
          'requests, but mirrors no members, changes no roles, sends no DMs and posts no reports.',
      );
      return;
    }
    if (!this.config.DISCORD_AUDIT_CHANNEL_ID) {
      this.logger.warn('DISCORD_AUDIT_CHANNEL_ID is not set: integrity reports, sync summaries and DM notices are not posted');
    }
    this.leadership.start({
      acquired: () => void this.connect(FIRST_RETRY_MS),
      lost: () => this.disconnect(),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.disconnect();
    await this.leadership.stop();
  }

  /** Closes the gateway session (if any) and stops trying to log in. */
  private async disconnect(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    await client?.destroy();
  }

  private async connect(nextRetryMs: number): Promise<void> {
    if (this.closing || this.leadership.role !== 'leader') return;
    const client = this.createClient();
    this.client = client;
    try {
      await client.login(this.config.DISCORD_TOKEN);
    } catch (error) {
      if (this.closing || this.client !== client) return;
      this.client = null;
      await client.destroy().catch(() => undefined);
      this.logger.error(
        { err: { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) }, retryInMs: nextRetryMs },
        'could not log in to Discord; will try again',
      );
      this.retryTimer = setTimeout(() => void this.connect(Math.min(LONGEST_RETRY_MS, nextRetryMs * 2)), nextRetryMs);
      this.retryTimer.unref();
    }
  }

  private createClient(): Client {
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
      rest: { api: this.config.DISCORD_API_URL, timeout: 15_000, retries: 3 },
    });
    client.once(Events.ClientReady, (ready) => this.logger.log({ botUser: ready.user.tag, guilds: ready.guilds.cache.size }, 'connected to Discord'));
    // While the service stops, closing the gateway is the point: discord.js may still report the
    // close as a disconnect and a reconnect, which are no news then.
    client.on(Events.ShardDisconnect, (event) => {
      if (!this.closing) this.logger.warn({ closeCode: event.code }, 'Discord gateway disconnected');
    });
    client.on(Events.ShardReconnecting, () => {
      if (!this.closing) this.logger.warn('Discord gateway reconnecting');
    });
    client.on(Events.ShardResume, (_shard, replayed) => this.logger.log({ replayed }, 'Discord gateway session resumed'));
    client.on(Events.Warn, (message) => this.logger.warn({ discord: message }, 'discord.js warning'));
    client.on(Events.Error, (error) => this.logger.error({ err: { name: error.name, message: error.message } }, 'discord.js error'));
    client.rest.on(RESTEvents.RateLimited, (info) => {
      this.logger.debug({ route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global, scope: info.scope }, 'Discord rate limit: waiting');
      this.metrics?.waits.inc({ method: info.method.toUpperCase(), route: routeTemplate(info.route) });
    });
    client.rest.on(RESTEvents.Response, (request, response) => {
      this.metrics?.requests.inc({ method: request.method.toUpperCase(), route: routeTemplate(request.route), status_code: String(response.status) });
    });
    for (const binding of this.bindings) binding(client);
    return client;
  }
}

/** Asked for Discord while there is no connection to it. */
export class DiscordNotConnected extends Error {
  override name = 'DiscordNotConnected';
}

/**
 * discord.js's rate-limit route of a request (`/guilds/123…/members/:id`) as a label: its
 * remaining ids (the guild's, a channel's) made `:id` too, so the values stay a bounded set.
 */
export function routeTemplate(route: string): string {
  return route.replace(/\d{15,}/g, ':id');
}

/** Discord REST calls as Prometheus counts them: every answer by route and status, and the rate limits waited out. */
function discordMetrics(metrics: Metrics) {
  return {
    requests: metrics.counter({
      name: 'discord_api_requests_total',
      help: 'Discord REST answers, by method, route template and status code (429s included; discord.js retries them).',
      labelNames: ['method', 'route', 'status_code'],
    }),
    waits: metrics.counter({
      name: 'discord_api_rate_limit_waits_total',
      help: 'Times discord.js held a Discord REST call back for a rate limit (a 429 or its own bucket count), by method and route template.',
      labelNames: ['method', 'route'],
    }),
  };
}
