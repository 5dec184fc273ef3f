import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GatewayIntentBits,
  type APIApplicationCommand,
  type APIGatewayBotInfo,
  type APIGuildMember,
  type APIMessage,
  type APIRole,
} from 'discord-api-types/v10';
import { GatewayServer, type GatewayDropOptions, type DiscordGatewayEvent } from './gateway/gateway-server';
import { ApplicationCommands } from './model/application-commands';
import { generateDiscordGuild } from './model/generator';
import {
  DiscordGuildState,
  type DiscordMemberPatch,
  type DiscordRolePatch,
  type NewDiscordMember,
  type NewDiscordRole,
  type DiscordRoleChange,
} from './model/guild-state';
import { DiscordInteraction } from './interaction-handle';
import {
  DISCORD_INTERACTION_LIMITS,
  Interactions,
  type ClickComponentOptions,
  type InteractionEvent,
  type InvokeCommandOptions,
} from './model/interactions';
import { SeededRandom } from '../seeded-random';
import { SnowflakeFactory } from './model/snowflake';
import type { DiscordGuildFixture, RankRoleName } from './model/types';
import { registerInteractionRoutes } from './rest/interaction-routes';
import { DiscordOAuthProvider, type DiscordOAuthApplication, type DiscordOAuthCall } from './oauth/oauth-provider';
import { CallLog, type DiscordRestCall } from './rest/call-log';
import { RouteRateLimiter, type DiscordRouteLimit } from './rest/rate-limiter';
import { RestApi, type HeldAnswers } from './rest/rest-api';
import type { DiscordRouteKey } from './rest/route-keys';
import { RestRouter } from './rest/router';
import { registerDiscordRoutes } from './rest/routes';

export interface DiscordStandInOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The bot token the stand-in accepts. */
  token?: string;
  /** The guild; default: a generated 50-member guild (seed 1). */
  guild?: DiscordGuildFixture;
  /** HELLO's heartbeat interval. Discord uses 41250 ms; tests want something short. */
  heartbeatIntervalMs?: number;
  /** Intents an IDENTIFY must include. Default Guilds | GuildMembers, as the Discord bot uses. */
  requiredIntents?: number;
  /** Members sent in GUILD_CREATE when the guild is large (the bot first). Default 5. */
  largeGuildMemberCap?: number;
  /** Per-route rate limits; none by default (see REALISTIC_DISCORD_ROUTE_LIMITS). */
  routeLimits?: readonly DiscordRouteLimit[];
  /** Dispatches kept per session for RESUME. Default 10,000. */
  replayBufferSize?: number;
  /** How long a dropped session stays resumable. Default 5 minutes. */
  resumeWindowMs?: number;
  /** GET /gateway/bot's session_start_limit.total. Default 1000. */
  sessionStartLimit?: number;
  /** How long after INTERACTION_CREATE a callback is still taken. Default Discord's 3,000 ms. */
  interactionAcknowledgeWithinMs?: number;
  /** How long an interaction's token takes edits and follow-ups. Default Discord's 15 minutes. */
  interactionTokenLifetimeMs?: number;
  /**
   * The OAuth2 application that may sign members in (`/oauth2/authorize`, `/oauth2/token`,
   * `/users/@me`). Default: the guild's application id and DEFAULT_DISCORD_CLIENT_SECRET, any redirect URI.
   */
  oauth?: Partial<DiscordOAuthApplication>;
}

export const DEFAULT_DISCORD_TOKEN = 'patt-stand-in.bot-token.not-a-secret';
export const DEFAULT_DISCORD_CLIENT_SECRET = 'patt-stand-in.client-secret.not-a-secret';

/** Changes a test makes to a member: a new role list, or roles to add/remove, and/or a nick. */
export interface DiscordMemberChange extends DiscordMemberPatch {
  addRoles?: string[];
  removeRoles?: string[];
}

/**
 * A local Discord for the real discord.js client: REST v10 under `apiUrl` and the v10 gateway at
 * `gatewayUrl`, both on one port, modelling one guild. Tests read what the bot did (calls, role
 * changes, messages, DMs) and change the guild under it (members join, change, leave; DMs close;
 * routes get rate limited; the gateway connection drops).
 */
export class DiscordStandIn {
  readonly token: string;
  readonly guildId: string;
  readonly auditChannelId: string;
  readonly botUserId: string;
  readonly applicationId: string;
  /** The guild model; read it directly for anything the helpers below do not cover. */
  readonly state: DiscordGuildState;
  /** The OAuth2 provider side: signing members in with Discord (its calls, strangers to add). */
  readonly oauth: DiscordOAuthProvider;

