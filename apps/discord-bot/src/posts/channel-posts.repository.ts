import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { OutgoingMessage } from '../discord/discord-guild';
import { ChannelPostEntity, ChannelPostKind } from './channel-post.entity';

@Injectable()
export class ChannelPostsRepository {
  constructor(@InjectRepository(ChannelPostEntity) private readonly posts: Repository<ChannelPostEntity>) {}

  /** Queues the messages in order; their ids. The database gives each its nonce. */
  async enqueue(manager: EntityManager, kind: ChannelPostKind, channelId: string | null, messages: readonly OutgoingMessage[]): Promise<string[]> {
    const ids: string[] = [];
    for (const body of messages) {
      const rows = (await manager.query(
        `INSERT INTO channel_posts (kind, channel_id, body, status) VALUES ($1, $2, $3::jsonb, 'pending') RETURNING id`,
        [kind, channelId, JSON.stringify(body)],
      )) as Array<{ id: string }>;
      ids.push((rows[0] as { id: string }).id);
    }
    return ids;
  }

  /** Queues one direct message to a Discord user. */
  async enqueueDirect(manager: EntityManager, kind: ChannelPostKind, recipientUserId: string, body: OutgoingMessage): Promise<string> {
    const rows = (await manager.query(
      `INSERT INTO channel_posts (kind, channel_id, recipient_user_id, body, status) VALUES ($1, NULL, $2, $3::jsonb, 'pending') RETURNING id`,
      [kind, recipientUserId, JSON.stringify(body)],
    )) as Array<{ id: string }>;
    return (rows[0] as { id: string }).id;
  }

  /** The oldest post still to go: posts leave in the order they were queued. */
  oldestPending(): Promise<ChannelPostEntity | null> {
    return this.posts.findOne({ where: { status: 'pending' }, order: { id: 'ASC' } });
  }

  async posted(id: string, messageId: string): Promise<void> {
    await this.posts.update({ id }, { status: 'posted', messageId, postedAt: new Date(), lastError: null, retryAt: null });
  }

  async failed(id: string, attempts: number, error: string, manager: EntityManager = this.posts.manager): Promise<void> {
    await manager.getRepository(ChannelPostEntity).update({ id }, { status: 'failed', attempts, lastError: error, retryAt: null });
  }

  async postpone(id: string, attempts: number, retryAt: Date, error: string): Promise<void> {
    await this.posts.update({ id }, { attempts, retryAt, lastError: error });
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.posts.manager.transaction(work);
  }
}
