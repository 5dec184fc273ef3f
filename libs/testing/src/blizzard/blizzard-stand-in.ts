// A local Blizzard for tests, benchmarks and the dev stack: OAuth client credentials, the guild
// roster and character profile summaries, with Blizzard's JSON, status codes, Last-Modified/304
// and a per-second quota, plus faults on demand. The real client points at it through
// BLIZZARD_API_URL and BLIZZARD_OAUTH_URL and cannot tell the difference. Battle.net accounts
// (battlenet-accounts.ts) log in on its authorize page (`/oauth/authorize`, a page a browser
// test clicks through), trade a code and PKCE verifier for a user token (`/oauth/token`), and
// read `/oauth/userinfo` and `/profile/user/wow` (BLIZZARD_AUTHORIZE_URL = `authorizeUrl`).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guildSlug } from '@patt/wow';
import {
  type GuildSummary,
  type Json,
  type JsonContext,
  blizzardError,
  profileJson,
  rosterJson,
} from './blizzard-json';
import { accountProfileJson, authorizePage, type AuthorizeRequest, BattlenetAccounts, type BattlenetStandInAccount, userInfoJson } from './battlenet-accounts';
import { type FaultSettings, FaultInjector } from './faults';
import { generateGuild } from './guild-generator';
import { type BlizzardStandInStats, FixedWindowQuota, RequestCounters } from './request-counters';
import { StandInGuild } from './stand-in-guild';
import type { GeneratedGuild } from './stand-in.types';

export interface BlizzardStandInOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  /** Default: generateGuild({ size: 50, seed: 1 }). */
  guild?: GeneratedGuild;
  /** The `profile-{region}` namespace it accepts; default `us`. */
  region?: string;
  /** API requests per fixed second before 429s; default 100, 0 for no limit. */
  ratePerSecond?: number;
  /** API requests per fixed hour before 429s; default 36,000, 0 for no limit. */
  ratePerHour?: number;
  /** `expires_in` of issued tokens; default 86,399 like Blizzard's. */
  tokenTtlSeconds?: number;
  /** Where the token endpoint lives; default `/oauth/token`. */
  oauthPath?: string;
  faults?: Partial<FaultSettings>;
  /** Battle.net accounts that can log in on the authorize page; default none. */
  battlenetAccounts?: BattlenetStandInAccount[];
}

type Route = { kind: 'roster'; realm: string; guild: string } | { kind: 'profile'; realm: string; name: string };

const JSON_TYPE = 'application/json;charset=UTF-8';
const MAX_FORM_BYTES = 16 * 1024;

export class BlizzardStandIn {
  /** The base for BLIZZARD_API_URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** The full token URL for BLIZZARD_OAUTH_URL. */
  readonly oauthUrl: string;
  readonly guild: StandInGuild;
  readonly faults: FaultInjector;
  /** The authorize page, for BLIZZARD_AUTHORIZE_URL. */
  readonly authorizeUrl: string;
  readonly battlenet: BattlenetAccounts;
  private readonly oauthBase: string;

  private readonly counters = new RequestCounters();
  private readonly tokens = new Map<string, number>();
  private readonly quotas: FixedWindowQuota[];
  private readonly pendingDelays = new Set<() => void>();
  private tokenTtlSeconds: number;

