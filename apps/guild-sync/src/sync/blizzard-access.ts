import { Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { ErrorCode } from '@patt/contracts';
import { Metrics, ServiceException } from '@patt/service-kit';
import { GuildSyncConfig, missingSyncSettings } from '../app/guild-sync.config';
import { BlizzardClient, type BlizzardClientMetrics } from '../blizzard';

/** The client and the guild a Blizzard sync needs, once the service is configured for it. */
export interface BlizzardGuild {
  client: BlizzardClient;
  realmSlug: string;
  guildSlug: string;
  /** Profile fetches started side by side; the client's limiter decides when each may go. */
  concurrency: number;
  /** Profile calls in a row without an answer that stop a run (BLIZZARD_MAX_CONSECUTIVE_FAILURES). */
  maxConsecutiveFailures: number;
}

/**
 * The one Blizzard client of the process (its limiter is the whole process's budget), built
 * from config. Without credentials or a guild the service still starts and serves its history;
 * only a sync is refused, with what to configure.
 */
@Injectable()
export class BlizzardAccess implements OnApplicationShutdown {
  readonly missing: string[];
  private readonly guild: BlizzardGuild | null;

  constructor(config: GuildSyncConfig, @Optional() metrics?: Metrics) {
    this.missing = missingSyncSettings(config);
    this.guild = this.missing.length > 0 ? null : blizzardGuild(config);
    if (this.guild && metrics) measureClient(this.guild.client, metrics);
  }

  get configured(): boolean {
    return this.guild !== null;
  }

  configuredGuild(): BlizzardGuild {
    if (this.guild) return this.guild;
    throw new ServiceException(
      ErrorCode.ServiceUnavailable,
      `Roster sync is not configured: set ${this.missing.join(', ')} in the guild-sync service's environment and restart it.`,
    );
  }

  onApplicationShutdown(): void {
    this.guild?.client.close();
  }
}

function blizzardGuild(config: GuildSyncConfig): BlizzardGuild {
  const logger = new Logger(BlizzardClient.name);
  const client = new BlizzardClient({
    clientId: config.BLIZZARD_CLIENT_ID as string,
    clientSecret: config.BLIZZARD_CLIENT_SECRET as string,
    apiUrl: config.BLIZZARD_API_URL,
    oauthUrl: config.BLIZZARD_OAUTH_URL,
    region: config.BLIZZARD_REGION,
    locale: config.BLIZZARD_LOCALE,
    ratePerSecond: config.BLIZZARD_RATE_PER_SECOND,
    ratePerHour: config.BLIZZARD_RATE_PER_HOUR,
    logger: {
      debug: (message, fields) => logger.debug(fields ?? {}, message),
      warn: (message, fields) => logger.warn(fields ?? {}, message),
    },
  });
  return {
    client,
    realmSlug: config.GUILD_REALM_SLUG as string,
    guildSlug: config.GUILD_NAME_SLUG as string,
    // Twice the per-second rate: enough that the limiter always has a request waiting, even
    // while some sit out a retry's backoff; more would only queue in the limiter.
    concurrency: Math.min(1000, 2 * config.BLIZZARD_RATE_PER_SECOND),
    maxConsecutiveFailures: config.BLIZZARD_MAX_CONSECUTIVE_FAILURES,
  };
}

/**
 * The client's own counters (BlizzardClient.metrics()) as Prometheus families, read at scrape:
 * API requests sent (retries included), retries, the answers and failures that make it retry or
 * renew its token, token requests; and the limiter's permits in use and callers waiting.
 */
function measureClient(client: BlizzardClient, metrics: Metrics): void {
  const counted = (name: string, help: string, read: (m: BlizzardClientMetrics) => number) => {
    let last = 0;
    metrics.counter({
      name,
      help,
      collect() {
        const now = read(client.metrics());
        this.inc(Math.max(0, now - last));
        last = now;
      },
    });
  };
  counted('blizzard_api_requests_total', 'Blizzard API requests sent, retries included (token requests not).', (m) => m.requests);
  counted('blizzard_api_retries_total', 'Blizzard API requests sent again after a 429, a 5xx or no answer.', (m) => m.retries);
  counted('blizzard_oauth_token_requests_total', 'Access tokens asked of Blizzard’s OAuth endpoint.', (m) => m.tokenRequests);
  const failures: Record<string, (m: BlizzardClientMetrics) => number> = {
    rate_limited: (m) => m.rateLimited,
    server_error: (m) => m.serverErrors,
    unauthorized: (m) => m.unauthorized,
    no_answer: (m) => m.transportErrors,
  };
  const last = new Map<string, number>();
  metrics.counter({
    name: 'blizzard_api_failures_total',
    help: 'Blizzard API answers that were no answer to use, by reason: rate_limited (429), server_error (5xx), unauthorized (401, the token renewed), no_answer (network error or timeout).',
    labelNames: ['reason'],
    collect() {
      const counters = client.metrics();
      for (const [reason, read] of Object.entries(failures)) {
        const now = read(counters);
        this.inc({ reason }, Math.max(0, now - (last.get(reason) ?? 0)));
        last.set(reason, now);
      }
    },
  });
  metrics.gauge({
    name: 'blizzard_limiter_waiting_requests',
    help: 'Blizzard API calls waiting for a permit of the rate limiter (the process’s budget).',
    collect() {
      this.set(client.limiterState().waiting);
    },
  });
}
