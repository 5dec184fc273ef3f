import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIUser } from 'discord-api-types/v10';
import type { DiscordGuildState } from '../model/guild-state';
import { snowflakeAt } from '../model/snowflake';

/** The OAuth2 application the stand-in knows: the one client allowed to ask members who they are. */
export interface DiscordOAuthApplication {
  clientId: string;
  clientSecret: string;
  /** Redirect URIs registered for it (Discord's portal, OAuth2 → Redirects); none: any http(s) URI is taken. */
  redirectUris?: readonly string[];
}

/** A call to the provider's endpoints, as tests read it (never the codes or tokens themselves). */
export interface DiscordOAuthCall {
  endpoint: 'authorize' | 'token' | 'users/@me' | 'token/revoke';
  status: number;
  /** Discord's `error` for a refused call. */
  error?: string;
  /** The user who authorized, got a token, was read, or whose token was revoked. */
  userId?: string;
  at: number;
}

interface Grant {
  userId: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  challenge: string | null;
  expiresAt: number;
  used: boolean;
}

const CODE_LIFETIME_MS = 10 * 60_000;
const TOKEN_LIFETIME_S = 604_800;
const MAX_BODY_BYTES = 64 * 1024;
const SCOPES = new Set(['identify', 'email', 'guilds', 'guilds.members.read']);
const DENIED = 'The resource owner or authorization server denied the request';

/** What Discord answers a bad token exchange: `{error, error_description}`, 400 (401 for a bad client). */
class OAuthRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description?: string,
  ) {
    super(error);
  }
}

/**
 * Discord's OAuth2 provider side, for signing in with Discord without Discord: the authorize page
 * (`GET /oauth2/authorize`, a page that lists the users who may sign in, each a button, and a
 * Cancel, as a browser test clicks through it), the code exchange (`POST /api/v10/oauth2/token`,
 * authorization code with PKCE S256 checked), `GET /api/v10/users/@me` with the bearer token and
 * the revocation of a token (`POST /api/v10/oauth2/token/revoke`, RFC 7009),
 * answering with Discord's JSON and errors. The users are the guild's members and any "strangers"
 * a test adds (Discord users in no guild of the platform).
 */
export class DiscordOAuthProvider {
  readonly calls: DiscordOAuthCall[] = [];
  /** The access tokens revoked so far (POST /oauth2/token/revoke), whose user each was: never the tokens themselves. */
  readonly revocations: Array<{ userId: string; hint: string | null; at: number }> = [];
  /**
   * A status the revocation endpoint answers instead of revoking (e.g. 503, Discord having a bad
   * moment), or null to revoke.
   */
  failRevocationsWith: number | null = null;
  private readonly grants = new Map<string, Grant>();
  private readonly tokens = new Map<string, { userId: string; scope: string; expiresAt: number }>();
  private readonly strangers = new Map<string, APIUser>();
  private strangerCount = 0;

  constructor(
    private readonly state: DiscordGuildState,
    readonly application: DiscordOAuthApplication,
  ) {}

  /** A Discord user who is in no guild of the platform: they can authorize, but no member is theirs. */
  addStranger(input: { username: string; globalName?: string }): APIUser {
    this.strangerCount += 1;
    const id = snowflakeAt(Date.now(), this.strangerCount, 7, 7);
    const user: APIUser = {
      id,
      username: input.username,
      global_name: input.globalName ?? null,
      discriminator: '0',
      avatar: null,
    };
    this.strangers.set(id, user);
    return structuredClone(user);
  }

  /** Answers the provider's routes; false for any other request. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    try {
      return await this.route(request, response);
    } catch (error) {
      const refusal = error instanceof OAuthRefusal ? error : new OAuthRefusal(500, 'server_error');
      if (!response.headersSent) sendJson(response, refusal.status, { error: refusal.error });
      return true;
    }
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://stand-in.invalid');
    const method = (request.method ?? 'GET').toUpperCase();
    const apiPath = /^\/api(?:\/v\d+)?(\/.*)$/.exec(url.pathname)?.[1];
    if (url.pathname === '/oauth2/authorize' && method === 'GET') return (this.authorizePage(url, response), true);
    if (url.pathname === '/oauth2/authorize' && method === 'POST') return (await this.authorizeDecision(request, response), true);
    if (apiPath === '/oauth2/token' && method === 'POST') return (await this.token(request, response), true);
    if (apiPath === '/oauth2/token/revoke' && method === 'POST') return (await this.revoke(request, response), true);
    // A bearer token's /users/@me is the provider's; the bot's (Authorization: Bot …) is the REST API's.
    if (apiPath === '/users/@me' && method === 'GET' && /^Bearer /i.test(request.headers.authorization ?? '')) return (this.me(request, response), true);
    return false;
  }

  // ---- the authorize page -----------------------------------------------------------------

  private user(id: string): APIUser | undefined {
    const stranger = this.strangers.get(id);
    return stranger ? structuredClone(stranger) : this.state.getUser(id);
  }

  /** Who may be picked on the page: the strangers, then the guild's members (at most 200 shown). */
  private pickable(): APIUser[] {
    const members = this.state
      .listMembers()
      .map((member) => member.user)
      .filter((user) => !user.bot);
    return [...this.strangers.values(), ...members].slice(0, 200);
  }

