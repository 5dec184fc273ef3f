import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Page, PageQuery } from '@patt/contracts';
import type { Decider } from '../common/decider';
import type { Evidence, Suggestion } from '../matching';
import { SuggestionEntity } from './suggestion.entity';

/** An open suggestion with the names an officer reads it by. */
export interface SuggestionRow {
  id: string;
  characterId: string;
  discordUserId: string;
  score: number;
  reason: string;
  source: string;
  createdAt: Date;
  characterName: string;
  realmSlug: string;
  discordUsername: string;
}

/** An open suggestion of one Discord user, with its character's name. */
export interface UserSuggestionRow {
  id: string;
  characterId: string;
  characterName: string;
  score: number;
  evidence: Evidence | null;
}

export interface RejectedPairInput {
  characterId: string;
  discordUserId: string;
  reason: string;
  evidence: Evidence | null;
}

/** Suggestions: open ones (replaced by each matching run) and rejected ones (kept for good). */
@Injectable()
export class SuggestionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Makes the open suggestions exactly the plan's. A pair still suggested keeps its row and id (an
   * officer may be about to confirm it), rewritten only if its score or reason moved; a pair an
   * officer rejected is never reopened (the engine never suggests one; the WHERE makes sure).
   */
  async replaceOpen(manager: EntityManager, suggestions: readonly Suggestion[]): Promise<void> {
    if (suggestions.length > 0) {
      await manager.query(
        `INSERT INTO suggestions AS s (id, character_id, discord_user_id, status, score, reason, source, evidence)
         SELECT x.id, x."characterId", x."discordUserId", 'open', x.score, x.reason, x.source, x.evidence
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "characterId" uuid, "discordUserId" text, score real, reason text, source text, evidence jsonb)
         ON CONFLICT (character_id, discord_user_id) DO UPDATE SET
           score = EXCLUDED.score, reason = EXCLUDED.reason, source = EXCLUDED.source, evidence = EXCLUDED.evidence, updated_at = now()
         WHERE s.status = 'open' AND (s.score, s.reason, s.source) IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.reason, EXCLUDED.source)`,
        [JSON.stringify(suggestions.map((s) => ({ ...s, id: randomUUID() })))],
      );
    }
    await manager.query(
      `DELETE FROM suggestions s WHERE s.status = 'open'
          AND NOT EXISTS (SELECT 1 FROM unnest($1::uuid[], $2::text[]) AS k(c, d) WHERE k.c = s.character_id AND k.d = s.discord_user_id)`,
      [suggestions.map((s) => s.characterId), suggestions.map((s) => s.discordUserId)],
    );
  }

  async openPage(page: PageQuery): Promise<Page<SuggestionRow>> {
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.character_id AS "characterId", s.discord_user_id AS "discordUserId", s.score, s.reason, s.source,
              s.created_at AS "createdAt", c.name AS "characterName", c.realm_slug AS "realmSlug", d.username AS "discordUsername",
              count(*) OVER ()::int AS total
         FROM suggestions s
         JOIN characters c ON c.id = s.character_id
         JOIN discord_members d ON d.user_id = s.discord_user_id
        WHERE s.status = 'open'
        ORDER BY s.score DESC, s.id
        LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    )) as Array<SuggestionRow & { total: number }>;
    if (rows.length === 0 && page.offset > 0) {
      const [count] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM suggestions WHERE status = 'open'`)) as Array<{ n: number }>;
      return { items: [], total: count?.n ?? 0 };
    }
    return { items: rows, total: rows[0]?.total ?? 0 };
  }

  /** The open suggestions of a Discord user, in the caller's transaction (which holds the membership lock). */
  async openOfUser(manager: EntityManager, discordUserId: string): Promise<UserSuggestionRow[]> {
    return (await manager.query(
      `SELECT s.id, s.character_id AS "characterId", c.name AS "characterName", s.score, s.evidence
         FROM suggestions s JOIN characters c ON c.id = s.character_id
        WHERE s.status = 'open' AND s.discord_user_id = $1
        ORDER BY s.id`,
      [discordUserId],
    )) as UserSuggestionRow[];
  }

  lock(manager: EntityManager, id: string): Promise<SuggestionEntity | null> {
    return manager.getRepository(SuggestionEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async markRejected(manager: EntityManager, id: string, by: Decider): Promise<void> {
    await manager.query(
      `UPDATE suggestions SET status = 'rejected', decided_by_user_id = $2, decided_by = $3, decided_at = now(), updated_at = now() WHERE id = $1`,
      [id, by.userId, by.username],
    );
  }

  /** Records "never these two" for pairs an officer separated (by removing the link that joined them). */
  async rejectPairs(manager: EntityManager, pairs: readonly RejectedPairInput[], by: Decider): Promise<void> {
    if (pairs.length === 0) return;
    await manager.query(
      `INSERT INTO suggestions AS s (id, character_id, discord_user_id, status, score, reason, source, evidence, decided_by_user_id, decided_by, decided_at)
       SELECT x.id, x."characterId", x."discordUserId", 'rejected', 0, x.reason, 'link_removed', x.evidence, $2, $3, now()
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "characterId" uuid, "discordUserId" text, reason text, evidence jsonb)
       ON CONFLICT (character_id, discord_user_id) DO UPDATE SET status = 'rejected', reason = EXCLUDED.reason, source = EXCLUDED.source,
         decided_by_user_id = EXCLUDED.decided_by_user_id, decided_by = EXCLUDED.decided_by, decided_at = now(), updated_at = now()`,
      [JSON.stringify(pairs.map((pair) => ({ ...pair, id: randomUUID() }))), by.userId, by.username],
    );
  }

  /**
   * An officer linked these pairs by hand: earlier rejections of them no longer hold, and open
   * suggestions about the subjects are settled (the next run suggests what is left to suggest),
   * but those in `keep`, which the officer's decision leaves open.
   */
  async settle(
    manager: EntityManager,
    subjects: { characterIds: readonly string[]; discordUserIds: readonly string[] },
    linkedPairs: ReadonlyArray<[string, string]>,
    keep: readonly string[] = [],
  ): Promise<void> {
    if (linkedPairs.length > 0) {
      await manager.query(
        `DELETE FROM suggestions s USING unnest($1::uuid[], $2::text[]) AS k(c, d)
          WHERE s.status = 'rejected' AND s.character_id = k.c AND s.discord_user_id = k.d`,
        [linkedPairs.map(([c]) => c), linkedPairs.map(([, d]) => d)],
      );
    }
    await manager.query(
      `DELETE FROM suggestions WHERE status = 'open' AND (character_id = ANY($1::uuid[]) OR discord_user_id = ANY($2::text[])) AND NOT (id = ANY($3::uuid[]))`,
      [subjects.characterIds, subjects.discordUserIds, keep],
    );
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM suggestions WHERE id = $1', [id]);
  }
}