  private readonly log = new CallLog();
  private readonly limiter: RouteRateLimiter;
  private readonly rest: RestApi;
  private readonly gateway: GatewayServer;
  private readonly server: Server;
  private readonly fixture: DiscordGuildFixture;
  private readonly host: string;
  private readonly sessionStartTotal: number;
  private readonly commands: ApplicationCommands;
  private readonly interactionLog: Interactions;
  private listeningPort = 0;

  private constructor(options: DiscordStandInOptions) {
    this.fixture = options.guild ?? generateDiscordGuild({ seed: 1, memberCount: 50 });
    this.token = options.token ?? DEFAULT_DISCORD_TOKEN;
    this.host = options.host ?? '127.0.0.1';
    this.sessionStartTotal = options.sessionStartLimit ?? 1000;
    this.state = new DiscordGuildState(this.fixture);
    this.guildId = this.state.guildId;
    this.auditChannelId = this.state.auditChannelId;
    this.botUserId = this.state.botUser.id;
    this.applicationId = this.state.applicationId;
    this.limiter = new RouteRateLimiter(options.routeLimits ?? []);
    this.oauth = new DiscordOAuthProvider(this.state, {
      clientId: options.oauth?.clientId ?? this.applicationId,
      clientSecret: options.oauth?.clientSecret ?? DEFAULT_DISCORD_CLIENT_SECRET,
      ...(options.oauth?.redirectUris ? { redirectUris: options.oauth.redirectUris } : {}),
    });

    const ids = new SnowflakeFactory(SeededRandom.spread(977));
    this.commands = new ApplicationCommands(this.applicationId, ids);
    this.interactionLog = new Interactions({
      state: this.state,
      commands: this.commands,
      ids,
      dispatch: (payload) => this.gateway.dispatchInteraction(payload),
      acknowledgeWithinMs: options.interactionAcknowledgeWithinMs ?? DISCORD_INTERACTION_LIMITS.acknowledgeWithinMs,
      tokenLifetimeMs: options.interactionTokenLifetimeMs ?? DISCORD_INTERACTION_LIMITS.tokenLifetimeMs,
    });
    const router = registerDiscordRoutes(new RestRouter(), { state: this.state, gatewayBotInfo: () => this.gatewayBotInfo() });
    registerInteractionRoutes(router, { state: this.state, commands: this.commands, interactions: this.interactionLog });
    this.rest = new RestApi({ token: this.token, basePath: '/api', router, limiter: this.limiter, log: this.log });
    this.gateway = new GatewayServer({
      token: this.token,
      state: this.state,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      requiredIntents: options.requiredIntents ?? GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers,
      largeGuildMemberCap: options.largeGuildMemberCap ?? 5,
      replayBufferSize: options.replayBufferSize ?? 10_000,
      resumeWindowMs: options.resumeWindowMs ?? 5 * 60_000,
      resumeGatewayUrl: () => this.gatewayUrl,
    });
    this.server = createServer((request, response) => void this.onRequest(request, response));
    this.server.on('upgrade', (request: IncomingMessage, socket, head: Buffer) => this.gateway.handleUpgrade(request, socket, head));
  }

  static async start(options: DiscordStandInOptions = {}): Promise<DiscordStandIn> {
    const standIn = new DiscordStandIn(options);
    await new Promise<void>((resolve, reject) => {
      standIn.server.once('error', reject);
      standIn.server.listen(options.port ?? 0, standIn.host, () => {
        standIn.server.off('error', reject);
        resolve();
      });
    });
    standIn.listeningPort = (standIn.server.address() as AddressInfo).port;
    return standIn;
  }

  // ---- where it is ------------------------------------------------------------------------

  get port(): number {
    return this.listeningPort;
  }

  /** For discord.js: `new Client({ rest: { api: standIn.apiUrl } })` (discord.js adds /v10). */
  get apiUrl(): string {
    return `http://${this.host}:${this.listeningPort}/api`;
  }

  get gatewayUrl(): string {
    return `ws://${this.host}:${this.listeningPort}`;
  }

  /** The authorize page, as https://discord.com/oauth2/authorize: DISCORD_OAUTH_URL. */
  get oauthUrl(): string {
    return `http://${this.host}:${this.listeningPort}/oauth2/authorize`;
  }

  /** The OAuth2 client the stand-in accepts: DISCORD_CLIENT_ID and DISCORD_CLIENT_SECRET. */
  get oauthClient(): { clientId: string; clientSecret: string } {
    return { clientId: this.oauth.application.clientId, clientSecret: this.oauth.application.clientSecret };
  }

  /** Calls to the OAuth2 endpoints so far (the authorize page's decisions, exchanges, /users/@me). */
  get oauthCalls(): readonly DiscordOAuthCall[] {
    return this.oauth.calls;
  }

