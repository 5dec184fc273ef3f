import { Injectable, Logger } from '@nestjs/common';
import { CommitSignals, PassOutcome } from '@patt/persistence';
import { DiscordBotConfig } from '../app/discord-bot.config';
import { DiscordConnection } from '../discord/discord-connection';
import { describeDiscordFailure, failureText, isChannelRefusal } from '../discord/discord-errors';
import { DiscordGuild, OutgoingMessage } from '../discord/discord-guild';
import { DiscordSendingWorker } from '../discord/sending-worker';
import { WorkSignal } from '../app/work-signals';
import { ChannelPostEntity } from './channel-post.entity';
import { ChannelPostsRepository } from './channel-posts.repository';

const MAX_ATTEMPTS = 8;
const CONTENT_LIMIT = 2000;

/**
 * Posts queued messages one at a time, oldest first, so a report split over several messages or a
 * vote's announcements read in order. Each post carries its own nonce with `enforce_nonce`: when the
 * bot dies after Discord accepted a post but before it was marked, the next try within Discord's
 * window (a few minutes) is answered with the message already there instead of a second one.
 * A post Discord refuses (a bad message) is set aside as failed; one a vote's channel refuses (gone,
 * no access) goes to the audit channel instead, saying why; one that fails for a passing reason
 * holds the queue and is retried with a growing pause.
 */
@Injectable()
export class ChannelPostWorker extends DiscordSendingWorker {
  private readonly logger = new Logger(ChannelPostWorker.name);

  constructor(
    private readonly config: DiscordBotConfig,
    connection: DiscordConnection,
    private readonly posts: ChannelPostsRepository,
    private readonly guild: DiscordGuild,
    signals: CommitSignals,
  ) {
    super(connection, signals, WorkSignal.ChannelPosts, 10_000);
  }

  protected async send(): Promise<PassOutcome> {
    const post = await this.posts.oldestPending();
    if (!post) return 'idle';
    if (post.retryAt && post.retryAt.getTime() > Date.now()) return 'idle';
    const attempts = post.attempts + 1;
    const recipient = post.recipientUserId;
    const channelId = recipient ? null : (post.channelId ?? this.config.DISCORD_AUDIT_CHANNEL_ID);
    if (!recipient && !channelId) {
      this.logger.warn({ postId: post.id, kind: post.kind }, 'no audit channel (DISCORD_AUDIT_CHANNEL_ID is not set): post set aside');
      await this.posts.failed(post.id, post.attempts, 'no audit channel: DISCORD_AUDIT_CHANNEL_ID is not set');
      return 'more';
    }
    try {
      const messageId = await this.guild.postMessage(recipient ? await this.guild.openDirectChannel(recipient) : (channelId as string), post.body, post.nonce);
      await this.posts.posted(post.id, messageId);
      return 'more';
    } catch (error) {
      const failure = describeDiscordFailure(error);
      const text = failureText(failure);
      const auditChannelId = this.config.DISCORD_AUDIT_CHANNEL_ID;
      if (isChannelRefusal(failure) && post.channelId && auditChannelId && post.channelId !== auditChannelId) {
        await this.posts.transaction(async (manager) => {
          await this.posts.failed(post.id, attempts, text, manager);
          await this.posts.enqueue(manager, post.kind, null, [redirected(post, text)]);
        });
        this.logger.warn({ postId: post.id, kind: post.kind, channelId: post.channelId, reason: text }, 'channel refused the post; posted to the audit channel instead');
        return 'more';
      }
      if (failure.kind === 'refused' || attempts >= MAX_ATTEMPTS) {
        if (recipient) {
          // A member's closed DMs (or their leaving) is theirs to decide: a reminder goes no further.
          this.logger.warn({ postId: post.id, kind: post.kind, recipientUserId: recipient, reason: text, attempts }, 'direct message not delivered; set aside');
          await this.posts.failed(post.id, attempts, text);
          return 'more';
        }
        this.logger.error({ postId: post.id, kind: post.kind, channelId, reason: text, attempts }, 'channel post not delivered; set aside');
        await this.posts.failed(post.id, attempts, text);
        return 'more';
      }
      const retryInMs = Math.min(10 * 60_000, 2_000 * 2 ** attempts);
      this.logger.warn({ postId: post.id, kind: post.kind, channelId, reason: text, attempts, retryInMs }, 'channel post failed; will retry');
      await this.posts.postpone(post.id, attempts, new Date(Date.now() + retryInMs), text);
      return 'idle';
    }
  }
}

/** A post its channel refused, for the audit channel: what it was, where it could not go and why. */
export function redirected(post: Pick<ChannelPostEntity, 'body' | 'channelId'>, reason: string): OutgoingMessage {
  const note = `Could not post this in <#${post.channelId}> (${reason}); posting it here instead.`;
  const content = post.body.content ? `${note}\n${post.body.content}` : note;
  return { ...post.body, content: [...content].slice(0, CONTENT_LIMIT).join(''), allowed_mentions: { parse: [] } };
}
