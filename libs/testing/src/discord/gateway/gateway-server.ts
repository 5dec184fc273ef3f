import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  ApplicationFlags,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  type APIGuildMember,
  type APIInteraction,
  type GatewayGuildCreateDispatchData,
  type GatewayGuildMembersChunkDispatchData,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { GuildDispatch, DiscordGuildState } from '../model/guild-state';
import { WaitableLog } from '../util/waitable-log';
import { DecodeError, parseClientFrame, type IdentifyFrame, type RequestMembersFrame, type ResumeFrame } from './frames';

/** The dispatches this gateway sends, each with its sequence number. */
export type Dispatch =
  | GuildDispatch
  | { t: GatewayDispatchEvents.Ready; d: GatewayReadyDispatchData }
  | { t: GatewayDispatchEvents.GuildCreate; d: GatewayGuildCreateDispatchData }
  | { t: GatewayDispatchEvents.GuildMembersChunk; d: GatewayGuildMembersChunkDispatchData }
  | { t: GatewayDispatchEvents.Resumed; d: { _trace: string[] } }
  | { t: GatewayDispatchEvents.InteractionCreate; d: APIInteraction };

export type DispatchFrame = Dispatch & { op: GatewayOpcodes.Dispatch; s: number };

type ServerFrame =
  | DispatchFrame
  | { op: GatewayOpcodes.Hello; d: { heartbeat_interval: number; _trace: string[] } }
  | { op: GatewayOpcodes.HeartbeatAck | GatewayOpcodes.Heartbeat | GatewayOpcodes.Reconnect; d: null }
  | { op: GatewayOpcodes.InvalidSession; d: boolean };

export type DiscordGatewayEventKind =
  | 'connected'
  | 'identified'
  | 'resumed'
  | 'invalid-session'
  | 'reconnect-requested'
  | 'dropped'
  | 'disconnected'
  | 'rejected'
  | 'members-requested';

/** What happened on the gateway, for tests to assert on (heartbeats are only counted). */
export interface DiscordGatewayEvent {
  at: number;
  kind: DiscordGatewayEventKind;
  sessionId?: string;
  /** Close code, for 'rejected', 'dropped' and 'disconnected'. */
  code?: number;
  /** Dispatches replayed, for 'resumed'. */
  replayed?: number;
  detail?: string;
}

export interface GatewayServerOptions {
  token: string;
  state: DiscordGuildState;
  heartbeatIntervalMs: number;
  /** Intents every IDENTIFY must include, else the connection closes with 4013. */
  requiredIntents: number;
  /** Members in GUILD_CREATE for a large guild (the bot itself first). */
  largeGuildMemberCap: number;
  /** Dispatches kept per session for RESUME. */
  replayBufferSize: number;
  /** How long a disconnected session stays resumable. */
  resumeWindowMs: number;
  /** Where the bot reconnects to resume (READY's resume_gateway_url). */
  resumeGatewayUrl: () => string;
}

export interface GatewayDropOptions {
  /** 'close' sends a close frame with `code`; 'terminate' cuts the TCP connection. Default 'close'. */
  mode?: 'close' | 'terminate';
  /** Default 4000 (unknown error), which Discord's clients answer by resuming. */
  code?: number;
  /** False also forgets the sessions, so a RESUME gets INVALID_SESSION. Default true. */
  resumable?: boolean;
}

interface Session {
  id: string;
  intents: number;
  largeThreshold: number;
  seq: number;
  buffer: DispatchFrame[];
  connection: Connection | null;
  disconnectedAt: number | null;
}

interface Connection {
  socket: WebSocket;
  session: Session | null;
}

const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((bit): bit is number => typeof bit === 'number')
  .reduce((all, bit) => all | bit, 0);
const TRACE = ['patt-discord-stand-in'];
/** Discord drops sessions when the client closes normally; other closes stay resumable. */
const SESSION_ENDING_CLOSE_CODES = new Set([1000, 1001]);

/** Discord's gateway (v10, JSON, no compression) for one guild, with resume and test hooks. */
export class GatewayServer {
  readonly events = new WaitableLog<DiscordGatewayEvent>('gateway event');
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();
  private identifyCount = 0;
  private heartbeatCount = 0;

