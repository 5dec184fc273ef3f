import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  announcesMilestone,
  CampaignAnnouncementTarget,
  CampaignClosedPayload,
  CampaignMilestonePayload,
  CampaignOpenedPayload,
  RankLevel,
} from '@patt/contracts';
import { DiscordBotConfig } from '../app/discord-bot.config';
import type { OutgoingMessage } from '../discord/discord-guild';
import { ChannelPosts } from '../posts/channel-posts';
import { RankRolesService } from '../ranks/rank-roles.service';
import { VoteAnnouncementDecision } from './vote-announcement.entity';
import { VoteAnnouncementsRepository } from './vote-announcements.repository';
import { milestoneMessage, openedMessage, resultsMessage, VoteMessageContext } from './vote-messages';

/** A campaign event as the bot hears of it. */
export type VoteEvent =
  | { kind: 'opened'; eventId: string; payload: CampaignOpenedPayload }
  | { kind: 'milestone'; eventId: string; payload: CampaignMilestonePayload }
  | { kind: 'closed'; eventId: string; payload: CampaignClosedPayload };

/**
 * How long an announcement waits for an earlier event of its campaign before it goes without it.
 * Events come seconds apart at most, even after a restart with a backlog; one still missing after
 * this was lost or set aside (a dead letter), and holding the rest back would lose them too.
 */
export const HOLD_LIMIT_MS = 2 * 60_000;

/** What the bot does about one campaign event: post it (where, what) or not (why not). */
export interface VoteAnnouncementPlan {
  decision: VoteAnnouncementDecision;
  /** The campaign's channel; null: the audit channel. */
  channelId: string | null;
  body: OutgoingMessage | null;
}

/** Post it or not: announcements on, the chattiness takes the milestone (the opening and the results are posted at every level), and somewhere to post. */
export function decide(event: VoteEvent, hasDestination: boolean): VoteAnnouncementDecision {
  const target: CampaignAnnouncementTarget = event.payload;
  if (!target.announcements.enabled) return 'off';
  if (event.kind === 'milestone' && !announcesMilestone(target.announcements, event.payload.milestone)) return 'quiet';
  return hasDestination ? 'post' : 'no_channel';
}

/**
 * Votes announced on Discord. Each campaign event is recorded once (in the transaction that also
 * records it in the inbox) with what was decided about it, and a campaign's posts are queued in
 * the order of its events' sequence: an event that overtakes an earlier one (the bot consumes the
 * three subjects separately) waits for it. The queue's worker then posts them, in order.
 */
@Injectable()
export class VoteAnnouncementsService {
  private readonly logger = new Logger(VoteAnnouncementsService.name);

  constructor(
    private readonly config: DiscordBotConfig,
    private readonly announcements: VoteAnnouncementsRepository,
    private readonly channels: ChannelPosts,
    private readonly ranks: RankRolesService,
  ) {}

  async record(manager: EntityManager, event: VoteEvent): Promise<void> {
    const { payload } = event;
    const log = { campaignId: payload.campaignId, sequence: payload.sequence, key: keyOf(event) };
    const announcedThrough = await this.announcements.lockCampaign(manager, payload.campaignId, payload.title);
    const plan = await this.plan(manager, event);
    const recorded = await this.announcements.record(manager, {
      campaignId: payload.campaignId,
      sequence: payload.sequence,
      key: keyOf(event),
      kind: event.kind,
      eventId: event.eventId,
      occurredAt: occurredAt(event),
      ...plan,
    });
    if (!recorded) {
      this.logger.log(log, 'vote event already recorded; nothing more to post');
      return;
    }
    if (payload.sequence <= announcedThrough) {
      await this.announcements.late(manager, payload.campaignId, payload.sequence);
      this.logger.warn({ ...log, announcedThrough }, 'vote event came after later ones were announced; not posted');
      return;
    }
    await this.release(manager, payload.campaignId, announcedThrough, false);
  }

  /** Lets announcements that waited too long for an earlier event go without it; how many campaigns moved. */
  async releaseOverdue(now = new Date()): Promise<number> {
    const campaigns = await this.announcements.heldSince(new Date(now.getTime() - HOLD_LIMIT_MS));
    for (const campaignId of campaigns) {
      await this.announcements.transaction(async (manager) => {
        const announcedThrough = await this.announcements.lockKnownCampaign(manager, campaignId);
        if (announcedThrough !== null) await this.release(manager, campaignId, announcedThrough, true);
      });
    }
    return campaigns.length;
  }

  private async plan(manager: EntityManager, event: VoteEvent): Promise<VoteAnnouncementPlan> {
    const channelId = event.payload.discordChannelId;
    const decision = decide(event, this.channels.destination(channelId) !== null);
    if (decision !== 'post') return { decision, channelId, body: null };
    return { decision, channelId, body: await this.message(manager, event) };
  }

  private async message(manager: EntityManager, event: VoteEvent): Promise<OutgoingMessage> {
    const context: VoteMessageContext = { publicUrl: this.config.PUBLIC_URL, rankName: await this.rankNames(manager) };
    switch (event.kind) {
      case 'opened':
        return openedMessage(event.payload, context);
      case 'milestone':
        return milestoneMessage(event.payload, context);
      case 'closed':
        return resultsMessage(event.payload, context);
    }
  }

  /** The guild's names of its ranks, as identity last said them; the defaults until it has. */
  private async rankNames(manager: EntityManager): Promise<(level: RankLevel) => string> {
    const map = await this.ranks.current(manager);
    return (level) => map.nameOf(level);
  }

  /**
   * Queues the campaign's held announcements in sequence, as far as the next one is there; with
   * `pastGaps`, every held one, in sequence, whatever is missing before it.
   */
  private async release(manager: EntityManager, campaignId: string, announcedThrough: number, pastGaps: boolean): Promise<void> {
    let through = announcedThrough;
    for (const held of await this.announcements.held(manager, campaignId)) {
      if (held.sequence !== through + 1) {
        if (!pastGaps) break;
        this.logger.warn({ campaignId, missing: { from: through + 1, to: held.sequence - 1 }, waitedMs: HOLD_LIMIT_MS }, 'vote events missing; announcing the later ones without them');
      }
      let postId: string | null = null;
      if (held.decision === 'post' && held.body) {
        [postId = null] = await this.channels.queue(manager, 'vote_announcement', held.channelId, [held.body]);
        this.logger.log({ campaignId, sequence: held.sequence, key: held.key, channelId: held.channelId ?? 'audit', postId }, 'vote announcement queued');
      }
      await this.announcements.release(manager, campaignId, held.sequence, postId);
      through = held.sequence;
    }
    if (through !== announcedThrough) await this.announcements.announcedThrough(manager, campaignId, through);
  }
}

function keyOf(event: VoteEvent): string {
  return event.kind === 'milestone' ? event.payload.key : event.kind;
}

function occurredAt(event: VoteEvent): string {
  switch (event.kind) {
    case 'opened':
      return event.payload.openedAt;
    case 'milestone':
      return event.payload.reachedAt;
    case 'closed':
      return event.payload.closedAt;
  }
}
