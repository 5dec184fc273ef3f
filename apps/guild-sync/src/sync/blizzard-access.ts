import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ErrorCode } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { GuildSyncConfig, missingSyncSettings } from '../app/guild-sync.config';
import { BlizzardClient } from '../blizzard';

/** The client and the guild a Blizzard sync needs, once the service is configured for it. */
export interface BlizzardGuild {
  client: BlizzardClient;
  realmSlug: string;
  guildSlug: string;
  /** Profile fetches started side by side; the client's limiter decides when each may go. */
  concurrency: number;
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

  constructor(config: GuildSyncConfig) {
    this.missing = missingSyncSettings(config);
    this.guild = this.missing.length > 0 ? null : blizzardGuild(config);
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
  const logger = new Logger('BlizzardClient');
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
  };
}
