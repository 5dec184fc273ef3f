import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditChannel } from './audit-channel';
import { ChannelPostEntity } from './channel-post.entity';
import { ChannelPostWorker } from './channel-post.worker';
import { ChannelPosts } from './channel-posts';
import { ChannelPostsRepository } from './channel-posts.repository';

/** Posts in server channels (the officers' audit channel, votes' channels): a queue and the worker that posts it in order. */
@Module({
  imports: [TypeOrmModule.forFeature([ChannelPostEntity])],
  providers: [ChannelPostsRepository, ChannelPosts, AuditChannel, ChannelPostWorker],
  exports: [AuditChannel, ChannelPosts],
})
export class PostsModule {}
