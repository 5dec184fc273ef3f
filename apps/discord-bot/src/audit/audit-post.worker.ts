import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Events } from 'discord.js';
import { DiscordBotConfig } from '../app/discord-bot.config';
import { DiscordConnection } from '../discord/discord-connection';
import { describeDiscordFailure, failureText } from '../discord/discord-errors';
import { DiscordGuild } from '../discord/discord-guild';
import { PassOutcome, SignalledLoop } from '../work/signalled-loop';
import { WorkSignal, WorkSignals } from '../work/work-signals';
import { AuditChannel } from './audit-channel';
import { AuditPostsRepository } from './audit-posts.repository';

const MAX_ATTEMPTS = 8;

/**
 * Posts queued audit messages one at a time, oldest first, so a report split over several messages
 * reads in order. A post Discord refuses (a bad message, no access to the channel) is set aside as
 * failed; one that fails for a passing reason holds the queue and is retried with a growing pause.
 * A crash between Discord accepting a post and our marking it can repeat that one post.
 */
@Injectable()
export class AuditPostWorker implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditPosts');
  private readonly loop = new SignalledLoop(() => this.pass(), { name: 'AuditPosts', pollMs: 10_000 });

  constructor(
    private readonly config: DiscordBotConfig,
    private readonly connection: DiscordConnection,
    private readonly channel: AuditChannel,
    private readonly posts: AuditPostsRepository,
    private readonly guild: DiscordGuild,
    private readonly signals: WorkSignals,
  ) {}

  onModuleInit(): void {
    this.signals.on(WorkSignal.AuditPosts, () => this.loop.wake());
    this.connection.bind((client) => client.on(Events.ClientReady, () => this.loop.wake()));
  }

  onApplicationBootstrap(): void {
    if (this.channel.available) this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  async pass(): Promise<PassOutcome> {
    if (!this.connection.ready) return 'idle';
    const post = await this.posts.oldestPending();
    if (!post) return 'idle';
    if (post.retryAt && post.retryAt.getTime() > Date.now()) return 'idle';
    const attempts = post.attempts + 1;
    try {
      const messageId = await this.guild.postMessage(this.config.DISCORD_AUDIT_CHANNEL_ID as string, post.body);
      await this.posts.posted(post.id, messageId);
      return 'more';
    } catch (error) {
      const failure = describeDiscordFailure(error);
      const text = failureText(failure);
      if (failure.kind === 'refused' || attempts >= MAX_ATTEMPTS) {
        this.logger.error({ postId: post.id, kind: post.kind, reason: text, attempts }, 'audit post not delivered; set aside');
        await this.posts.failed(post.id, attempts, text);
        return 'more';
      }
      const retryInMs = Math.min(10 * 60_000, 2_000 * 2 ** attempts);
      this.logger.warn({ postId: post.id, kind: post.kind, reason: text, attempts, retryInMs }, 'audit post failed; will retry');
      await this.posts.postpone(post.id, attempts, new Date(Date.now() + retryInMs), text);
      return 'idle';
    }
  }
}
