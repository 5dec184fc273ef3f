import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  Ballot,
  BallotPick,
  CampaignMilestone,
  CampaignResults,
  CampaignStatus,
  Chattiness,
  CloseReason,
  Entry,
  RankLevel,
  VotingMethod,
} from '@patt/contracts';
import { PlaceCount } from '../results/results-counter';

/** A campaign as stored. */
export interface CampaignRecord {
  id: string;
  title: string;
  description: string | null;
  method: VotingMethod;
  picksPerVoter: number;
  minRankToVote: RankLevel;
  minRankToView: RankLevel | null;
  startsAt: Date;
  durationHours: number;
  endsAt: Date;
  earlyCloseWhenAllVoted: boolean;
  discordChannelId: string | null;
  announcementsEnabled: boolean;
  chattiness: Chattiness;
  status: CampaignStatus;
  createdBy: string;
  createdByName: string;
  createdAt: Date;
  openedAt: Date | null;
  openedBy: 'officer' | 'schedule' | null;
  closedAt: Date | null;
  closeReason: CloseReason | null;
  eligibleAtClose: number | null;
  voted: number;
  eventSequence: number;
  leaderEntryId: string | null;
  leadChanges: number;
}

interface CampaignRow {
  id: string;
  title: string;
  description: string | null;
  method: VotingMethod;
  picks_per_voter: number;
  min_rank_to_vote: number;
  min_rank_to_view: number | null;
  starts_at: Date;
  duration_hours: number;
  ends_at: Date;
  early_close_when_all_voted: boolean;
  discord_channel_id: string | null;
  announcements_enabled: boolean;
  chattiness: Chattiness;
  status: CampaignStatus;
  created_by: string;
  created_by_name: string;
  created_at: Date;
  opened_at: Date | null;
  opened_by: 'officer' | 'schedule' | null;
  closed_at: Date | null;
  close_reason: CloseReason | null;
  eligible_at_close: number | null;
  voted: number;
  event_sequence: number;
  leader_entry_id: string | null;
  lead_changes: number;
}

const toRecord = (row: CampaignRow): CampaignRecord => ({
  id: row.id,
  title: row.title,
  description: row.description,
  method: row.method,
  picksPerVoter: row.picks_per_voter,
  minRankToVote: row.min_rank_to_vote as RankLevel,
  minRankToView: row.min_rank_to_view as RankLevel | null,
  startsAt: row.starts_at,
  durationHours: row.duration_hours,
  endsAt: row.ends_at,
  earlyCloseWhenAllVoted: row.early_close_when_all_voted,
  discordChannelId: row.discord_channel_id,
  announcementsEnabled: row.announcements_enabled,
  chattiness: row.chattiness,
  status: row.status,
  createdBy: row.created_by,
  createdByName: row.created_by_name,
  createdAt: row.created_at,
  openedAt: row.opened_at,
  openedBy: row.opened_by,
  closedAt: row.closed_at,
  closeReason: row.close_reason,
  eligibleAtClose: row.eligible_at_close,
  voted: row.voted,
  eventSequence: row.event_sequence,
  leaderEntryId: row.leader_entry_id,
  leadChanges: row.lead_changes,
});

/** The settings of a campaign as they are written (create, or a draft's change). */
export interface CampaignSettings {
  title: string;
  description: string | null;
  method: VotingMethod;
  picksPerVoter: number;
  minRankToVote: RankLevel;
  minRankToView: RankLevel | null;
  startsAt: Date;
  durationHours: number;
  earlyCloseWhenAllVoted: boolean;
  discordChannelId: string | null;
  announcementsEnabled: boolean;
  chattiness: Chattiness;
}

/** An entry as stored. */
export type EntryRecord = Entry;

/**
 * A live campaign's running sums, kept on its row: its entries in order (fixed at the opening),
 * for the i-th of them and rank r the ballots that ranked it r at `placeCounts[i × N + r − 1]`,
 * and the milestones it has reached.
 */
export interface LiveSums {
  entryIds: string[];
  placeCounts: number[];
  milestoneKeys: string[];
}

interface EntryRow {
  id: string;
  name: string;
  description: string | null;
  image_url: string | null;
  sort_order: number;
  person_id: string | null;
}

const toEntry = (row: EntryRow): EntryRecord => ({
  id: row.id,
  name: row.name,
  description: row.description,
  imageUrl: row.image_url,
  sortOrder: row.sort_order,
  personId: row.person_id,
});

/** Who may see which campaigns in a list: the caller's rank (0 anonymous); officers see drafts. */
export interface ListScope {
  rank: number;
  officer: boolean;
  status?: CampaignStatus;
}