  private constructor(
    private readonly server: http.Server,
    private readonly options: Required<Omit<BlizzardStandInOptions, 'guild' | 'faults' | 'port' | 'host' | 'battlenetAccounts'>>,
    guild: GeneratedGuild,
    faults: Partial<FaultSettings>,
    address: AddressInfo,
    accounts: BattlenetStandInAccount[],
  ) {
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${address.port}`;
    this.oauthUrl = `${this.url}${options.oauthPath}`;
    // Blizzard's OAuth host serves /authorize, /token and /userinfo side by side.
    this.oauthBase = options.oauthPath.replace(/\/[^/]*$/, '');
    this.authorizeUrl = `${this.url}${this.oauthBase}/authorize`;
    this.battlenet = new BattlenetAccounts(accounts);
    this.guild = new StandInGuild(guild);
    this.faults = new FaultInjector(faults);
    this.tokenTtlSeconds = options.tokenTtlSeconds;
    this.quotas = [
      ...(options.ratePerSecond > 0 ? [new FixedWindowQuota(options.ratePerSecond, 1000)] : []),
      ...(options.ratePerHour > 0 ? [new FixedWindowQuota(options.ratePerHour, 3_600_000)] : []),
    ];
  }

  static async start(options: BlizzardStandInOptions): Promise<BlizzardStandIn> {
    if (!options.clientId || !options.clientSecret) throw new Error('the stand-in needs a clientId and a clientSecret');
    const server = http.createServer();
    // Longer than a client's idle keep-alive, so the stand-in does not drop sockets under it.
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const standIn = new BlizzardStandIn(
      server,
      {
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        region: options.region ?? 'us',
        ratePerSecond: options.ratePerSecond ?? 100,
        ratePerHour: options.ratePerHour ?? 36_000,
        tokenTtlSeconds: options.tokenTtlSeconds ?? 86_399,
        oauthPath: options.oauthPath ?? '/oauth/token',
      },
      options.guild ?? generateGuild({ size: 50, seed: 1 }),
      options.faults ?? {},
      server.address() as AddressInfo,
      options.battlenetAccounts ?? [],
    );
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      standIn.handle(req, res).catch(() => {
        if (!res.headersSent) send(res, 500, blizzardError(500, 'Internal Server Error'));
        else res.destroy();
      });
    });
    return standIn;
  }

  stats(): BlizzardStandInStats {
    return this.counters.snapshot();
  }

  resetStats(): void {
    this.counters.reset();
  }

  /** Every issued token stops working at once: the next API call gets a 401. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** `expires_in` of tokens issued from now on. */
  setTokenTtl(seconds: number): void {
    this.tokenTtlSeconds = seconds;
  }

  async close(): Promise<void> {
    for (const release of this.pendingDelays) release();
    this.pendingDelays.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const now = performance.timeOrigin + performance.now();
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname === this.options.oauthPath) return this.handleToken(req, res);
    if (url.pathname === `${this.oauthBase}/authorize`) return this.handleAuthorize(url, res);
    if (url.pathname === `${this.oauthBase}/authorize/approve`) return this.handleApprove(url, res);
    if (url.pathname === `${this.oauthBase}/userinfo`) return this.handleUserInfo(req, res);
    if (url.pathname === '/profile/user/wow') return this.handleAccountProfile(req, url, res);
    const route = matchRoute(url.pathname);
    if (!route) {
      this.counters.other++;
      return send(res, 404, blizzardError(404, 'Not Found'));
    }
    this.counters.arrived(now);
    const stats = this.counters.endpoint(route.kind);
    stats.requests++;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, blizzardError(405, 'Method Not Allowed'));
    if (!this.isAuthorised(req, now) || this.faults.current().rejectTokens) {
      stats.unauthorized++;
      return send(res, 401, blizzardError(401, 'Unauthorized'));
    }
    // Blizzard answers a missing or wrong namespace as if the document did not exist.
    if (url.searchParams.get('namespace') !== `profile-${this.options.region}`) {
      stats.notFound++;
      return send(res, 404, blizzardError(404, 'Not Found'));
    }
    const full = this.quotas.filter((quota) => !quota.hasRoom(now));
    if (full.length > 0) {
      stats.rateLimited++;
      this.counters.overLimit++;
      const retryAfter = Math.max(...full.map((quota) => quota.retryAfterSeconds(now)));
      return send(res, 429, blizzardError(429, 'Too Many Requests'), { 'Retry-After': String(retryAfter) });
    }
    for (const quota of this.quotas) quota.take(now);

    const fault = this.faults.nextApiFault(now);
    if (fault?.kind === 'rate-limited') {
      stats.rateLimited++;
      return send(res, 429, blizzardError(429, 'Too Many Requests'), { 'Retry-After': fault.retryAfter });
    }
    if (fault?.kind === 'server-error') {
      stats.serverErrors++;
      return sendServerError(res, fault.status);
    }
    const { delayMs } = this.faults.current();
    if (delayMs > 0) await this.delay(delayMs);
    if (res.destroyed) return;

    const ctx: JsonContext = { baseUrl: this.url, region: this.options.region, locale: url.searchParams.get('locale') };
    const ifModifiedSince = parseHttpDate(req.headers['if-modified-since']);
    if (route.kind === 'roster') this.answerRoster(route, ctx, ifModifiedSince, res);
    else this.answerProfile(route, ctx, ifModifiedSince, res);
  }

  private answerRoster(
    route: Extract<Route, { kind: 'roster' }>,
    ctx: JsonContext,
    ifModifiedSince: number | null,
    res: ServerResponse,
  ): void {
    const stats = this.counters.roster;
    if (route.realm !== this.guild.realm.slug || route.guild !== guildSlug(this.guild.name)) {
      stats.notFound++;
      return send(res, 404, blizzardError(404, 'Not Found'));
    }
    const lastModifiedMs = this.guild.rosterLastModifiedMs();
    const lastModified = new Date(lastModifiedMs).toUTCString();
    if (ifModifiedSince !== null && lastModifiedMs <= ifModifiedSince) {
      stats.notModified++;
      return sendNotModified(res, lastModified);
    }
    const body = JSON.stringify(rosterJson(ctx, this.guildSummary(), this.guild.memberRecords()));
    if (this.faults.current().malformedRoster) {
      stats.malformed++;
      return sendText(res, 200, body.slice(0, Math.floor(body.length / 2)), { 'Last-Modified': lastModified });
    }
    stats.ok++;
    sendText(res, 200, body, { 'Last-Modified': lastModified });
  }

  private answerProfile(
    route: Extract<Route, { kind: 'profile' }>,
    ctx: JsonContext,
    ifModifiedSince: number | null,
    res: ServerResponse,
  ): void {
    const stats = this.counters.profile;
    const found = this.guild.lookup(route.realm, route.name);
    const fault = found ? this.faults.profileFault(found.character) : null;
    if (!found || fault === 'missing') {
      stats.notFound++;
      return send(res, 404, blizzardError(404, 'Not Found'));
    }
    const lastModified = new Date(found.lastModifiedMs).toUTCString();
    if (ifModifiedSince !== null && found.lastModifiedMs <= ifModifiedSince) {
      stats.notModified++;
      return sendNotModified(res, lastModified);
    }
    const member = this.guild.isMember(found.character.id);
    const profile = profileJson(ctx, found.character, member ? this.guildSummary() : null);
    const headers = { 'Last-Modified': lastModified };
    if (fault === 'malformed') {
      stats.malformed++;
      const body = JSON.stringify(profile);
      return sendText(res, 200, body.slice(0, Math.floor(body.length / 2)), headers);
    }
    if (fault === 'incomplete') {
      stats.malformed++;
      const { character_class: _class, realm: _realm, level: _level, ...rest } = profile;
      return sendText(res, 200, JSON.stringify(rest), headers);
    }
    stats.ok++;
    sendText(res, 200, JSON.stringify(profile), headers);
  }

  /** POST {oauthPath}: client credentials by HTTP Basic (or in the form, as Blizzard allows). */
  private async handleToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const stats = this.counters.token;
    stats.requests++;
    if (req.method !== 'POST') return send(res, 405, { error: 'method_not_allowed' });
    const form = new URLSearchParams(await readBody(req, MAX_FORM_BYTES));
    const credentials = basicCredentials(req.headers.authorization) ?? {
      id: form.get('client_id') ?? '',
      secret: form.get('client_secret') ?? '',
    };
    if (!sameText(credentials.id, this.options.clientId) || !sameText(credentials.secret, this.options.clientSecret)) {
      stats.rejected++;
      return send(
        res,
        401,
        { error: 'invalid_client', error_description: 'Bad client credentials' },
        { 'WWW-Authenticate': 'Basic realm="oauth2/client"' },
      );
    }
    if (form.get('grant_type') === 'authorization_code') {
      const exchanged = this.battlenet.exchange(form, credentials.id, this.tokenTtlSeconds);
      if ('error' in exchanged) {
        stats.rejected++;
        return send(res, 400, { error: exchanged.error, error_description: 'Invalid authorization code' });
      }
      stats.issued++;
      return send(res, 200, {
        access_token: exchanged.token,
        token_type: 'bearer',
        expires_in: this.tokenTtlSeconds,
        scope: 'wow.profile',
        sub: String(exchanged.accountId),
      });
    }
    if (form.get('grant_type') !== 'client_credentials') {
      stats.rejected++;
      return send(res, 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
    }
    const token = `US${randomBytes(17).toString('hex')}`;
    const now = Date.now();
    this.tokens.set(token, now + this.tokenTtlSeconds * 1000);
    this.forgetExpiredTokens(now);
    stats.issued++;
    send(res, 200, {
      access_token: token,
      token_type: 'bearer',
      expires_in: this.tokenTtlSeconds,
      sub: this.options.clientId,
    });
  }

  /** GET {oauth}/authorize: the login page, or Blizzard's error page for a request it would refuse. */
  private handleAuthorize(url: URL, res: ServerResponse): void {
    const request = authorizeRequestOf(url);
    const problem = this.battlenet.problemOf(request, this.options.clientId);
    if (problem) return sendHtml(res, 400, `<!doctype html><html><body><h1>Battle.net: bad request</h1><p>${problem.replace(/[<>&]/g, '')}</p></body></html>`);
    sendHtml(res, 200, authorizePage(this.battlenet.list(), url.searchParams.toString(), `${this.oauthBase}/authorize/approve`));
  }

  /** The member's choice on the login page: back to the client with a code (or `access_denied`) and the state. */
  private handleApprove(url: URL, res: ServerResponse): void {
    const request = authorizeRequestOf(url);
    const problem = this.battlenet.problemOf(request, this.options.clientId);
    if (problem) return sendHtml(res, 400, `<!doctype html><html><body><h1>Battle.net: bad request</h1></body></html>`);
    const back = new URL(request.redirectUri as string);
    back.searchParams.set('state', request.state as string);
    const account = this.battlenet.get(Number(url.searchParams.get('account')));
    if (url.searchParams.get('deny') || !account) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user denied the request');
    } else {
      back.searchParams.set('code', this.battlenet.issueCode(account.id, request));
    }
    res.writeHead(302, { Location: back.toString(), 'Content-Length': 0 });
    res.end();
  }

  /** GET {oauth}/userinfo with a user token. */
  private handleUserInfo(req: IncomingMessage, res: ServerResponse): void {
    const account = this.battlenet.accountOfToken(req.headers.authorization);
    if (!account) return send(res, 401, { error: 'invalid_token', error_description: 'Invalid access token' });
    send(res, 200, userInfoJson(account));
  }

  /** GET /profile/user/wow with a user token (wow.profile), in the profile namespace. */
  private handleAccountProfile(req: IncomingMessage, url: URL, res: ServerResponse): void {
    const account = this.battlenet.accountOfToken(req.headers.authorization);
    if (!account) return send(res, 401, blizzardError(401, 'Unauthorized'));
    if (url.searchParams.get('namespace') !== `profile-${this.options.region}`) return send(res, 404, blizzardError(404, 'Not Found'));
    send(res, 200, accountProfileJson({ baseUrl: this.url, region: this.options.region, locale: url.searchParams.get('locale') }, account));
  }

  private isAuthorised(req: IncomingMessage, now: number): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const expiresAt = match ? this.tokens.get(match[1]) : undefined;
    return expiresAt !== undefined && now < expiresAt;
  }

  private forgetExpiredTokens(now: number): void {
    if (this.tokens.size < 1000) return;
    for (const [token, expiresAt] of this.tokens) if (expiresAt <= now) this.tokens.delete(token);
  }

  private guildSummary(): GuildSummary {
    return { id: this.guild.id, name: this.guild.name, realm: this.guild.realm, faction: this.guild.faction };
  }

  /** A delay that close() can cut short, so closing never waits for injected slowness. */
  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        this.pendingDelays.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.pendingDelays.add(release);
    });
  }
}

/** The two API routes, with path segments decoded and lower-cased as Blizzard matches them. */
function matchRoute(pathname: string): Route | null {
  const parts = pathname.split('/');
  let segments: string[];
  try {
    segments = parts.map((part) => decodeURIComponent(part).normalize('NFC').toLocaleLowerCase('en-US'));
  } catch {
    return null;
  }
  const [empty, a, b, c, realm, fifth, sixth, ...rest] = segments;
  if (empty !== '' || rest.length > 0 || !realm || !fifth) return null;
  if (a === 'data' && b === 'wow' && c === 'guild' && sixth === 'roster')
    return { kind: 'roster', realm, guild: fifth };
  if (a === 'profile' && b === 'wow' && c === 'character' && sixth === undefined)
    return { kind: 'profile', realm, name: fifth };
  return null;
}

function authorizeRequestOf(url: URL): AuthorizeRequest {
  const get = (name: string): string | null => url.searchParams.get(name);
  return {
    responseType: get('response_type'),
    clientId: get('client_id'),
    redirectUri: get('redirect_uri'),
    scope: get('scope'),
    state: get('state'),
    codeChallenge: get('code_challenge'),
    codeChallengeMethod: get('code_challenge_method'),
  };
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'text/html;charset=UTF-8', 'Content-Length': Buffer.byteLength(html) });
  res.end(html);
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function parseHttpDate(value: string | undefined): number | null {
  if (!value) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), headers);
}

function sendText(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function sendNotModified(res: ServerResponse, lastModified: string): void {
  if (res.destroyed) return;
  res.writeHead(304, { 'Last-Modified': lastModified });
  res.end();
}

/** Gateways in front of Blizzard answer 502/503 with HTML, not JSON: clients must cope. */
function sendServerError(res: ServerResponse, status: 500 | 502 | 503 | 504): void {
  if (status === 500 || status === 504) {
    return send(res, status, blizzardError(status, status === 500 ? 'Internal Server Error' : 'Gateway Timeout'));
  }
  const title = status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
  const html = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(html) });
  res.end(html);
}
