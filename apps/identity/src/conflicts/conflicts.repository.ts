import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { ConflictCharacter, ConflictDiscordUser, ConflictsFilter, Page, PageQuery } from '@patt/contracts';
import type { ConflictKind, EvidenceFact } from '../matching';

/** A conflict of a run, its subjects named by stored ids (new members' refs already replaced). */
export interface ConflictRecord {
  kind: ConflictKind;
  summary: string;
  characterIds: readonly string[];
  discordUserIds: readonly string[];
  personIds: readonly string[];
  facts: readonly EvidenceFact[];
}

/** A stored conflict with its subjects' names, as officers read it. */
export interface ConflictRow {
  id: string;
  kind: ConflictKind;
  summary: string;
  characterIds: string[];
  discordUserIds: string[];
  personIds: string[];
  characters: ConflictCharacter[];
  discordUsers: ConflictDiscordUser[];
  firstDetectedAt: Date;
  lastDetectedAt: Date;
}

/** One conflict per kind and subjects: the same doubt found by the next run is the same row. */
export function conflictHash(conflict: Pick<ConflictRecord, 'kind' | 'characterIds' | 'discordUserIds' | 'personIds'>): string {
  const sorted = (ids: readonly string[]) => [...ids].sort().join(',');
  return createHash('sha256')
    .update([conflict.kind, sorted(conflict.characterIds), sorted(conflict.discordUserIds), sorted(conflict.personIds)].join('|'))
    .digest('hex');
}

/** The conflicts of the last matching run (matching_conflicts). */
@Injectable()
export class ConflictsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Makes the table exactly the run's conflicts: one still found keeps its row, id and first
   * sighting (its sentence and facts brought up to date), a new one is added, one no longer found goes.
   */
  async replace(manager: EntityManager, conflicts: readonly ConflictRecord[], at: Date): Promise<void> {
    const rows = new Map<string, ConflictRecord & { id: string; hash: string }>();
    for (const conflict of conflicts) {
      const hash = conflictHash(conflict);
      if (!rows.has(hash)) rows.set(hash, { ...conflict, id: randomUUID(), hash });
    }
    if (rows.size > 0) {
      await manager.query(
        `INSERT INTO matching_conflicts AS m (id, hash, kind, summary, character_ids, discord_user_ids, person_ids, facts, first_detected_at, last_detected_at)
         SELECT x.id, x.hash, x.kind, x.summary,
                ARRAY(SELECT jsonb_array_elements_text(x."characterIds"))::uuid[],
                ARRAY(SELECT jsonb_array_elements_text(x."discordUserIds")),
                ARRAY(SELECT jsonb_array_elements_text(x."personIds"))::uuid[],
                x.facts, $2, $2
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, hash text, kind text, summary text, "characterIds" jsonb, "discordUserIds" jsonb, "personIds" jsonb, facts jsonb)
         ON CONFLICT (hash) DO UPDATE SET summary = EXCLUDED.summary, facts = EXCLUDED.facts, last_detected_at = EXCLUDED.last_detected_at`,
        [JSON.stringify([...rows.values()]), at],
      );
    }
    await manager.query('DELETE FROM matching_conflicts WHERE NOT (hash = ANY($1::text[]))', [[...rows.keys()]]);
  }

  /** A page of conflicts, newest first, with the names and members of their subjects as they are now. */
  async page(query: ConflictsFilter & PageQuery): Promise<Page<ConflictRow>> {
    const kind = query.kind ?? null;
    const rows = (await this.dataSource.query(
      `SELECT m.id, m.kind, m.summary, m.character_ids AS "characterIds", m.discord_user_ids AS "discordUserIds", m.person_ids AS "personIds",
              m.first_detected_at AS "firstDetectedAt", m.last_detected_at AS "lastDetectedAt",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('id', c.id, 'name', c.name, 'realmSlug', c.realm_slug, 'personId', l.person_id) ORDER BY c.name, c.realm_slug, c.id)
                          FROM characters c LEFT JOIN links l ON l.character_id = c.id
                         WHERE c.id = ANY(m.character_ids)), '[]'::jsonb) AS characters,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('userId', d.user_id, 'username', d.username, 'personId', l.person_id) ORDER BY d.username, d.user_id)
                          FROM discord_members d LEFT JOIN links l ON l.discord_user_id = d.user_id
                         WHERE d.user_id = ANY(m.discord_user_ids)), '[]'::jsonb) AS "discordUsers",
              count(*) OVER ()::int AS total
         FROM matching_conflicts m
        WHERE ($1::text IS NULL OR m.kind = $1)
        ORDER BY m.first_detected_at DESC, m.id
        LIMIT $2 OFFSET $3`,
      [kind, query.limit, query.offset],
    )) as Array<ConflictRow & { total: number }>;
    if (rows.length === 0 && query.offset > 0) {
      const [count] = (await this.dataSource.query('SELECT count(*)::int AS n FROM matching_conflicts WHERE ($1::text IS NULL OR kind = $1)', [kind])) as Array<{
        n: number;
      }>;
      return { items: [], total: count?.n ?? 0 };
    }
    return { items: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
  }
}
