import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { OutgoingMessage } from '../discord/discord-guild';
import { ChannelPostKind } from './channel-post.entity';
import { ChannelPosts } from './channel-posts';

/**
 * The officers' audit channel (DISCORD_AUDIT_CHANNEL_ID). Messages are queued in the transaction
 * of the event that asks for them and posted by the channel post worker; without Discord or without
 * the channel they are dropped, with a log line saying so.
 */
@Injectable()
export class AuditChannel {
  private readonly logger = new Logger(AuditChannel.name);

  constructor(private readonly channels: ChannelPosts) {}

  get available(): boolean {
    return this.channels.destination(null) !== null;
  }

  async post(manager: EntityManager, kind: Exclude<ChannelPostKind, 'vote_announcement'>, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.available) {
      this.logger.log({ kind, messages: messages.length }, 'no audit channel (Discord or DISCORD_AUDIT_CHANNEL_ID not set): not posted');
      return;
    }
    await this.channels.queue(manager, kind, null, messages);
  }
}
