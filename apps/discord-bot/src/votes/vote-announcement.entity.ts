import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OutgoingMessage } from '../discord/discord-guild';

export type VoteEventKind = 'opened' | 'milestone' | 'closed';
/** post: to be posted in its turn; quiet: its chattiness leaves it out; off: announcements disabled; no_channel: nowhere to post. */
export type VoteAnnouncementDecision = 'post' | 'quiet' | 'off' | 'no_channel';
/** held: waiting for an earlier event of its campaign; released: its turn came; late: it came after later ones had gone out. */
export type VoteAnnouncementStatus = 'held' | 'released' | 'late';

/** A campaign the bot has announced (or heard of): how far its announcements have gone, in its events' sequence. */
@Entity({ name: 'vote_campaigns' })
export class VoteCampaignEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'announced_through', type: 'integer' })
  announcedThrough!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** One campaign event, recorded once with what the bot decided to post about it. */
@Entity({ name: 'vote_announcements' })
export class VoteAnnouncementEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @PrimaryColumn({ type: 'integer' })
  sequence!: number;

  /** `opened`, the milestone's key (`turnout_50`, `lead_change:2` …) or `closed`. */
  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  kind!: VoteEventKind;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  decision!: VoteAnnouncementDecision;

  /** The campaign's channel; null: the audit channel. */
  @Column({ name: 'channel_id', type: 'text', nullable: true })
  channelId!: string | null;

  /** The message, while it waits for its turn. */
  @Column({ type: 'jsonb', nullable: true })
  body!: OutgoingMessage | null;

  @Column({ type: 'text' })
  status!: VoteAnnouncementStatus;

  @Column({ name: 'post_id', type: 'bigint', nullable: true })
  postId!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;
}
