import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RANK_LEVELS, RankLevel } from '@patt/contracts';

/** What the projection knows of one voter: their member's rank and whether their account works. */
export interface VoterRecord {
  personId: string;
  /** null: identity has not told us of the member (yet). */
  rankLevel: RankLevel | null;
  /** null: auth has not told us of the account (yet). */
  enabled: boolean | null;
}

/** Eligible voters at or above each rank level (index 1..5; index 0 unused). */
export type EligibleByRank = readonly number[];

/**
 * The projection of accounts the campaigns service keeps: members with their rank (identity's
 * member-matched and member-rank-changed) and accounts with whether they are enabled (auth's
 * user-registered, account-disabled, account-enabled). Eligible voters of a campaign are members
 * with an enabled account at or above its `minRankToVote`.
 */
@Injectable()
export class VotersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async upsertRank(manager: EntityManager, personId: string, rankLevel: RankLevel, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO members (person_id, rank_level, rank_updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (person_id) DO UPDATE SET rank_level = EXCLUDED.rank_level, rank_updated_at = EXCLUDED.rank_updated_at
       WHERE members.rank_updated_at <= EXCLUDED.rank_updated_at`,
      [personId, rankLevel, at],
    );
  }

  /** An account's state as of `at`; an older fact than the one held changes nothing. */
  async upsertAccount(manager: EntityManager, account: { userId: string; personId: string; enabled: boolean }, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO accounts (user_id, person_id, enabled, enabled_updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET person_id = EXCLUDED.person_id, enabled = EXCLUDED.enabled,
         enabled_updated_at = EXCLUDED.enabled_updated_at
       WHERE accounts.enabled_updated_at <= EXCLUDED.enabled_updated_at`,
      [account.userId, account.personId, account.enabled, at],
    );
  }

  /** Records that an account exists (registered), enabled unless a later fact says otherwise. */
  async registerAccount(manager: EntityManager, account: { userId: string; personId: string }, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO accounts (user_id, person_id, enabled, enabled_updated_at) VALUES ($1, $2, true, $3)
       ON CONFLICT (user_id) DO UPDATE SET person_id = EXCLUDED.person_id`,
      [account.userId, account.personId, at],
    );
  }

  async voter(userId: string, personId: string, manager: EntityManager = this.dataSource.manager): Promise<VoterRecord> {
    const rows = (await manager.query(
      `SELECT (SELECT rank_level FROM members WHERE person_id = $2) AS rank_level,
              (SELECT enabled FROM accounts WHERE user_id = $1) AS enabled`,
      [userId, personId],
    )) as Array<{ rank_level: number | null; enabled: boolean | null }>;
    const row = rows[0];
    return { personId, rankLevel: (row?.rank_level ?? null) as RankLevel | null, enabled: row?.enabled ?? null };
  }

  /** Members with an enabled account, counted at or above each rank level, in one query. */
  async eligibleByRank(manager: EntityManager = this.dataSource.manager): Promise<EligibleByRank> {
    const rows = (await manager.query(
      `SELECT m.rank_level, count(*)::int AS n FROM members m
        WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = m.person_id AND a.enabled)
        GROUP BY m.rank_level`,
    )) as Array<{ rank_level: number; n: number }>;
    const atLevel = new Array<number>(7).fill(0);
    for (const row of rows) atLevel[row.rank_level] = row.n;
    const atOrAbove = new Array<number>(6).fill(0);
    for (const level of [...RANK_LEVELS].reverse()) atOrAbove[level] = (atLevel[level] ?? 0) + (atOrAbove[level + 1] ?? 0);
    return atOrAbove;
  }

  /** Of these members, those eligible at `minRankToVote` (an enabled account, the rank). */
  async eligibleAmong(personIds: readonly string[], minRankToVote: RankLevel, manager: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (personIds.length === 0) return new Set();
    const rows = (await manager.query(
      `SELECT m.person_id FROM members m WHERE m.person_id = ANY($1::uuid[]) AND m.rank_level >= $2
          AND EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = m.person_id AND a.enabled)`,
      [personIds, minRankToVote],
    )) as Array<{ person_id: string }>;
    return new Set(rows.map((r) => r.person_id));
  }

  /** Eligible voters (at `minRankToVote`, now) who have cast a ballot in the campaign. */
  async eligibleVoted(campaignId: string, minRankToVote: RankLevel, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows = (await manager.query(
      `SELECT count(*)::int AS n FROM ballots b JOIN members m ON m.person_id = b.person_id
        WHERE b.campaign_id = $1 AND m.rank_level >= $2 AND EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = m.person_id AND a.enabled)`,
      [campaignId, minRankToVote],
    )) as Array<{ n: number }>;
    return rows[0]?.n ?? 0;
  }

  async eligible(minRankToVote: RankLevel, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return (await this.eligibleByRank(manager))[minRankToVote] ?? 0;
  }
}
