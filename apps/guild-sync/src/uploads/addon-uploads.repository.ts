import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AddonUploadSummary, SyncRunCounts } from '@patt/contracts';
import { CharacterEntity } from '../roster/character.entity';
import { SyncRunEntity } from '../sync/sync-run.entity';
import { AddonCharacterData } from './addon-changes';

/** An upload's run as it is stored: finished when written (an upload has no queue). */
export interface AddonRunRecord {
  id: string;
  members: number;
  counts: SyncRunCounts;
  upload: AddonUploadSummary;
}

/** The queries of addon uploads; every one runs in the upload's transaction. */
@Injectable()
export class AddonUploadsRepository {
  /** Every character ever stored: a member may match one that left and came back. */
  characters(manager: EntityManager): Promise<CharacterEntity[]> {
    return manager.getRepository(CharacterEntity).find();
  }

  /** The export time of the newest applied upload, or null before the first. */
  async lastAppliedExport(manager: EntityManager): Promise<Date | null> {
    const [row] = (await manager.query(
      `SELECT max((upload->>'exportedAt')::timestamptz) AS "exportedAt"
         FROM sync_runs
        WHERE source = 'addon' AND (upload->>'applied')::boolean`,
    )) as Array<{ exportedAt: Date | null }>;
    return row?.exportedAt ?? null;
  }

  async insertRun(manager: EntityManager, run: AddonRunRecord): Promise<void> {
    await manager.getRepository(SyncRunEntity).insert({
      id: run.id,
      source: 'addon',
      trigger: 'upload',
      status: 'succeeded',
      progressDone: run.members,
      progressTotal: run.members,
      counts: run.counts,
      error: null,
      upload: run.upload,
      startedAt: () => 'now()',
      finishedAt: () => 'now()',
    });
  }

  /** Writes the addon data of the matched characters in one statement. */
  async storeCharacterData(manager: EntityManager, rows: readonly AddonCharacterData[], seenAt: Date): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE characters AS c
          SET guild_note = v.guild_note, officer_note = v.officer_note, is_online = v.is_online,
              last_online = v.last_online, zone = v.zone, addon_seen_at = $7::timestamptz, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[])
              AS v(id, guild_note, officer_note, is_online, last_online, zone)
        WHERE c.id = v.id`,
      [
        rows.map((row) => row.id),
        rows.map((row) => row.guildNote),
        rows.map((row) => row.officerNote),
        rows.map((row) => row.isOnline),
        rows.map((row) => row.lastOnline),
        rows.map((row) => row.zone),
        seenAt.toISOString(),
      ],
    );
  }
}
