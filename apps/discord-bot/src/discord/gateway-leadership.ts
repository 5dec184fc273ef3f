import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DiscordBotConfig } from '../app/discord-bot.config';

/** The session advisory lock whose holder opens the Discord gateway session. */
export const GATEWAY_LOCK = 'discord-bot:gateway-session';

/** How often a standby asks for the lock: a dead holder's successor takes over within this and a login. */
const CAMPAIGN_POLL_MS = 2_000;
/** How often the holder proves its connection (and so its lock) is alive and its term is still the latest. */
const HEARTBEAT_MS = 3_000;
/**
 * The server ends the dedicated session when it has been idle this long: a holder that is paused
 * (or cut off) stops heartbeating, its session ends, the lock frees and a standby takes over; the
 * old holder, when it wakes, finds its connection gone and a newer term.
 */
const IDLE_SESSION_TIMEOUT_MS = 15_000;
/** A query on the dedicated connection that takes longer than this counts as a lost connection. */
const QUERY_TIMEOUT_MS = 5_000;

export type GatewayRole = 'off' | 'standby' | 'leader';

export interface LeadershipHandlers {
  /** This replica holds the lock now (term `epoch`): open the gateway session. */
  acquired(epoch: number): Promise<void> | void;
  /** It does not any more: close the session at once. */
  lost(reason: string): Promise<void> | void;
}

/**
 * Which replica of the bot holds the Discord gateway session. Each replica keeps one dedicated
 * Postgres connection and asks for the session-level advisory lock on it (pg_try_advisory_lock,
 * every 2 s while it stands by). The one that gets it raises the term in `gateway_leadership` and
 * leads for as long as that connection lives: when its process dies the connection closes, the
 * lock frees, and a standby takes it on its next try. Before each change it makes in Discord the
 * holder asks, on the same connection, that its term is still the latest (fencing): a connection
 * that is gone or a newer term means another replica leads, and this one stands down.
 */
@Injectable()
export class GatewayLeadership {
  private readonly logger = new Logger(GatewayLeadership.name);
  private readonly holderName = `${hostname()}:${process.pid}`;
  private connection: Client | null = null;
  private handlers: LeadershipHandlers | null = null;
  private currentRole: GatewayRole = 'off';
  private currentEpoch: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(private readonly config: DiscordBotConfig) {}

  get role(): GatewayRole {
    return this.currentRole;
  }

  /** The term this replica holds, when it leads. */
  get epoch(): number | null {
    return this.currentRole === 'leader' ? this.currentEpoch : null;
  }

  /** Stands for the lock until stopped. */
  start(handlers: LeadershipHandlers): void {
    this.handlers = handlers;
    this.currentRole = 'standby';
    void this.campaign();
  }