  /**
   * What a member's click on the authorize page does, without a browser: the page's form posted
   * for `userId` (or Cancel), through the stand-in's own endpoint. The address Discord sends the
   * browser back to (the redirect URI with `code` and `state`, or `error`).
   */
  async authorize(authorizeUrl: string, decision: { userId: string } | 'cancel'): Promise<string> {
    const form = new URLSearchParams(new URL(authorizeUrl).searchParams);
    if (decision === 'cancel') form.set('decision', 'cancel');
    else form.set('user_id', decision.userId);
    const response = await fetch(`http://${this.host}:${this.listeningPort}/oauth2/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) throw new Error(`the stand-in's authorize page answered ${response.status}: ${await response.text()}`);
    return location;
  }

  /** The guild as it was at start (plain data, e.g. to find generated members by name). */
  get initialGuild(): DiscordGuildFixture {
    return structuredClone(this.fixture);
  }

  get rankRoleIds(): Record<RankRoleName, string> {
    return { ...this.fixture.rankRoleIds };
  }

  /** A role's id by name; throws for an unknown name. */
  roleId(name: string): string {
    const role = this.state.roleByName(name);
    if (!role) throw new Error(`the stand-in guild has no role named '${name}'`);
    return role.id;
  }

  roles(): APIRole[] {
    return this.state.listRoles();
  }

  // ---- what the bot did -------------------------------------------------------------------

  /** Every REST call so far, oldest first. */
  get calls(): readonly DiscordRestCall[] {
    return this.log.all;
  }

  callsTo(route: DiscordRouteKey): DiscordRestCall[] {
    return this.log.all.filter((call) => call.route === route);
  }

  /** Resolves with the first call (made or to come) that matches. */
  waitForCall(match: (call: DiscordRestCall) => boolean, timeoutMs = 15_000): Promise<DiscordRestCall> {
    return this.log.waitFor(match, timeoutMs);
  }

  /** How many requests were answered 429. */
  get rateLimitHits(): number {
    return this.rest.rateLimited;
  }

  /** Messages the bot posted in a channel (a guild channel or a DM channel), with embeds. */
  messages(channelId: string): APIMessage[] {
    return this.state.messages(channelId);
  }

  auditMessages(): APIMessage[] {
    return this.state.messages(this.auditChannelId);
  }

  /** DMs the bot delivered to a user (refused ones are only in `calls`). */
  dms(userId: string): APIMessage[] {
    const channelId = this.state.dmChannelIdOf(userId);
    return channelId ? this.state.messages(channelId) : [];
  }

  roleChanges(userId?: string): DiscordRoleChange[] {
    return this.state.roleChanges(userId);
  }

  member(userId: string): APIGuildMember | undefined {
    return this.state.getMember(userId);
  }

  /** All members, ordered by user id. */
  members(): APIGuildMember[] {
    return this.state.listMembers();
  }

  // ---- application commands and interactions ------------------------------------------------

  /** The guild's application commands as the bot last registered them (with Discord's ids). */
  guildCommands(): APIApplicationCommand[] {
    return this.commands.list(this.guildId);
  }

  globalCommands(): APIApplicationCommand[] {
    return this.commands.list(null);
  }

  /**
   * A member runs a registered slash command: INTERACTION_CREATE goes out on the gateway, typed by
   * the command's definition (a test error if the command, subcommand or an option does not fit it).
   * The handle shows what the bot answered.
   */
  invokeCommand(options: InvokeCommandOptions): DiscordInteraction {
    return new DiscordInteraction(this.interactionLog.invokeCommand(options), this.interactionLog);
  }

  /** A member clicks a button (or picks from a select menu) on a message the bot answered with. */
  clickComponent(options: ClickComponentOptions): DiscordInteraction {
    return new DiscordInteraction(this.interactionLog.clickComponent(options), this.interactionLog);
  }

  /** Every interaction sent so far, oldest first. */
  get interactions(): DiscordInteraction[] {
    return this.interactionLog.all().map((record) => new DiscordInteraction(record, this.interactionLog));
  }

  /** Everything that happened to interactions (dispatches, callbacks, edits, refusals), in order. */
  get interactionEvents(): readonly InteractionEvent[] {
    return this.interactionLog.events.all;
  }

  // ---- changing the guild under the bot (each change is dispatched on the gateway) ----------

  addMember(member: NewDiscordMember): APIGuildMember {
    return this.state.addMember(member);
  }

  updateMember(userId: string, change: DiscordMemberChange): APIGuildMember {
    const current = this.state.getMember(userId);
    if (!current) throw new Error(`user ${userId} is not a member`);
    let roles = change.roles ?? current.roles;
    if (change.addRoles) roles = [...roles, ...change.addRoles.filter((id) => !roles.includes(id))];
    if (change.removeRoles) roles = roles.filter((id) => !change.removeRoles?.includes(id));
    const patch: DiscordMemberPatch = { roles };
    if (change.nick !== undefined) patch.nick = change.nick;
    return this.state.updateMember(userId, patch, 'test');
  }

  removeMember(userId: string): void {
    this.state.removeMember(userId);
  }

  /** A role made, renamed or moved, deleted in the server settings (GUILD_ROLE_CREATE / _UPDATE / _DELETE). */
  createRole(role: NewDiscordRole): APIRole {
    return this.state.createRole(role);
  }

  updateRole(roleId: string, patch: DiscordRolePatch): APIRole {
    return this.state.updateRole(roleId, patch);
  }

  deleteRole(roleId: string): void {
    this.state.deleteRole(roleId);
  }

  setDmsClosed(userId: string, closed = true): void {
    this.state.setDmsClosed(userId, closed);
  }

  /**
   * Applies calls to `route` but holds their answers until `release()`: what a bot sees when it
   * dies between Discord accepting a call and hearing back.
   */
  holdAnswers(route: DiscordRouteKey): HeldAnswers {
    return this.rest.holdAnswers(route);
  }

  setRouteLimit(limit: DiscordRouteLimit): void {
    this.limiter.set(limit);
  }

  clearRouteLimits(): void {
    this.limiter.clear();
  }

  // ---- gateway hooks ----------------------------------------------------------------------

  /** Drops every gateway connection; dispatches produced meanwhile wait for the RESUME. */
  dropGatewayConnection(options: GatewayDropOptions = {}): number {
    return this.gateway.drop(options);
  }

  /** Sends op 7 RECONNECT to connected sessions. */
  requestGatewayReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** Forgets all sessions; a later RESUME gets INVALID_SESSION and the bot must IDENTIFY anew. */
  invalidateGatewaySessions(): void {
    this.gateway.invalidateSessions();
  }

  get gatewayEvents(): readonly DiscordGatewayEvent[] {
    return this.gateway.events.all;
  }

  waitForGatewayEvent(match: (event: DiscordGatewayEvent) => boolean, timeoutMs = 15_000): Promise<DiscordGatewayEvent> {
    return this.gateway.events.waitFor(match, timeoutMs);
  }

  /** IDENTIFYs so far (a RESUME is not one). */
  get identifies(): number {
    return this.gateway.identifies;
  }

  /** Gateway connections open now that have identified or resumed: the bot's live sessions. */
  get liveGatewaySessions(): number {
    return this.gateway.liveSessions;
  }

  get heartbeats(): number {
    return this.gateway.heartbeats;
  }

  async close(): Promise<void> {
    await this.gateway.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- internals --------------------------------------------------------------------------

  private gatewayBotInfo(): APIGatewayBotInfo {
    return {
      url: this.gatewayUrl,
      shards: 1,
      session_start_limit: {
        total: this.sessionStartTotal,
        remaining: Math.max(0, this.sessionStartTotal - this.gateway.identifies),
        reset_after: 14_400_000,
        max_concurrency: 1,
      },
    };
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (await this.oauth.handle(request, response)) return;
    if (await this.rest.handle(request, response)) return;
    const url = new URL(request.url ?? '/', 'http://stand-in.invalid');
    if (request.method === 'GET' && (url.pathname === '/' || url.pathname === '/_stand-in')) {
      return sendJson(response, 200, this.summary());
    }
    sendJson(response, 404, { message: '404: Not Found', code: 0 });
  }

  /** What the demo shows at GET / : where things are and what the bot has done. */
  private summary(): Record<string, unknown> {
    return {
      standIn: 'Discord (REST v10 + gateway v10) for the PATT platform',
      apiUrl: this.apiUrl,
      gatewayUrl: this.gatewayUrl,
      guildId: this.guildId,
      guildName: this.fixture.name,
      auditChannelId: this.auditChannelId,
      botUserId: this.botUserId,
      members: this.state.memberCount,
      rankRoleIds: this.fixture.rankRoleIds,
      restCalls: this.log.all.length,
      rateLimitHits: this.rest.rateLimited,
      auditMessages: this.auditMessages().length,
      liveGatewaySessions: this.gateway.liveSessions,
      guildCommands: this.commands.list(this.guildId).map((command) => command.name),
      interactions: this.interactionLog.all().length,
      oauthUrl: this.oauthUrl,
      oauthClientId: this.oauth.application.clientId,
      oauthCalls: this.oauth.calls.length,
    };
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body, null, 2);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) });
  response.end(payload);
}
