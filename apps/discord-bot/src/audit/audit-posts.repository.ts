import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { OutgoingMessage } from '../discord/discord-guild';
import { AuditPostEntity, AuditPostKind } from './audit-post.entity';

@Injectable()
export class AuditPostsRepository {
  constructor(@InjectRepository(AuditPostEntity) private readonly posts: Repository<AuditPostEntity>) {}

  async enqueue(manager: EntityManager, kind: AuditPostKind, messages: readonly OutgoingMessage[]): Promise<void> {
    for (const body of messages) {
      await manager.query(`INSERT INTO audit_posts (kind, body, status) VALUES ($1, $2::jsonb, 'pending')`, [kind, JSON.stringify(body)]);
    }
  }

  /** The oldest post still to go: posts leave in the order they were queued. */
  oldestPending(): Promise<AuditPostEntity | null> {
    return this.posts.findOne({ where: { status: 'pending' }, order: { id: 'ASC' } });
  }

  async posted(id: string, messageId: string): Promise<void> {
    await this.posts.update({ id }, { status: 'posted', messageId, postedAt: new Date(), lastError: null, retryAt: null });
  }

  async failed(id: string, attempts: number, error: string): Promise<void> {
    await this.posts.update({ id }, { status: 'failed', attempts, lastError: error, retryAt: null });
  }

  async postpone(id: string, attempts: number, retryAt: Date, error: string): Promise<void> {
    await this.posts.update({ id }, { attempts, retryAt, lastError: error });
  }
}