/** The running sums of a live campaign (see LiveSums), read only where they are needed. */
const LIVE_COLUMNS = 'entry_ids, place_counts, milestone_keys';

type LiveRow = CampaignRow & { entry_ids: string[]; place_counts: number[]; milestone_keys: string[] };

const toLive = (row: LiveRow): CampaignRecord & LiveSums => ({
  ...toRecord(row),
  entryIds: row.entry_ids,
  placeCounts: row.place_counts,
  milestoneKeys: row.milestone_keys,
});

const CAMPAIGN_COLUMNS = `id, title, description, method, picks_per_voter, min_rank_to_vote, min_rank_to_view, starts_at,
  duration_hours, ends_at, early_close_when_all_voted, discord_channel_id, announcements_enabled, chattiness, status,
  created_by, created_by_name, created_at, opened_at, opened_by, closed_at, close_reason, eligible_at_close, voted,
  event_sequence, leader_entry_id, lead_changes`;

@Injectable()
export class CampaignsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // --- campaigns -------------------------------------------------------------------------------

  async insert(manager: EntityManager, id: string, settings: CampaignSettings, createdBy: { userId: string; username: string }): Promise<CampaignRecord> {
    const rows = (await manager.query(
      `INSERT INTO campaigns (id, title, description, method, picks_per_voter, min_rank_to_vote, min_rank_to_view, starts_at,
         duration_hours, ends_at, early_close_when_all_voted, discord_channel_id, announcements_enabled, chattiness, created_by, created_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8::timestamptz + make_interval(hours => $9), $10, $11, $12, $13, $14, $15)
       RETURNING ${CAMPAIGN_COLUMNS}`,
      [id, ...settingsValues(settings), createdBy.userId, createdBy.username],
    )) as CampaignRow[];
    return toRecord(rows[0] as CampaignRow);
  }

  /** A campaign with its running sums; with `lock`, its row locked for the rest of `manager`'s transaction. */
  async findWithSums(id: string, manager: EntityManager = this.manager, lock = false): Promise<(CampaignRecord & LiveSums) | null> {
    const rows = (await manager.query(`SELECT ${CAMPAIGN_COLUMNS}, ${LIVE_COLUMNS} FROM campaigns WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as LiveRow[];
    return rows[0] ? toLive(rows[0]) : null;
  }

  /** One campaign; with `lock`, its row locked for the rest of `manager`'s transaction. */
  async find(id: string, manager: EntityManager = this.manager, lock = false): Promise<CampaignRecord | null> {
    const rows = (await manager.query(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as CampaignRow[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Campaigns the scope may see, newest first, and how many there are. */
  async list(scope: ListScope, limit: number, offset: number): Promise<{ items: CampaignRecord[]; total: number }> {
    const where = `($1::boolean OR status <> 'draft') AND (min_rank_to_view IS NULL OR min_rank_to_view <= $2)
      AND ($3::text IS NULL OR status = $3)`;
    const params = [scope.officer, scope.rank, scope.status ?? null];
    const [rows, counted] = await Promise.all([
      this.manager.query(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE ${where} ORDER BY created_at DESC, id LIMIT $4 OFFSET $5`, [...params, limit, offset]) as Promise<CampaignRow[]>,
      this.manager.query(`SELECT count(*)::int AS n FROM campaigns WHERE ${where}`, params) as Promise<Array<{ n: number }>>,
    ]);
    return { items: rows.map(toRecord), total: counted[0]?.n ?? 0 };
  }

  /** Live campaigns the scope may see, soonest to close first. */
  async live(rank: number): Promise<CampaignRecord[]> {
    const rows = (await this.manager.query(
      `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE status = 'live' AND (min_rank_to_view IS NULL OR min_rank_to_view <= $1) ORDER BY ends_at, id`,
      [rank],
    )) as CampaignRow[];
    return rows.map(toRecord);
  }

  async updateSettings(manager: EntityManager, id: string, settings: CampaignSettings): Promise<CampaignRecord> {
    const rows = (await manager.query(
      `UPDATE campaigns SET title = $2, description = $3, method = $4, picks_per_voter = $5, min_rank_to_vote = $6, min_rank_to_view = $7,
         starts_at = $8, duration_hours = $9, ends_at = $8::timestamptz + make_interval(hours => $9), early_close_when_all_voted = $10,
         discord_channel_id = $11, announcements_enabled = $12, chattiness = $13
       WHERE id = $1 RETURNING ${CAMPAIGN_COLUMNS}`,
      [id, ...settingsValues(settings)],
    )) as [CampaignRow[], number];
    return toRecord((rows[0] as CampaignRow[])[0] as CampaignRow);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM campaigns WHERE id = $1', [id]);
  }

  /**
   * Live from now (an officer) or from its `startsAt` (the schedule); its end moves with its start.
   * The running sums start at zero, one place count per entry and rank, the entries' order fixed.
   */
  async open(manager: EntityManager, campaign: CampaignRecord, by: 'officer' | 'schedule', at: Date): Promise<CampaignRecord> {
    const startsAt = by === 'officer' ? at : campaign.startsAt;
    const rows = (await manager.query(
      `UPDATE campaigns SET status = 'live', opened_at = $2, opened_by = $3, starts_at = $4,
         ends_at = $4::timestamptz + make_interval(hours => duration_hours),
         entry_ids = ARRAY(SELECT e.id FROM entries e WHERE e.campaign_id = $1 ORDER BY e.sort_order, e.created_at, e.id),
         place_counts = array_fill(0, ARRAY[(SELECT count(*)::int FROM entries e WHERE e.campaign_id = $1) * picks_per_voter])
       WHERE id = $1 AND status = 'draft' RETURNING ${CAMPAIGN_COLUMNS}`,
      [campaign.id, at, by, startsAt],
    )) as [CampaignRow[], number];
    return toRecord((rows[0] as CampaignRow[])[0] as CampaignRow);
  }

  async close(manager: EntityManager, id: string, reason: CloseReason, eligible: number, at: Date): Promise<CampaignRecord> {
    const rows = (await manager.query(
      `UPDATE campaigns SET status = 'closed', closed_at = $2, close_reason = $3, eligible_at_close = $4
       WHERE id = $1 AND status = 'live' RETURNING ${CAMPAIGN_COLUMNS}`,
      [id, at, reason, eligible],
    )) as [CampaignRow[], number];
    return toRecord((rows[0] as CampaignRow[])[0] as CampaignRow);
  }

  /** The campaign's next event number (campaign-opened is 1). Under the campaign's row lock. */
  async nextSequence(manager: EntityManager, id: string): Promise<number> {
    const rows = (await manager.query('UPDATE campaigns SET event_sequence = event_sequence + 1 WHERE id = $1 RETURNING event_sequence', [id])) as [
      Array<{ event_sequence: number }>,
      number,
    ];
    return (rows[0] as Array<{ event_sequence: number }>)[0]?.event_sequence as number;
  }

  async setLeader(manager: EntityManager, id: string, leaderEntryId: string, leadChanges: number): Promise<void> {
    await manager.query('UPDATE campaigns SET leader_entry_id = $2, lead_changes = $3 WHERE id = $1', [id, leaderEntryId, leadChanges]);
  }

  // --- entries ---------------------------------------------------------------------------------

  async entries(campaignId: string, manager: EntityManager = this.manager): Promise<EntryRecord[]> {
    const rows = (await manager.query(
      `SELECT id, name, description, image_url, sort_order, person_id FROM entries
        WHERE campaign_id = $1 ORDER BY sort_order, created_at, id`,
      [campaignId],
    )) as EntryRow[];
    return rows.map(toEntry);
  }

  async countEntries(campaignId: string, manager: EntityManager = this.manager): Promise<number> {
    const rows = (await manager.query('SELECT count(*)::int AS n FROM entries WHERE campaign_id = $1', [campaignId])) as Array<{ n: number }>;
    return rows[0]?.n ?? 0;
  }

  async findEntry(campaignId: string, entryId: string, manager: EntityManager = this.manager): Promise<EntryRecord | null> {
    const rows = (await manager.query(
      'SELECT id, name, description, image_url, sort_order, person_id FROM entries WHERE campaign_id = $1 AND id = $2',
      [campaignId, entryId],
    )) as EntryRow[];
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async insertEntry(manager: EntityManager, campaignId: string, entry: Omit<Entry, 'sortOrder'> & { sortOrder: number | null }): Promise<EntryRecord> {
    const rows = (await manager.query(
      `INSERT INTO entries (id, campaign_id, name, description, image_url, sort_order, person_id)
       VALUES ($1, $2, $3, $4, $5, COALESCE($6, (SELECT COALESCE(max(sort_order) + 1, 0) FROM entries WHERE campaign_id = $2)), $7)
       RETURNING id, name, description, image_url, sort_order, person_id`,
      [entry.id, campaignId, entry.name, entry.description, entry.imageUrl, entry.sortOrder, entry.personId],
    )) as EntryRow[];
    return toEntry(rows[0] as EntryRow);
  }

  async updateEntry(manager: EntityManager, campaignId: string, entry: Entry): Promise<EntryRecord> {
    const rows = (await manager.query(
      `UPDATE entries SET name = $3, description = $4, image_url = $5, sort_order = $6, person_id = $7
        WHERE campaign_id = $1 AND id = $2 RETURNING id, name, description, image_url, sort_order, person_id`,
      [campaignId, entry.id, entry.name, entry.description, entry.imageUrl, entry.sortOrder, entry.personId],
    )) as [EntryRow[], number];
    return toEntry((rows[0] as EntryRow[])[0] as EntryRow);
  }

  async deleteEntry(manager: EntityManager, campaignId: string, entryId: string): Promise<void> {
    await manager.query('DELETE FROM entries WHERE campaign_id = $1 AND id = $2', [campaignId, entryId]);
  }

  // --- ballots ---------------------------------------------------------------------------------

  /**
   * Casts ballots of a campaign (its row locked by the caller) in one statement, each with its
   * picks, in the order given; a ballot whose member has one in the campaign already is not cast
   * (the unique constraint decides, not a read before the write). When each was cast, by id.
   */
  async insertBallots(
    manager: EntityManager,
    campaignId: string,
    ballots: ReadonlyArray<{ id: string; personId: string; userId: string; picks: readonly BallotPick[] }>,
  ): Promise<Map<string, Date>> {
    if (ballots.length === 0) return new Map();
    const picks = ballots.flatMap((ballot) => ballot.picks.map((pick) => ({ ballotId: ballot.id, ...pick })));
    const rows = (await manager.query(
      `WITH b AS (
         INSERT INTO ballots (id, campaign_id, person_id, user_id)
         SELECT x.id, $1, x.person_id, x.user_id FROM unnest($2::uuid[], $3::uuid[], $4::uuid[]) WITH ORDINALITY AS x (id, person_id, user_id, n)
          ORDER BY x.n
         ON CONFLICT ON CONSTRAINT ballots_one_per_member DO NOTHING RETURNING id, cast_at),
       p AS (
         INSERT INTO ballot_picks (ballot_id, entry_id, rank)
         SELECT y.ballot_id, y.entry_id, y.rank::smallint FROM unnest($5::uuid[], $6::uuid[], $7::int[]) AS y (ballot_id, entry_id, rank)
          WHERE y.ballot_id IN (SELECT id FROM b))
       SELECT id, cast_at FROM b`,
      [
        campaignId,
        ballots.map((b) => b.id),
        ballots.map((b) => b.personId),
        ballots.map((b) => b.userId),
        picks.map((p) => p.ballotId),
        picks.map((p) => p.entryId),
        picks.map((p) => p.rank),
      ],
    )) as Array<{ id: string; cast_at: Date }>;
    return new Map(rows.map((row) => [row.id, new Date(row.cast_at)]));
  }

  /** Takes back ballots cast in this transaction (their picks with them). */
  async deleteBallots(manager: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await manager.query('DELETE FROM ballots WHERE id = ANY($1::uuid[])', [ids]);
  }

  /** Writes a live campaign's count and running sums (its row locked by the caller). */
  async saveSums(manager: EntityManager, id: string, voted: number, placeCounts: readonly number[]): Promise<void> {
    await manager.query('UPDATE campaigns SET voted = $2, place_counts = $3::int[] WHERE id = $1', [id, voted, placeCounts]);
  }

  async ballotOf(campaignId: string, personId: string, manager: EntityManager = this.manager): Promise<Ballot | null> {
    const rows = (await manager.query(
      `SELECT b.id, b.cast_at, coalesce(json_agg(json_build_object('entryId', p.entry_id, 'rank', p.rank) ORDER BY p.rank)
                FILTER (WHERE p.entry_id IS NOT NULL), '[]') AS picks
         FROM ballots b LEFT JOIN ballot_picks p ON p.ballot_id = b.id
        WHERE b.campaign_id = $1 AND b.person_id = $2 GROUP BY b.id`,
      [campaignId, personId],
    )) as Array<{ id: string; cast_at: Date; picks: BallotPick[] }>;
    const row = rows[0];
    return row ? { id: row.id, campaignId, picks: row.picks, castAt: row.cast_at.toISOString() } : null;
  }

  /** Of these campaigns, those the member has voted in. */
  async votedIn(campaignIds: readonly string[], personId: string): Promise<Set<string>> {
    if (campaignIds.length === 0) return new Set();
    const rows = (await this.manager.query('SELECT campaign_id FROM ballots WHERE person_id = $1 AND campaign_id = ANY($2::uuid[])', [
      personId,
      campaignIds,
    ])) as Array<{ campaign_id: string }>;
    return new Set(rows.map((r) => r.campaign_id));
  }

  /** Every ballot of the campaign, its picks in rank order. */
  async allBallots(campaignId: string, manager: EntityManager = this.manager): Promise<Array<{ picks: BallotPick[] }>> {
    const rows = (await manager.query(
      `SELECT array_agg(p.entry_id ORDER BY p.rank) AS entry_ids FROM ballots b JOIN ballot_picks p ON p.ballot_id = b.id
        WHERE b.campaign_id = $1 GROUP BY b.id`,
      [campaignId],
    )) as Array<{ entry_ids: string[] }>;
    return rows.map((row) => ({ picks: row.entry_ids.map((entryId, index) => ({ entryId, rank: index + 1 })) }));
  }

  /** The running place counts of a live campaign, as cells. */
  placeCounts(sums: LiveSums, picksPerVoter: number): PlaceCount[] {
    return sums.placeCounts.map((count, index) => ({
      entryId: sums.entryIds[Math.floor(index / picksPerVoter)] as string,
      rank: (index % picksPerVoter) + 1,
      count,
    }));
  }

  // --- results and milestones --------------------------------------------------------------

  async saveResults(manager: EntityManager, results: CampaignResults): Promise<void> {
    await manager.query('INSERT INTO results (campaign_id, results) VALUES ($1, $2::jsonb)', [results.campaignId, JSON.stringify(results)]);
  }

  async results(campaignId: string): Promise<CampaignResults | null> {
    const rows = (await this.manager.query('SELECT results FROM results WHERE campaign_id = $1', [campaignId])) as Array<{ results: CampaignResults }>;
    return rows[0]?.results ?? null;
  }

  /** Records a milestone once: false when it was reached before. */
  async recordMilestone(
    manager: EntityManager,
    milestone: { campaignId: string; key: string; milestone: CampaignMilestone; sequence: number; reachedAt: Date; voted: number; eligible: number },
  ): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO milestones (campaign_id, key, milestone, sequence, reached_at, voted, eligible) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (campaign_id, key) DO NOTHING RETURNING key`,
      [milestone.campaignId, milestone.key, milestone.milestone, milestone.sequence, milestone.reachedAt, milestone.voted, milestone.eligible],
    )) as unknown[];
    if (rows.length > 0) await manager.query('UPDATE campaigns SET milestone_keys = array_append(milestone_keys, $2) WHERE id = $1', [milestone.campaignId, milestone.key]);
    return rows.length > 0;
  }

  // --- the schedule ----------------------------------------------------------------------------

  /** Drafts whose start has come (and whose end has not), with entries enough to open. */
  async dueToOpen(now: Date, limit: number): Promise<string[]> {
    const rows = (await this.manager.query(
      `SELECT c.id FROM campaigns c WHERE c.status = 'draft' AND c.starts_at <= $1 AND c.ends_at > $1
          AND (SELECT count(*) FROM entries e WHERE e.campaign_id = c.id) >= c.picks_per_voter
        ORDER BY c.starts_at, c.id LIMIT $2`,
      [now, limit],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Live campaigns whose end has come. */
  async dueToClose(now: Date, limit: number): Promise<string[]> {
    const rows = (await this.manager.query(`SELECT id FROM campaigns WHERE status = 'live' AND ends_at <= $1 ORDER BY ends_at, id LIMIT $2`, [
      now,
      limit,
    ])) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Live campaigns within a day of their end, with the time-left milestones they have reached. */
  async endingWithinADay(now: Date): Promise<Array<{ id: string; openedAt: Date; endsAt: Date; reached: Set<string> }>> {
    const rows = (await this.manager.query(
      `SELECT c.id, c.opened_at, c.ends_at,
              ARRAY(SELECT m.key FROM milestones m WHERE m.campaign_id = c.id AND m.key IN ('hours_left_24', 'hours_left_1')) AS reached
         FROM campaigns c WHERE c.status = 'live' AND c.ends_at > $1 AND c.ends_at <= $1::timestamptz + interval '24 hours'`,
      [now],
    )) as Array<{ id: string; opened_at: Date; ends_at: Date; reached: string[] }>;
    return rows.map((r) => ({ id: r.id, openedAt: r.opened_at, endsAt: r.ends_at, reached: new Set(r.reached) }));
  }
}

function settingsValues(s: CampaignSettings): unknown[] {
  return [
    s.title,
    s.description,
    s.method,
    s.picksPerVoter,
    s.minRankToVote,
    s.minRankToView,
    s.startsAt,
    s.durationHours,
    s.earlyCloseWhenAllVoted,
    s.discordChannelId,
    s.announcementsEnabled,
    s.chattiness,
  ];
}
