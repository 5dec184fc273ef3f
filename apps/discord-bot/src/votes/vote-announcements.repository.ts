import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { OutgoingMessage } from '../discord/discord-guild';
import { VoteAnnouncementDecision, VoteEventKind } from './vote-announcement.entity';

export interface NewVoteAnnouncement {
  campaignId: string;
  sequence: number;
  key: string;
  kind: VoteEventKind;
  eventId: string;
  occurredAt: string;
  decision: VoteAnnouncementDecision;
  channelId: string | null;
  body: OutgoingMessage | null;
}

export interface HeldVoteAnnouncement {
  sequence: number;
  key: string;
  decision: VoteAnnouncementDecision;
  channelId: string | null;
  body: OutgoingMessage | null;
}

@Injectable()
export class VoteAnnouncementsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * The campaign's row, made if new and locked until the transaction ends: how far its
   * announcements have gone. Every event of a campaign passes here, so they are decided one at a
   * time even when the bot's consumers (or replicas) hear of them at once.
   */
  async lockCampaign(manager: EntityManager, campaignId: string, title: string): Promise<number> {
    const rows = (await manager.query(
      `INSERT INTO vote_campaigns (campaign_id, title) VALUES ($1, $2)
       ON CONFLICT (campaign_id) DO UPDATE SET title = EXCLUDED.title, updated_at = now()
       RETURNING announced_through`,
      [campaignId, title],
    )) as Array<{ announced_through: number }>;
    return (rows[0] as { announced_through: number }).announced_through;
  }

  /** Locks a campaign already known; how far its announcements have gone, or null for an unknown one. */
  async lockKnownCampaign(manager: EntityManager, campaignId: string): Promise<number | null> {
    const rows = (await manager.query(`SELECT announced_through FROM vote_campaigns WHERE campaign_id = $1 FOR UPDATE`, [campaignId])) as Array<{
      announced_through: number;
    }>;
    return rows[0]?.announced_through ?? null;
  }

  /** Records the event, held for its turn; false when the campaign has it already (by sequence or by key). */
  async record(manager: EntityManager, announcement: NewVoteAnnouncement): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO vote_announcements (campaign_id, sequence, key, kind, event_id, occurred_at, decision, channel_id, body, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, 'held')
       ON CONFLICT DO NOTHING RETURNING sequence`,
      [
        announcement.campaignId,
        announcement.sequence,
        announcement.key,
        announcement.kind,
        announcement.eventId,
        announcement.occurredAt,
        announcement.decision,
        announcement.channelId,
        announcement.body === null ? null : JSON.stringify(announcement.body),
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The campaign's announcements still waiting for their turn, in sequence. */
  async held(manager: EntityManager, campaignId: string): Promise<HeldVoteAnnouncement[]> {
    const rows = (await manager.query(
      `SELECT sequence, key, decision, channel_id, body FROM vote_announcements
       WHERE campaign_id = $1 AND status = 'held' ORDER BY sequence`,
      [campaignId],
    )) as Array<{ sequence: number; key: string; decision: VoteAnnouncementDecision; channel_id: string | null; body: OutgoingMessage | null }>;
    return rows.map((row) => ({ sequence: row.sequence, key: row.key, decision: row.decision, channelId: row.channel_id, body: row.body }));
  }

  /** Its turn came: queued as `postId` (or not to be posted). The message now lives in the post. */
  async release(manager: EntityManager, campaignId: string, sequence: number, postId: string | null): Promise<void> {
    await manager.query(
      `UPDATE vote_announcements SET status = 'released', released_at = now(), post_id = $3, body = NULL
       WHERE campaign_id = $1 AND sequence = $2`,
      [campaignId, sequence, postId],
    );
  }

  /** It came after later announcements had gone out: kept on record, not posted. */
  async late(manager: EntityManager, campaignId: string, sequence: number): Promise<void> {
    await manager.query(`UPDATE vote_announcements SET status = 'late', body = NULL WHERE campaign_id = $1 AND sequence = $2`, [campaignId, sequence]);
  }

  async announcedThrough(manager: EntityManager, campaignId: string, sequence: number): Promise<void> {
    await manager.query(`UPDATE vote_campaigns SET announced_through = $2, updated_at = now() WHERE campaign_id = $1`, [campaignId, sequence]);
  }

  /** Campaigns with an announcement held since before `cutoff`: an earlier event of theirs is overdue. */
  async heldSince(cutoff: Date): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT campaign_id FROM vote_announcements WHERE status = 'held' AND recorded_at < $1`,
      [cutoff],
    )) as Array<{ campaign_id: string }>;
    return rows.map((row) => row.campaign_id);
  }
}
