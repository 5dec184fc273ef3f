import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditChannel } from './audit-channel';
import { AuditPostEntity } from './audit-post.entity';
import { AuditPostWorker } from './audit-post.worker';
import { AuditPostsRepository } from './audit-posts.repository';

/** The officers' audit channel: a queue of posts and the worker that posts them in order. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditPostEntity])],
  providers: [AuditPostsRepository, AuditChannel, AuditPostWorker],
  exports: [AuditChannel],
})
export class AuditModule {}