  constructor(private readonly options: GatewayServerOptions) {
    options.state.onDispatch((dispatch) => this.broadcast(dispatch));
  }

  get identifies(): number {
    return this.identifyCount;
  }

  get heartbeats(): number {
    return this.heartbeatCount;
  }

  /** Open, identified or resumed connections. */
  get liveSessions(): number {
    return [...this.sessions.values()].filter((session) => session.connection !== null).length;
  }

  /** Takes an HTTP upgrade request for the gateway. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://stand-in.invalid');
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, url.searchParams));
  }

  /** Closes (or cuts) every connection while dispatches keep being produced. */
  drop(options: GatewayDropOptions = {}): number {
    const code = options.code ?? GatewayCloseCodes.UnknownError;
    let dropped = 0;
    for (const connection of [...this.connections]) {
      const session = connection.session;
      if (session) this.detach(session);
      if (session && options.resumable === false) this.sessions.delete(session.id);
      connection.session = null;
      this.events.add({ at: Date.now(), kind: 'dropped', sessionId: session?.id, code: options.mode === 'terminate' ? 1006 : code });
      if (options.mode === 'terminate') connection.socket.terminate();
      else connection.socket.close(code, 'The stand-in dropped the connection');
      dropped += 1;
    }
    return dropped;
  }

  /** Sends op 7 RECONNECT: the bot should reconnect and resume. */
  requestReconnect(): void {
    for (const connection of this.connections) {
      if (!connection.session) continue;
      this.events.add({ at: Date.now(), kind: 'reconnect-requested', sessionId: connection.session.id });
      this.send(connection, { op: GatewayOpcodes.Reconnect, d: null });
    }
  }

  /** Forgets every session; live connections get INVALID_SESSION (not resumable). */
  invalidateSessions(): void {
    for (const connection of this.connections) {
      if (!connection.session) continue;
      this.events.add({ at: Date.now(), kind: 'invalid-session', sessionId: connection.session.id, detail: 'invalidated by the test' });
      connection.session = null;
      this.send(connection, { op: GatewayOpcodes.InvalidSession, d: false });
    }
    this.sessions.clear();
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.terminate();
    this.connections.clear();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  // ---- connection lifecycle ---------------------------------------------------------------

  private accept(socket: WebSocket, query: URLSearchParams): void {
    const connection: Connection = { socket, session: null };
    this.connections.add(connection);
    socket.on('message', (data: RawData, isBinary: boolean) => this.onMessage(connection, data, isBinary));
    socket.on('close', (code: number) => this.onClose(connection, code));
    socket.on('error', () => socket.terminate());
    this.events.add({ at: Date.now(), kind: 'connected' });

    const version = query.get('v');
    if (version !== null && version !== '10') return this.reject(connection, GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
    const encoding = query.get('encoding');
    if (encoding !== null && encoding !== 'json')
      return this.reject(connection, GatewayCloseCodes.DecodeError, 'The stand-in speaks JSON only');
    this.send(connection, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs, _trace: TRACE } });
  }

