import http from 'node:http';
import https from 'node:https';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { BlizzardApiError, describeTransportFailure, type TransportFailure } from './blizzard.errors';
import type { ResolvedBlizzardOptions } from './blizzard-client.options';
import type { BlizzardClientMetrics } from './blizzard.types';
import type { BlizzardTokenProvider } from './oauth-token.provider';
import type { RateLimiter, RatePermit } from './rate-limiter';
import { headerValue } from './response-headers';
import { parseRetryAfter, retryDelay, sleep } from './retry';

/** An answer the caller interprets: 2xx, 304, or a 4xx that retrying would not change. */
export interface ApiAnswer {
  status: number;
  body: string;
  lastModified: string | null;
  /** Requests it took, retries included. */
  attempts: number;
}

export interface ApiRequest {
  /** Already encoded, e.g. `/profile/wow/character/senjin/zata%C3%B1%C3%B1a`. */
  path: string;
  ifModifiedSince?: string | null;
  signal?: AbortSignal;
}

/** What axios accepts as `transport`: Node's request function, here with a hook. */
interface RequestTransport {
  request(options: http.RequestOptions, callback: (response: http.IncomingMessage) => void): http.ClientRequest;
}

/**
 * Node's http(s).request, telling the limiter when the request has left (its bytes handed to the
 * operating system: the arrival allowance runs from then) and when the answer's headers came
 * back (the server has surely counted it by then: the slot counts from there, without waiting
 * for the body and for axios).
 */
function transportReportingProgress(secure: boolean, permit: RatePermit): RequestTransport {
  const base = secure ? https : http;
  return {
    request(options, callback) {
      const req = base.request(options, callback);
      req.once('finish', () => permit.sent());
      req.once('response', () => permit.release());
      return req;
    },
  };
}

/**
 * One Blizzard API GET as the pipeline needs it: a token, a permit from the shared limiter for
 * every attempt, the namespace and locale, a renewed token after a 401 (once), and retries with
 * backoff for 429, 5xx and transport failures. Only a BlizzardApiError leaves this class.
 */
export class BlizzardApiRequester {
  private readonly params: { namespace: string; locale: string };
  private readonly secure: boolean;

  constructor(
    private readonly http: AxiosInstance,
    private readonly tokens: BlizzardTokenProvider,
    private readonly limiter: RateLimiter,
    private readonly options: ResolvedBlizzardOptions,
    private readonly metrics: BlizzardClientMetrics,
  ) {
    this.params = { namespace: `profile-${options.region}`, locale: options.locale };
    this.secure = new URL(options.apiUrl).protocol === 'https:';
  }

  async get(request: ApiRequest): Promise<ApiAnswer> {
    const { backoff, logger } = this.options;
    const endpoint = request.path;
    let renewedToken = false;
    let attempts = 0;
    for (let retry = 0; ;) {
      // The token comes before the permit so that a slow token request holds no slot; after a
      // long wait for the permit, a token renewed meanwhile by another call is used instead.
      const early = await this.tokens.getToken();
      const permit = await this.acquire(request, attempts);
      const token = this.tokens.current() ?? early;
      attempts++;
      this.metrics.requests++;
      // A deadline for the whole request, connecting included (axios's own timeout only watches
      // an idle socket once connected when it is given a transport).
      const deadline = AbortSignal.timeout(this.options.requestTimeoutMs);
      let response: AxiosResponse<string>;
      try {
        response = await this.http.get<string>(request.path, {
          params: this.params,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(request.ifModifiedSince ? { 'If-Modified-Since': request.ifModifiedSince } : {}),
          },
          signal: request.signal ? AbortSignal.any([request.signal, deadline]) : deadline,
          transport: transportReportingProgress(this.secure, permit),
        });
      } catch (error) {
        // Reduced to kind and code at once: the axios error holds the bearer token.
        const failure: TransportFailure =
          deadline.aborted && !request.signal?.aborted
            ? { kind: 'timeout', code: 'ETIMEDOUT' }
            : describeTransportFailure(error);
        if (failure.kind === 'aborted') {
          throw new BlizzardApiError(`Blizzard request aborted: ${endpoint}`, 'aborted', { endpoint, attempts });
        }
        this.metrics.transportErrors++;
        if (retry < backoff.maxRetries) {
          await this.backOff(request, retry++, null, { code: failure.code });
          continue;
        }
        throw new BlizzardApiError(
          `Blizzard request ${endpoint} failed (${failure.code}) after ${attempts} attempts`,
          failure.kind,
          { endpoint, attempts, code: failure.code },
        );
      } finally {
        permit.release(); // already released when headers came; this covers errors
      }

      const { status } = response;
      if (status === 401) {
        this.metrics.unauthorized++;
        if (!renewedToken) {
          // Tokens expire or get revoked before their time; one fresh token is worth a try.
          renewedToken = true;
          // Said once per stale token, not once per request that met it.
          if (this.tokens.invalidate(token))
            logger.warn?.('Blizzard refused the access token; renewing it', { endpoint });
          continue;
        }
        throw new BlizzardApiError(`Blizzard refused a freshly issued access token for ${endpoint}`, 'auth', {
          endpoint,
          status,
          attempts,
        });
      }

      if (status === 429 || status >= 500) {
        const retryAfterMs = parseRetryAfter(headerValue(response, 'retry-after'));
        if (status === 429) {
          this.metrics.rateLimited++;
          if (retryAfterMs !== null) this.limiter.pauseFor(Math.min(retryAfterMs, backoff.maxRetryAfterMs));
        } else {
          this.metrics.serverErrors++;
        }
        const waitable = retryAfterMs === null || retryAfterMs <= backoff.maxRetryAfterMs;
        if (retry < backoff.maxRetries && waitable) {
          await this.backOff(request, retry++, retryAfterMs, { status });
          continue;
        }
        const why = waitable
          ? `after ${attempts} attempts`
          : `and asked to wait ${Math.ceil((retryAfterMs ?? 0) / 1000)} s`;
        throw new BlizzardApiError(
          `Blizzard answered HTTP ${status} for ${endpoint} ${why}`,
          status === 429 ? 'rate-limited' : 'server',
          { endpoint, status, attempts },
        );
      }

      return { status, body: response.data ?? '', lastModified: headerValue(response, 'last-modified'), attempts };
    }
  }

  private async acquire(request: ApiRequest, attempts: number) {
    try {
      return await this.limiter.acquire(request.signal);
    } catch {
      throw new BlizzardApiError(`Blizzard request aborted: ${request.path}`, 'aborted', {
        endpoint: request.path,
        attempts,
      });
    }
  }

  private async backOff(
    request: ApiRequest,
    retry: number,
    retryAfterMs: number | null,
    fields: Record<string, unknown>,
  ): Promise<void> {
    this.metrics.retries++;
    const delayMs = retryDelay(retry, retryAfterMs, this.options.backoff, this.options.random);
    this.options.logger.debug?.('Blizzard request will be retried', {
      endpoint: request.path,
      retry: retry + 1,
      delayMs,
      ...fields,
    });
    try {
      await sleep(delayMs, request.signal);
    } catch {
      throw new BlizzardApiError(`Blizzard request aborted: ${request.path}`, 'aborted', {
        endpoint: request.path,
        attempts: retry + 1,
      });
    }
  }
}
