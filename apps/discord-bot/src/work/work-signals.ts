import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/** The kinds of queued work a commit can announce; each is a Postgres NOTIFY channel. */
export const WorkSignal = {
  RoleSync: 'discord_role_sync',
  InviteDeliveries: 'discord_invite_deliveries',
  AuditPosts: 'discord_audit_posts',
} as const;
export type WorkSignal = (typeof WorkSignal)[keyof typeof WorkSignal];

/**
 * Wakes the bot's workers when work they own is committed. The writer NOTIFYs in its own
 * transaction, and Postgres delivers the notification only at commit: a worker never looks for
 * work that is not there yet, and work whose transaction rolled back wakes nobody. Workers poll
 * as well, so a notification lost with the listening connection costs one poll interval.
 */
@Injectable()
export class WorkSignals implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkSignals');
  private readonly handlers = new Map<string, Array<() => void>>();
  private listener: Client | null = null;
  private closing = false;

  constructor(private readonly dataSource: DataSource) {}

  on(signal: WorkSignal, handler: () => void): void {
    this.handlers.set(signal, [...(this.handlers.get(signal) ?? []), handler]);
  }

  /** Announces work written in `manager`'s transaction; delivered when it commits. */
  async notify(manager: EntityManager, signal: WorkSignal): Promise<void> {
    await manager.query('SELECT pg_notify($1, $2)', [signal, '']);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url || this.closing) return;
    const client = new Client({ connectionString: url, application_name: 'discord-bot-signals' });
    client.on('notification', (message) => this.handlers.get(message.channel)?.forEach((handler) => handler()));
    client.on('error', (error) => {
      if (this.closing) return;
      this.logger.warn({ err: error }, 'lost the work-signal connection; workers poll until it is back');
      this.listener = null;
      setTimeout(() => void this.listen(), 2000).unref();
    });
    try {
      await client.connect();
      for (const signal of Object.values(WorkSignal)) await client.query(`LISTEN ${signal}`);
      this.listener = client;
      // Work committed while nobody listened: let every worker look once.
      this.handlers.forEach((handlers) => handlers.forEach((handler) => handler()));
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot LISTEN for work signals; workers poll only');
      await client.end().catch(() => undefined);
      if (!this.closing) setTimeout(() => void this.listen(), 5000).unref();
    }
  }
}