  private onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) return this.reject(connection, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    let frame;
    try {
      frame = parseClientFrame(rawText(data));
    } catch (error) {
      if (error instanceof DecodeError) return this.reject(connection, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      throw error;
    }
    switch (frame.op) {
      case GatewayOpcodes.Heartbeat:
        this.heartbeatCount += 1;
        return this.send(connection, { op: GatewayOpcodes.HeartbeatAck, d: null });
      case GatewayOpcodes.Identify:
        return this.identify(connection, frame.identify);
      case GatewayOpcodes.Resume:
        return this.resume(connection, frame.resume);
      case GatewayOpcodes.RequestGuildMembers:
        if (!connection.session) return this.reject(connection, GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        return this.sendMemberChunks(connection.session, frame.request);
      case 'unknown':
        return this.reject(connection, GatewayCloseCodes.UnknownOpcode, `Unknown opcode ${frame.code}.`);
      default:
        // Presence, voice state and soundboard requests: accepted, not modelled.
        if (!connection.session) return this.reject(connection, GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        return;
    }
  }

  private onClose(connection: Connection, code: number): void {
    this.connections.delete(connection);
    const session = connection.session;
    connection.session = null;
    if (session && session.connection === connection) {
      this.detach(session);
      if (SESSION_ENDING_CLOSE_CODES.has(code)) this.sessions.delete(session.id);
    }
    this.events.add({ at: Date.now(), kind: 'disconnected', sessionId: session?.id, code });
  }

  private identify(connection: Connection, identify: IdentifyFrame): void {
    if (connection.session) return this.reject(connection, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    if (!this.tokenMatches(identify.token))
      return this.reject(connection, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const [shardId, shardCount] = identify.shard ?? [0, 1];
    if (shardCount < 1 || shardId < 0 || shardId >= shardCount)
      return this.reject(connection, GatewayCloseCodes.InvalidShard, 'Invalid shard.');
    if ((identify.intents & ~KNOWN_INTENTS) !== 0) return this.reject(connection, GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
    const { requiredIntents } = this.options;
    if ((identify.intents & requiredIntents) !== requiredIntents) {
      return this.reject(
        connection,
        GatewayCloseCodes.InvalidIntents,
        `Invalid intent(s): the PATT bot must ask for intents ${requiredIntents}.`,
      );
    }

    const session: Session = {
      id: randomBytes(16).toString('hex'),
      intents: identify.intents,
      largeThreshold: Math.min(250, Math.max(50, identify.largeThreshold ?? 50)),
      seq: 0,
      buffer: [],
      connection,
      disconnectedAt: null,
    };
    this.identifyCount += 1;
    this.sessions.set(session.id, session);
    connection.session = session;
    this.events.add({ at: Date.now(), kind: 'identified', sessionId: session.id });

    const { state } = this.options;
    const ownsGuild = Number((BigInt(state.guildId) >> 22n) % BigInt(shardCount)) === shardId;
    this.dispatch(session, {
      t: GatewayDispatchEvents.Ready,
      d: {
        v: 10,
        user: state.botUser,
        guilds: ownsGuild ? [{ id: state.guildId, unavailable: true }] : [],
        session_id: session.id,
        resume_gateway_url: this.options.resumeGatewayUrl(),
        shard: [shardId, shardCount],
        application: {
          id: state.applicationId,
          flags: ApplicationFlags.GatewayGuildMembersLimited,
          flags_new: String(ApplicationFlags.GatewayGuildMembersLimited),
        },
      },
    });
    if (ownsGuild) {
      this.dispatch(session, {
        t: GatewayDispatchEvents.GuildCreate,
        d: state.guildCreatePayload(session.largeThreshold, this.options.largeGuildMemberCap),
      });
    }
  }

  private resume(connection: Connection, resume: ResumeFrame): void {
    if (connection.session) return this.reject(connection, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    if (!this.tokenMatches(resume.token)) return this.reject(connection, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    this.pruneSessions();
    const session = this.sessions.get(resume.sessionId);
    const from = resume.seq ?? 0;
    const oldest = session?.buffer[0]?.s ?? (session ? session.seq + 1 : 0);
    if (!session || from < oldest - 1) {
      this.events.add({
        at: Date.now(),
        kind: 'invalid-session',
        sessionId: resume.sessionId,
        detail: session ? 'too far behind' : 'unknown session',
      });
      return this.send(connection, { op: GatewayOpcodes.InvalidSession, d: false });
    }
    if (from > session.seq) return this.reject(connection, GatewayCloseCodes.InvalidSeq, 'Invalid seq.');

    const previous = session.connection;
    if (previous) {
      previous.session = null;
      previous.socket.close(GatewayCloseCodes.UnknownError, 'Session resumed elsewhere');
    }
    session.connection = connection;
    session.disconnectedAt = null;
    connection.session = session;
    const missed = session.buffer.filter((frame) => frame.s > from);
    for (const frame of missed) this.send(connection, frame);
    this.events.add({ at: Date.now(), kind: 'resumed', sessionId: session.id, replayed: missed.length });
    // RESUMED ends the replay. It is not kept for later replays: a client must never see it twice.
    session.seq += 1;
    this.send(connection, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, s: session.seq, d: { _trace: TRACE } });
  }

  private sendMemberChunks(session: Session, request: RequestMembersFrame): void {
    const { state } = this.options;
    this.events.add({ at: Date.now(), kind: 'members-requested', sessionId: session.id, detail: JSON.stringify(request) });
    for (const guildId of request.guildIds) {
      if (guildId !== state.guildId) continue;
      let members: APIGuildMember[];
      const notFound: string[] = [];
      if (request.userIds) {
        members = [];
        for (const userId of request.userIds) {
          const member = state.getMember(userId);
          if (member) members.push(member);
          else notFound.push(userId);
        }
      } else {
        const limit = request.limit > 0 ? request.limit : Number.POSITIVE_INFINITY;
        members = request.query ? state.searchMembers(request.query, limit) : state.listMembers('0', limit);
      }
      const chunkCount = Math.max(1, Math.ceil(members.length / 1000));
      for (let index = 0; index < chunkCount; index += 1) {
        this.dispatch(session, {
          t: GatewayDispatchEvents.GuildMembersChunk,
          d: {
            guild_id: guildId,
            members: members.slice(index * 1000, (index + 1) * 1000),
            chunk_index: index,
            chunk_count: chunkCount,
            ...(index === 0 && notFound.length > 0 ? { not_found: notFound } : {}),
            ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
          },
        });
      }
    }
  }

  // ---- dispatching --------------------------------------------------------------------------

  /** INTERACTION_CREATE needs no intent: every session gets it. Returns the sessions connected now. */
  dispatchInteraction(interaction: APIInteraction): number {
    this.pruneSessions();
    let connected = 0;
    for (const session of this.sessions.values()) {
      if (session.connection) connected += 1;
      this.dispatch(session, { t: GatewayDispatchEvents.InteractionCreate, d: interaction });
    }
    return connected;
  }

  private broadcast(dispatch: GuildDispatch): void {
    this.pruneSessions();
    // Member events need the privileged GuildMembers intent; role events the Guilds intent.
    const isRoleEvent =
      dispatch.t === GatewayDispatchEvents.GuildRoleCreate ||
      dispatch.t === GatewayDispatchEvents.GuildRoleUpdate ||
      dispatch.t === GatewayDispatchEvents.GuildRoleDelete;
    const needed = isRoleEvent ? GatewayIntentBits.Guilds : GatewayIntentBits.GuildMembers;
    for (const session of this.sessions.values()) {
      if ((session.intents & needed) === 0) continue;
      this.dispatch(session, dispatch);
    }
  }

  /** Numbers a dispatch, keeps it for RESUME, and sends it if the session is connected. */
  private dispatch(session: Session, dispatch: Dispatch): void {
    session.seq += 1;
    const frame: DispatchFrame = { ...dispatch, op: GatewayOpcodes.Dispatch, s: session.seq };
    session.buffer.push(frame);
    if (session.buffer.length > this.options.replayBufferSize) session.buffer.shift();
    if (session.connection) this.send(session.connection, frame);
  }

  private send(connection: Connection, frame: ServerFrame): void {
    if (connection.socket.readyState !== WebSocket.OPEN) return;
    const envelope = frame.op === GatewayOpcodes.Dispatch ? frame : { t: null, s: null, ...frame };
    connection.socket.send(JSON.stringify(envelope));
  }

  private reject(connection: Connection, code: number, reason: string): void {
    this.events.add({ at: Date.now(), kind: 'rejected', sessionId: connection.session?.id, code, detail: reason });
    const session = connection.session;
    if (session) {
      this.detach(session);
      this.sessions.delete(session.id);
    }
    connection.session = null;
    connection.socket.close(code, reason);
  }

  private detach(session: Session): void {
    session.connection = null;
    session.disconnectedAt = Date.now();
  }

  private pruneSessions(): void {
    const oldest = Date.now() - this.options.resumeWindowMs;
    for (const [id, session] of this.sessions) {
      if (session.connection === null && session.disconnectedAt !== null && session.disconnectedAt < oldest) this.sessions.delete(id);
    }
  }

  private tokenMatches(token: string): boolean {
    return token === this.options.token || token === `Bot ${this.options.token}`;
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
