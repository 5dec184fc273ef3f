import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DiscordBotConfig } from '../app/discord-bot.config';
import { DiscordConnection } from '../discord/discord-connection';
import type { OutgoingMessage } from '../discord/discord-guild';
import { WorkSignal, WorkSignals } from '../work/work-signals';
import { AuditPostKind } from './audit-post.entity';
import { AuditPostsRepository } from './audit-posts.repository';

/**
 * The officers' audit channel (DISCORD_AUDIT_CHANNEL_ID). Messages are queued in the transaction
 * of the event that asks for them and posted by the audit post worker; without Discord or without
 * the channel they are dropped, with a log line saying so.
 */
@Injectable()
export class AuditChannel {
  private readonly logger = new Logger('AuditChannel');

  constructor(
    private readonly config: DiscordBotConfig,
    private readonly connection: DiscordConnection,
    private readonly posts: AuditPostsRepository,
    private readonly signals: WorkSignals,
  ) {}

  get available(): boolean {
    return this.connection.configured && Boolean(this.config.DISCORD_AUDIT_CHANNEL_ID);
  }

  async post(manager: EntityManager, kind: AuditPostKind, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.available) {
      this.logger.log({ kind, messages: messages.length }, 'no audit channel (Discord or DISCORD_AUDIT_CHANNEL_ID not set): not posted');
      return;
    }
    await this.posts.enqueue(manager, kind, messages);
    await this.signals.notify(manager, WorkSignal.AuditPosts);
  }
}
