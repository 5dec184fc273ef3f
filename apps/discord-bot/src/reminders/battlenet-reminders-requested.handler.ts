import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, Events } from '@patt/contracts';
import { EventContext, OnEvent } from '@patt/messaging';
import { DiscordBotConfig } from '../app/discord-bot.config';
import { ChannelPosts } from '../posts/channel-posts';
import { battlenetReminderDm } from './battlenet-reminder-messages';

@Injectable()
export class BattlenetRemindersRequestedHandler {
  private readonly logger = new Logger(BattlenetRemindersRequestedHandler.name);

  constructor(
    private readonly config: DiscordBotConfig,
    private readonly posts: ChannelPosts,
  ) {}

  /** Queues each member's DM with the event's inbox row; the post worker sends them after the commit. */
  @OnEvent(Events.BattlenetRemindersRequested)
  async onRemindersRequested(event: EventEnvelope<typeof Events.BattlenetRemindersRequested>, { manager }: EventContext): Promise<void> {
    let queued = 0;
    for (const member of event.payload.members) {
      const message = battlenetReminderDm({ displayName: member.displayName, publicUrl: this.config.PUBLIC_URL });
      if (await this.posts.queueDirect(manager, 'battlenet_reminder', member.discordUserId, message)) queued++;
    }
    if (queued < event.payload.members.length) {
      this.logger.warn({ requestId: event.payload.requestId, members: event.payload.members.length }, 'Battle.net reminders not sent: Discord is not configured');
    } else {
      this.logger.log({ requestId: event.payload.requestId, queued, requestedBy: event.payload.requestedBy }, 'Battle.net reminders queued');
    }
  }
}
