import type { AxiosInstance, AxiosResponse } from 'axios';
import { BlizzardApiError, describeTransportFailure } from './blizzard.errors';
import type { ResolvedBlizzardOptions } from './blizzard-client.options';
import type { BlizzardClientMetrics } from './blizzard.types';
import { headerValue } from './response-headers';
import { parseRetryAfter, retryDelay, sleep } from './retry';

interface CachedToken {
  value: string;
  /** On the limiter's monotonic clock: after this the token is renewed before use. */
  renewAt: number;
}

/**
 * Client-credentials tokens from Blizzard OAuth: one cached token, renewed a margin before it
 * expires and when the API refuses it, and one request in flight however many callers need a
 * token at once (a sync run starts a hundred profile fetches in the same tick).
 */
export class BlizzardTokenProvider {
  private token: CachedToken | null = null;
  private pending: Promise<string> | null = null;
  private readonly endpoint: string;

  constructor(
    private readonly http: AxiosInstance,
    private readonly options: ResolvedBlizzardOptions,
    private readonly metrics: BlizzardClientMetrics,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.endpoint = new URL(options.oauthUrl).pathname;
  }

  async getToken(): Promise<string> {
    if (this.token && this.now() < this.token.renewAt) return this.token.value;
    if (!this.pending) {
      this.pending = this.fetchToken().finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  /** The cached token if it is not yet due for renewal; never starts a request. */
  current(): string | null {
    return this.token && this.now() < this.token.renewAt ? this.token.value : null;
  }

  /**
   * Drops `value` if it is still the cached token. Callers pass the token their request used, so
   * a hundred 401s for one stale token cause one renewal, and a 401 for a token that has already
   * been replaced causes none. True when this call dropped it.
   */
  invalidate(value: string): boolean {
    if (this.token?.value !== value) return false;
    this.token = null;
    return true;
  }

  private async fetchToken(): Promise<string> {
    const { backoff } = this.options;
    for (let attempt = 1; ; attempt++) {
      const startedAt = this.now();
      this.metrics.tokenRequests++;
      let response: AxiosResponse<string>;
      try {
        response = await this.http.post<string>(this.options.oauthUrl, 'grant_type=client_credentials', {
          auth: { username: this.options.clientId, password: this.options.clientSecret },
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          timeout: this.options.tokenTimeoutMs,
        });
      } catch (error) {
        // Only the kind and code survive: the axios error holds `config.auth`.
        const failure = describeTransportFailure(error);
        if (attempt <= backoff.maxRetries) {
          await this.wait(attempt, null, { code: failure.code });
          continue;
        }
        throw new BlizzardApiError(
          `Blizzard OAuth token request failed (${failure.code}) after ${attempt} attempts`,
          failure.kind === 'aborted' ? 'network' : failure.kind,
          { endpoint: this.endpoint, attempts: attempt, code: failure.code },
        );
      }

      const { status } = response;
      if (status === 200) return this.store(response.data, startedAt, attempt);
      if ((status === 429 || status >= 500) && attempt <= backoff.maxRetries) {
        await this.wait(attempt, parseRetryAfter(headerValue(response, 'retry-after')), { status });
        continue;
      }
      if (status === 400 || status === 401 || status === 403) {
        const reason = oauthErrorCode(response.data);
        throw new BlizzardApiError(
          `Blizzard OAuth refused the client credentials (HTTP ${status}${reason ? `, ${reason}` : ''}): ` +
            'check BLIZZARD_CLIENT_ID and BLIZZARD_CLIENT_SECRET',
          'auth',
          { endpoint: this.endpoint, status, attempts: attempt },
        );
      }
      throw new BlizzardApiError(
        `Blizzard OAuth token request failed with HTTP ${status} after ${attempt} attempts`,
        status === 429 ? 'rate-limited' : status >= 500 ? 'server' : 'http',
        { endpoint: this.endpoint, status, attempts: attempt },
      );
    }
  }

  private store(body: string, startedAt: number, attempts: number): string {
    const parsed = parseTokenBody(body);
    if (!parsed) {
      throw new BlizzardApiError('Blizzard OAuth answered without a usable access token', 'invalid-response', {
        endpoint: this.endpoint,
        status: 200,
        attempts,
      });
    }
    // Counted from when we asked, not when the answer came: the server's clock started first.
    const lifetimeMs = parsed.expiresInSeconds * 1000;
    const margin = Math.min(this.options.tokenRenewMarginMs, lifetimeMs / 2);
    this.token = { value: parsed.accessToken, renewAt: startedAt + lifetimeMs - margin };
    this.options.logger.debug?.('Blizzard token obtained', { expiresInSeconds: parsed.expiresInSeconds });
    return parsed.accessToken;
  }

  private async wait(attempt: number, retryAfterMs: number | null, fields: Record<string, unknown>): Promise<void> {
    const delayMs = retryDelay(attempt - 1, retryAfterMs, this.options.backoff, this.options.random);
    this.options.logger.debug?.('Blizzard token request will be retried', {
      endpoint: this.endpoint,
      attempt,
      delayMs,
      ...fields,
    });
    await sleep(delayMs);
  }
}

function parseTokenBody(body: string): { accessToken: string; expiresInSeconds: number } | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const { access_token: accessToken, expires_in: expiresIn } = json as Record<string, unknown>;
  if (typeof accessToken !== 'string' || accessToken === '') return null;
  if (typeof expiresIn !== 'number' || !(expiresIn > 0)) return null;
  return { accessToken, expiresInSeconds: expiresIn };
}

/** The OAuth `error` code ("invalid_client"), only when it is a plain code and safe to repeat. */
function oauthErrorCode(body: string): string | null {
  try {
    const json: unknown = JSON.parse(body);
    const code = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['error'] : undefined;
    return typeof code === 'string' && /^[a-z_]{1,40}$/.test(code) ? code : null;
  } catch {
    return null;
  }
}
