import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { characterPathSegment, guildSlug, realmSlug } from '@patt/wow';
import { BlizzardApiRequester } from './blizzard-api.requester';
import { BlizzardApiError } from './blizzard.errors';
import {
  type BlizzardClientOptions,
  type ResolvedBlizzardOptions,
  resolveBlizzardOptions,
} from './blizzard-client.options';
import { readCharacterProfile, readGuildRoster } from './blizzard-responses';
import type {
  BlizzardClientMetrics,
  CallOptions,
  CharacterProfileResult,
  GuildRoster,
  ProfileCallOptions,
} from './blizzard.types';
import { BlizzardTokenProvider } from './oauth-token.provider';
import { RateLimiter, type RateLimiterState } from './rate-limiter';

const SECOND_MS = 1000;
const HOUR_MS = 3600 * SECOND_MS;

/**
 * The Blizzard profile API as guild-sync uses it: the guild roster and character profiles.
 * Construct one per process and share it: its rate limiter is the process's whole budget.
 */
export class BlizzardClient {
  private readonly options: ResolvedBlizzardOptions;
  private readonly http: AxiosInstance;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly limiter: RateLimiter;
  private readonly requester: BlizzardApiRequester;
  private readonly counters: BlizzardClientMetrics = {
    requests: 0,
    retries: 0,
    rateLimited: 0,
    serverErrors: 0,
    transportErrors: 0,
    unauthorized: 0,
    tokenRequests: 0,
  };

  constructor(options: BlizzardClientOptions) {
    this.options = resolveBlizzardOptions(options);
    // Keep-alive: a run sends thousands of requests to one host; a TLS handshake each would
    // cost more than the requests. No socket cap: the limiter decides what is in flight, and
    // an agent queue behind it would delay requests past the limiter's arrival allowance.
    this.agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
    this.http = axios.create({
      baseURL: this.options.apiUrl,
      timeout: this.options.requestTimeoutMs,
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
      headers: { Accept: 'application/json' },
      // Statuses are ours to judge (304, 404 and 429 are answers, not exceptions), bodies are
      // ours to parse (malformed JSON is a result), and a redirect is not followed with a token.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      maxRedirects: 0,
    });
    this.limiter = new RateLimiter({
      windows: [
        { limit: this.options.ratePerSecond, windowMs: SECOND_MS },
        { limit: this.options.ratePerHour, windowMs: HOUR_MS },
      ],
      arrivalAllowanceMs: this.options.arrivalAllowanceMs,
    });
    const tokens = new BlizzardTokenProvider(this.http, this.options, this.counters);
    this.requester = new BlizzardApiRequester(this.http, tokens, this.limiter, this.options, this.counters);
  }

  /**
   * The guild's roster. Realm and guild may be given as names ("Sen'jin", "Pull All The Things")
   * or as slugs: both end up as Blizzard's slug. A guild Blizzard does not know is an error
   * (kind `not-found`), as is a roster that is not JSON: without a roster a run has nothing to do.
   */
  async getGuildRoster(realm: string, guild: string, options: CallOptions = {}): Promise<GuildRoster> {
    const path = `/data/wow/guild/${encodeURIComponent(realmSlug(realm))}/${encodeURIComponent(guildSlug(guild))}/roster`;
    const answer = await this.requester.get({ path, signal: options.signal });
    if (answer.status === 404) {
      throw new BlizzardApiError(`Blizzard knows no guild at ${path}`, 'not-found', {
        endpoint: path,
        status: 404,
        attempts: answer.attempts,
      });
    }
    if (answer.status !== 200) {
      throw new BlizzardApiError(`Blizzard answered HTTP ${answer.status} for ${path}`, 'http', {
        endpoint: path,
        status: answer.status,
        attempts: answer.attempts,
      });
    }
    const roster = readGuildRoster(answer.body, this.options.locale, answer.lastModified);
    if (!roster.ok) {
      throw new BlizzardApiError(`Blizzard roster at ${path} is unusable: ${roster.reason}`, 'invalid-response', {
        endpoint: path,
        status: 200,
        attempts: answer.attempts,
      });
    }
    return roster.value;
  }

  /**
   * One character's profile summary. `realm` is a slug or a realm name; `characterName` as the
   * game shows it (Blizzard wants it lower-cased, accents kept, percent-encoded). Throws only
   * when Blizzard could not be asked (retries exhausted, credentials refused, aborted).
   */
  async getCharacterProfile(
    realm: string,
    characterName: string,
    options: ProfileCallOptions = {},
  ): Promise<CharacterProfileResult> {
    if (characterName.trim() === '') throw new RangeError('characterName is empty');
    const path = `/profile/wow/character/${encodeURIComponent(realmSlug(realm))}/${characterPathSegment(characterName)}`;
    const answer = await this.requester.get({ path, ifModifiedSince: options.ifModifiedSince, signal: options.signal });
    switch (answer.status) {
      case 200: {
        const profile = readCharacterProfile(answer.body, this.options.locale);
        return profile.ok
          ? { status: 'ok', profile: profile.value, lastModified: answer.lastModified }
          : { status: 'invalid', reason: profile.reason };
      }
      case 304:
        return { status: 'not-modified' };
      case 404:
        return { status: 'not-found' };
      default:
        // 403 and friends: this character cannot be read; the run goes on without it.
        return { status: 'invalid', reason: `HTTP ${answer.status}` };
    }
  }

  metrics(): BlizzardClientMetrics {
    return { ...this.counters };
  }

  limiterState(): RateLimiterState {
    return this.limiter.state();
  }

  /** Closes idle keep-alive sockets, so a process (or a test) can exit. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
