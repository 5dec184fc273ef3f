import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthConfig } from '../app/auth.config';

/** The Discord user behind an access token (GET /users/@me, scope `identify`). */
export interface DiscordIdentity {
  id: string;
  username: string;
  /** The display name the member chose on Discord, if any. */
  globalName: string | null;
}

/** Discord refused the exchange or the read, or could not be reached: the sign-in fails, nothing is kept. */
export class DiscordOAuthFailure extends Error {
  constructor(
    readonly step: 'token' | 'users/@me',
    /** HTTP status, or 0 when Discord could not be reached or answered nonsense. */
    readonly status: number,
    /** Discord's `error` (e.g. invalid_grant) when it said one. */
    readonly reason: string | null,
  ) {
    super(`Discord's ${step} answered ${status || 'nothing usable'}${reason ? ` (${reason})` : ''}`);
    this.name = 'DiscordOAuthFailure';
  }
}

const TIMEOUT_MS = 5000;

/**
 * The two calls of a sign-in with Discord, made by auth (never the browser): the code exchange
 * (POST /oauth2/token with the client's id and secret and the PKCE verifier) and GET /users/@me
 * with the access token it gave, both under DISCORD_API_URL (v10). The token is used for that one
 * read, then revoked (POST /oauth2/token/revoke) and dropped; neither it, the code nor the secret
 * is ever logged.
 */
@Injectable()
export class DiscordOAuthClient {
  private readonly logger = new Logger(DiscordOAuthClient.name);

  constructor(@Inject(AuthConfig) private readonly config: AuthConfig) {}

  /**
   * Who signed in. The access token is revoked as soon as /users/@me has been read (or failed):
   * the platform never needs it again. The revocation is best effort and is not waited for: a
   * failure is logged (never with the token) and the sign-in goes on.
   */
  async identify(code: string, codeVerifier: string, redirectUri: string): Promise<DiscordIdentity> {
    const accessToken = await this.exchange(code, codeVerifier, redirectUri);
    try {
      return await this.currentUser(accessToken);
    } finally {
      void this.revoke(accessToken);
    }
  }

  /**
   * Never rejects. POST /oauth2/token/revoke with the client's credentials, the token form-encoded with
   * `token_type_hint=access_token`, as Discord documents (RFC 7009: 200 whatever the token's state).
   */
  private async revoke(accessToken: string): Promise<void> {
    const client = this.config.discordSignIn;
    if (!client) return;
    try {
      const response = await fetch(`${this.api()}/oauth2/token/revoke`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ token: accessToken, token_type_hint: 'access_token' }).toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!response.ok) {
        const said = (await response.json().catch(() => null)) as { error?: unknown } | null;
        this.logger.warn(
          { step: 'token/revoke', status: response.status, reason: typeof said?.error === 'string' ? said.error : null },
          'Discord refused to revoke a sign-in’s access token; it expires by itself',
        );
      } else {
        await response.body?.cancel();
      }
    } catch (error) {
      this.logger.warn({ step: 'token/revoke', problem: (error as Error).name }, 'Discord could not be reached to revoke a sign-in’s access token; it expires by itself');
    }
  }

  private async exchange(code: string, codeVerifier: string, redirectUri: string): Promise<string> {
    const client = this.config.discordSignIn;
    if (!client) throw new DiscordOAuthFailure('token', 0, 'not configured');
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    });
    const answer = await this.call('token', `${this.api()}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      },
      body: body.toString(),
    });
    const token = answer as {
      access_token?: unknown;
      token_type?: unknown;
      scope?: unknown;
    };
    if (typeof token.access_token !== 'string' || String(token.token_type).toLowerCase() !== 'bearer') {
      throw new DiscordOAuthFailure('token', 0, 'no bearer token in the answer');
    }
    if (typeof token.scope === 'string' && !token.scope.split(' ').includes('identify')) {
      throw new DiscordOAuthFailure('token', 0, 'the token lacks the identify scope');
    }
    return token.access_token;
  }

  private async currentUser(accessToken: string): Promise<DiscordIdentity> {
    const answer = await this.call('users/@me', `${this.api()}/users/@me`, {
      method: 'GET',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const user = answer as {
      id?: unknown;
      username?: unknown;
      global_name?: unknown;
    };
    if (typeof user.id !== 'string' || !/^\d{15,21}$/.test(user.id) || typeof user.username !== 'string') {
      throw new DiscordOAuthFailure('users/@me', 0, 'no user in the answer');
    }
    return {
      id: user.id,
      username: user.username,
      globalName: typeof user.global_name === 'string' ? user.global_name : null,
    };
  }

  private api(): string {
    return `${this.config.DISCORD_API_URL.replace(/\/+$/, '')}/v10`;
  }

  private async call(step: DiscordOAuthFailure['step'], url: string, init: RequestInit): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        headers: { ...init.headers, accept: 'application/json' },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      this.logger.warn({ step, problem: (error as Error).name }, 'Discord could not be reached for a sign-in');
      throw new DiscordOAuthFailure(step, 0, null);
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      // Discord's OAuth errors: {error, error_description}; its API's: {message, code}. Neither echoes the code or token.
      const said = body as { error?: unknown; code?: unknown } | null;
      const reason = typeof said?.error === 'string' ? said.error : typeof said?.code === 'number' ? String(said.code) : null;
      this.logger.warn({ step, status: response.status, reason }, 'Discord refused a sign-in step');
      throw new DiscordOAuthFailure(step, response.status, reason);
    }
    if (typeof body !== 'object' || body === null) throw new DiscordOAuthFailure(step, 0, 'not JSON');
    return body;
  }
}
