import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CommitSignals } from '@patt/persistence';
import { DiscordBotConfig } from '../app/discord-bot.config';
import { DiscordConnection } from '../discord/discord-connection';
import type { OutgoingMessage } from '../discord/discord-guild';
import { WorkSignal } from '../app/work-signals';
import { ChannelPostKind } from './channel-post.entity';
import { ChannelPostsRepository } from './channel-posts.repository';

/**
 * The server channels the bot posts in. Messages are queued in the transaction of the event that
 * asks for them and posted by the channel post worker, one at a time in the order they were queued.
 */
@Injectable()
export class ChannelPosts {
  constructor(
    private readonly config: DiscordBotConfig,
    private readonly connection: DiscordConnection,
    private readonly posts: ChannelPostsRepository,
    private readonly signals: CommitSignals,
  ) {}

  /** Where a post meant for `channelId` (null: the audit channel) would go; null when nowhere (no Discord, or no audit channel). */
  destination(channelId: string | null): string | null {
    if (!this.connection.configured) return null;
    return channelId ?? this.config.DISCORD_AUDIT_CHANNEL_ID ?? null;
  }

  /**
   * Queues a direct message to a member, posted by the same worker in the same order (a reminder
   * the member's closed DMs refuse is set aside, not retried). False when there is no Discord.
   */
  async queueDirect(manager: EntityManager, kind: ChannelPostKind, recipientUserId: string, message: OutgoingMessage): Promise<boolean> {
    if (!this.connection.configured) return false;
    await this.posts.enqueueDirect(manager, kind, recipientUserId, message);
    await this.signals.notify(manager, WorkSignal.ChannelPosts);
    return true;
  }

  /** Queues the messages for `channelId` (null: the audit channel) in `manager`'s transaction; their post ids. */
  async queue(manager: EntityManager, kind: ChannelPostKind, channelId: string | null, messages: readonly OutgoingMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const ids = await this.posts.enqueue(manager, kind, channelId, messages);
    await this.signals.notify(manager, WorkSignal.ChannelPosts);
    return ids;
  }
}