  async stop(): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    const connection = this.connection;
    this.connection = null;
    if (this.currentRole === 'leader') await this.standDown('the service is stopping');
    this.currentRole = 'off';
    // Closing the connection frees the lock for a standby at once.
    await connection?.end().catch(() => undefined);
  }

  /**
   * Throws NotGatewayHolder unless this replica still holds the lock and its term is the latest.
   * Called before each change in Discord (role calls, DMs, posts).
   */
  async assertHolder(): Promise<void> {
    const epoch = this.currentEpoch;
    const connection = this.connection;
    if (this.currentRole !== 'leader' || epoch === null || !connection) throw new NotGatewayHolder(`this replica is ${this.currentRole}`);
    let latest: number;
    try {
      latest = await this.readEpoch(connection);
    } catch (error) {
      await this.lose(connection, `the leadership connection failed: ${error instanceof Error ? error.message : String(error)}`);
      throw new NotGatewayHolder('the leadership connection is gone');
    }
    if (latest !== epoch) {
      await this.lose(connection, `a newer term ${latest} than this replica's ${epoch}`);
      throw new NotGatewayHolder(`term ${epoch} is over (now ${latest})`);
    }
  }

  private async campaign(): Promise<void> {
    if (this.closing) return;
    try {
      const connection = this.connection ?? (await this.connect());
      const { rows } = await connection.query<{ got: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS got', [GATEWAY_LOCK]);
      if (rows[0]?.got) {
        const raised = await connection.query<{ epoch: string }>(
          'UPDATE gateway_leadership SET epoch = epoch + 1, holder = $1, acquired_at = now() WHERE id = 1 RETURNING epoch',
          [this.holderName],
        );
        const epoch = Number(raised.rows[0]?.epoch);
        if (this.closing) return;
        this.currentEpoch = epoch;
        this.currentRole = 'leader';
        this.logger.log({ epoch, holder: this.holderName }, 'holding the Discord gateway session');
        await this.handlers?.acquired(epoch);
        this.schedule(() => this.heartbeat(connection, epoch), HEARTBEAT_MS);
        return;
      }
    } catch (error) {
      if (this.closing) return;
      this.logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'could not stand for the gateway session; will try again');
      await this.dropConnection();
    }
    this.schedule(() => this.campaign(), CAMPAIGN_POLL_MS);
  }

  private async heartbeat(connection: Client, epoch: number): Promise<void> {
    if (this.closing || this.connection !== connection || this.currentRole !== 'leader') return;
    try {
      const latest = await this.readEpoch(connection);
      if (latest !== epoch) throw new Error(`a newer term ${latest} than this replica's ${epoch}`);
    } catch (error) {
      await this.lose(connection, error instanceof Error ? error.message : String(error));
      return;
    }
    this.schedule(() => this.heartbeat(connection, epoch), HEARTBEAT_MS);
  }

  private async readEpoch(connection: Client): Promise<number> {
    const { rows } = await connection.query<{ epoch: string }>('SELECT epoch FROM gateway_leadership WHERE id = 1');
    return Number(rows[0]?.epoch);
  }

  /** Leadership is gone (or doubtful): stand down, drop the connection, stand again. */
  private async lose(connection: Client, reason: string): Promise<void> {
    if (this.connection !== connection || this.currentRole !== 'leader') return;
    this.currentRole = 'standby';
    this.currentEpoch = null;
    await this.standDown(reason);
    await this.dropConnection();
    if (!this.closing) this.schedule(() => this.campaign(), CAMPAIGN_POLL_MS);
  }

  private async standDown(reason: string): Promise<void> {
    if (this.closing) this.logger.log({ reason }, 'releasing the Discord gateway session');
    else this.logger.warn({ reason }, 'lost the Discord gateway session; standing by');
    try {
      await this.handlers?.lost(reason);
    } catch (error) {
      this.logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'closing the Discord session failed');
    }
  }

  private async connect(): Promise<Client> {
    const connection = new Client({
      connectionString: this.config.DATABASE_URL,
      application_name: 'discord-bot-gateway-leadership',
      keepAlive: true,
      query_timeout: QUERY_TIMEOUT_MS,
      connectionTimeoutMillis: QUERY_TIMEOUT_MS,
    });
    connection.on('error', (error) => void this.lose(connection, `the leadership connection failed: ${error.message}`));
    connection.on('end', () => void this.lose(connection, 'the leadership connection closed'));
    await connection.connect();
    try {
      await connection.query(`SET idle_session_timeout = ${IDLE_SESSION_TIMEOUT_MS}`);
    } catch (error) {
      await connection.end().catch(() => undefined);
      throw error;
    }
    this.connection = connection;
    return connection;
  }

  private async dropConnection(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    await connection?.end().catch(() => undefined);
  }

  private schedule(work: () => Promise<void>, ms: number): void {
    if (this.closing) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void work(), ms);
    this.timer.unref();
  }
}

/** A change in Discord asked of a replica that does not hold the gateway session (or no longer does). */
export class NotGatewayHolder extends Error {
  override name = 'NotGatewayHolder';
}
