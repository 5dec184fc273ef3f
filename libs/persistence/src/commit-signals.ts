import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Announces work written in `manager`'s transaction on `channel` (a Postgres NOTIFY). Postgres
 * delivers it only at commit: a worker never looks for work that is not there yet, and work whose
 * transaction rolled back wakes nobody.
 */
export async function signalOnCommit(manager: EntityManager, channel: string): Promise<void> {
  await manager.query('SELECT pg_notify($1, $2)', [checkedChannel(channel), '']);
}

function checkedChannel(channel: string): string {
  if (!CHANNEL.test(channel)) throw new Error(`"${channel}" is not a signal channel (lower-case letters, digits and _)`);
  return channel;
}

/**
 * Wakes a service's workers when work they own is committed (signalOnCommit). One listening
 * connection per service, opened only when some worker listens. Workers poll as well, so a
 * notification lost with that connection costs one poll interval; when the connection comes
 * back, every worker is woken once for what was committed meanwhile.
 */
@Injectable()
export class CommitSignals implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CommitSignals.name);
  private readonly handlers = new Map<string, Array<() => void>>();
  private listener: Client | null = null;
  private readonly listening = new Set<string>();
  private connecting = false;
  private started = false;
  private closing = false;

  constructor(private readonly dataSource: DataSource) {}

  /** Calls `handler` after each commit that signalled `channel`. */
  on(channel: string, handler: () => void): void {
    this.handlers.set(checkedChannel(channel), [...(this.handlers.get(channel) ?? []), handler]);
    if (this.listener) void this.listenTo(this.listener).catch(() => undefined);
    else if (this.started) void this.listen();
  }

  /** signalOnCommit, for those that have the signals at hand. */
  notify(manager: EntityManager, channel: string): Promise<void> {
    return signalOnCommit(manager, channel);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  private wakeAll(): void {
    this.handlers.forEach((handlers) => handlers.forEach((handler) => handler()));
  }

  private async listen(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url || this.closing || this.connecting || this.listener || this.handlers.size === 0) return;
    this.connecting = true;
    const client = new Client({ connectionString: url, application_name: `${this.schema()}-signals` });
    client.on('notification', (message) => this.handlers.get(message.channel)?.forEach((handler) => handler()));
    client.on('error', (error) => {
      if (this.closing) return;
      this.logger.warn({ err: error }, 'lost the commit-signal connection; workers poll until it is back');
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => undefined);
      setTimeout(() => void this.listen(), 2000).unref();
    });
    try {
      await client.connect();
      this.listening.clear();
      await this.listenTo(client);
      if (this.closing) {
        await client.end().catch(() => undefined);
        return;
      }
      this.listener = client;
      await this.listenTo(client); // a worker that began listening meanwhile
      // Work committed while nobody listened: let every worker look once.
      this.wakeAll();
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot LISTEN for commit signals; workers poll only');
      await client.end().catch(() => undefined);
      if (!this.closing) setTimeout(() => void this.listen(), 5000).unref();
    } finally {
      this.connecting = false;
    }
  }

  /** LISTENs on every channel some worker waits on and the connection does not listen to yet. */
  private async listenTo(client: Client): Promise<void> {
    for (const channel of [...this.handlers.keys()].filter((known) => !this.listening.has(known))) {
      this.listening.add(channel);
      await client.query(`LISTEN ${channel}`);
    }
  }

  private schema(): string {
    return (this.dataSource.options as { schema?: string }).schema ?? 'service';
  }
}