  /** The request's problem, as Discord's page would state it, or null. */
  private authorizeProblem(params: URLSearchParams): string | null {
    if (params.get('client_id') !== this.application.clientId) return 'Unknown application (invalid client_id).';
    if (params.get('response_type') !== 'code') return 'Invalid response_type: only "code" is supported.';
    const redirect = params.get('redirect_uri') ?? '';
    if (!/^https?:\/\//.test(redirect)) return 'Invalid OAuth2 redirect_uri.';
    if (this.application.redirectUris && !this.application.redirectUris.includes(redirect)) return 'Invalid OAuth2 redirect_uri.';
    const scopes = (params.get('scope') ?? '').split(/[ +]/).filter(Boolean);
    if (scopes.length === 0 || !scopes.every((scope) => SCOPES.has(scope))) return 'Invalid scope.';
    const method = params.get('code_challenge_method');
    if (params.get('code_challenge') && method !== 'S256') return 'Invalid code_challenge_method: only S256 is supported.';
    return null;
  }

  private authorizePage(url: URL, response: ServerResponse): void {
    const problem = this.authorizeProblem(url.searchParams);
    if (problem) {
      this.calls.push({ endpoint: 'authorize', status: 400, error: 'invalid_request', at: Date.now() });
      return sendHtml(response, 400, page('Discord — authorization error', `<p role="alert">${escapeHtml(problem)}</p>`));
    }
    const hidden = [...url.searchParams].map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('');
    const buttons = this.pickable()
      .map(
        (user) =>
          `<li><button type="submit" name="user_id" value="${user.id}" data-username="${escapeHtml(user.username)}">Authorize as ${escapeHtml(user.username)}</button></li>`,
      )
      .join('');
    const body = `
      <h1>An external application wants to access your Discord account</h1>
      <p>It asks for: <strong>${escapeHtml(url.searchParams.get('scope') ?? '')}</strong> (your username, avatar and banner). This is the Discord stand-in: pick who signs in.</p>
      <form method="post" action="/oauth2/authorize">${hidden}
        <ul class="users">${buttons}</ul>
        <button type="submit" name="decision" value="cancel">Cancel</button>
      </form>`;
    sendHtml(response, 200, page('Discord — Authorize access to your account', body));
  }

  private async authorizeDecision(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(request));
    const problem = this.authorizeProblem(form);
    if (problem) {
      this.calls.push({ endpoint: 'authorize', status: 400, error: 'invalid_request', at: Date.now() });
      return sendHtml(response, 400, page('Discord — authorization error', `<p role="alert">${escapeHtml(problem)}</p>`));
    }
    const back = new URL(form.get('redirect_uri') as string);
    const state = form.get('state');
    const userId = form.get('user_id') ?? '';
    if (form.get('decision') === 'cancel' || !this.user(userId)) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', DENIED);
      if (state !== null) back.searchParams.set('state', state);
      this.calls.push({ endpoint: 'authorize', status: 302, error: 'access_denied', at: Date.now() });
      return redirect(response, back.toString());
    }
    const code = randomBytes(15).toString('base64url');
    this.grants.set(code, {
      userId,
      clientId: this.application.clientId,
      redirectUri: form.get('redirect_uri') as string,
      scope: (form.get('scope') ?? '').split(/[ +]/).filter(Boolean).join(' '),
      challenge: form.get('code_challenge'),
      expiresAt: Date.now() + CODE_LIFETIME_MS,
      used: false,
    });
    back.searchParams.set('code', code);
    if (state !== null) back.searchParams.set('state', state);
    this.calls.push({ endpoint: 'authorize', status: 302, userId, at: Date.now() });
    redirect(response, back.toString());
  }

  // ---- the token endpoint and /users/@me ----------------------------------------------------

  private async token(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const form = await this.clientForm(request);
      if (form.get('grant_type') !== 'authorization_code') throw new OAuthRefusal(400, 'unsupported_grant_type');
      const code = form.get('code') ?? '';
      const grant = this.grants.get(code);
      if (!grant || grant.used || grant.expiresAt <= Date.now() || grant.clientId !== this.application.clientId) {
        throw new OAuthRefusal(400, 'invalid_grant', 'Invalid "code" in request.');
      }
      // A code is spent by its first exchange, good or bad, as Discord does.
      grant.used = true;
      if (form.get('redirect_uri') !== grant.redirectUri) throw new OAuthRefusal(400, 'invalid_grant', 'Invalid "redirect_uri" in request.');
      if (grant.challenge !== null && !verifierMatches(form.get('code_verifier'), grant.challenge)) {
        throw new OAuthRefusal(400, 'invalid_grant', 'Invalid "code_verifier" in request.');
      }
      const accessToken = randomBytes(22).toString('base64url');
      this.tokens.set(accessToken, { userId: grant.userId, scope: grant.scope, expiresAt: Date.now() + TOKEN_LIFETIME_S * 1000 });
      this.calls.push({ endpoint: 'token', status: 200, userId: grant.userId, at: Date.now() });
      sendJson(response, 200, {
        token_type: 'Bearer',
        access_token: accessToken,
        expires_in: TOKEN_LIFETIME_S,
        refresh_token: randomBytes(22).toString('base64url'),
        scope: grant.scope,
      });
    } catch (error) {
      if (!(error instanceof OAuthRefusal)) throw error;
      this.calls.push({ endpoint: 'token', status: error.status, error: error.error, at: Date.now() });
      sendJson(response, error.status, error.description ? { error: error.error, error_description: error.description } : { error: error.error });
    }
  }

  /** A form-encoded body from the authenticated application, as both endpoints take it. */
  private async clientForm(request: IncomingMessage): Promise<URLSearchParams> {
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded')
      throw new OAuthRefusal(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
    const form = new URLSearchParams(await readBody(request));
    this.authenticateClient(request, form);
    return form;
  }

  /**
   * RFC 7009 as Discord serves it: the client authenticated, `token` form-encoded (and an optional
   * `token_type_hint`); 200 whether or not the token was known, so a caller learns nothing from it.
   * A revoked access token reads /users/@me no more.
   */
  private async revoke(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const form = await this.clientForm(request);
      if (this.failRevocationsWith !== null) throw new OAuthRefusal(this.failRevocationsWith, 'temporarily_unavailable');
      const token = form.get('token');
      if (!token) throw new OAuthRefusal(400, 'invalid_request', 'Missing "token" in request.');
      const held = this.tokens.get(token);
      this.tokens.delete(token);
      if (held) this.revocations.push({ userId: held.userId, hint: form.get('token_type_hint'), at: Date.now() });
      this.calls.push({ endpoint: 'token/revoke', status: 200, ...(held ? { userId: held.userId } : {}), at: Date.now() });
      sendJson(response, 200, {});
    } catch (error) {
      if (!(error instanceof OAuthRefusal)) throw error;
      this.calls.push({ endpoint: 'token/revoke', status: error.status, error: error.error, at: Date.now() });
      sendJson(response, error.status, error.description ? { error: error.error, error_description: error.description } : { error: error.error });
    }
  }

  /** HTTP Basic (client_id:client_secret), or both in the form, as Discord takes them. */
  private authenticateClient(request: IncomingMessage, form: URLSearchParams): void {
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    if (id !== this.application.clientId || !sameSecret(secret ?? '', this.application.clientSecret)) throw new OAuthRefusal(401, 'invalid_client');
  }

  private me(request: IncomingMessage, response: ServerResponse): void {
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const held = this.tokens.get(token);
    const user = held && held.expiresAt > Date.now() ? this.user(held.userId) : undefined;
    if (!held || !user) {
      this.calls.push({ endpoint: 'users/@me', status: 401, error: 'unauthorized', at: Date.now() });
      return sendJson(response, 401, { message: '401: Unauthorized', code: 0 });
    }
    if (!held.scope.split(' ').includes('identify')) {
      this.calls.push({ endpoint: 'users/@me', status: 401, error: 'missing identify', at: Date.now() });
      return sendJson(response, 401, { message: '401: Unauthorized', code: 0 });
    }
    this.calls.push({ endpoint: 'users/@me', status: 200, userId: user.id, at: Date.now() });
    sendJson(response, 200, {
      id: user.id,
      username: user.username,
      avatar: user.avatar ?? null,
      discriminator: user.discriminator ?? '0',
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      global_name: user.global_name ?? null,
      avatar_decoration_data: null,
      banner_color: null,
      mfa_enabled: false,
      locale: 'en-US',
      premium_type: 0,
    });
  }
}

function verifierMatches(verifier: string | null, challenge: string): boolean {
  if (!verifier || !/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  return sameSecret(createHash('sha256').update(verifier, 'ascii').digest('base64url'), challenge);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new OAuthRefusal(400, 'invalid_request', 'The body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;background:#313338;color:#dbdee1}button{margin:.2rem;padding:.4rem .8rem}ul{list-style:none;padding:0;max-height:60vh;overflow:auto}</style>
</head><body>${body}</body></html>`;
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(html)), 'Cache-Control': 'no-store' });
  response.end(html);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)), 'Cache-Control': 'no-store' });
  response.end(payload);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { Location: location, 'Content-Length': '0', 'Cache-Control': 'no-store' });
  response.end();
}
