import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { DiscordMemberState } from '@patt/contracts';
import { changedRows } from '../common/sql';

/** A Discord member by their names, present or gone: what a roster sheet's rows are read against. */
export interface KnownDiscordUser {
  userId: string;
  username: string;
  displayName: string;
  present: boolean;
}

const MEMBER_RECORD = `x("userId" text, username text, "displayName" text, "roleIds" text[], present boolean, "joinedAt" timestamptz)`;

/**
 * The projection of the Discord server's members. Each row remembers when it was last observed,
 * and an older observation (a part or change applied late) never overwrites a newer one.
 */
@Injectable()
export class DiscordMembersRepository {
  /** Every Discord member's names, present or gone: what a roster sheet's rows are read against. */
  async names(manager: EntityManager): Promise<KnownDiscordUser[]> {
    return (await manager.query(
      'SELECT user_id AS "userId", username, display_name AS "displayName", present FROM discord_members',
    )) as KnownDiscordUser[];
  }

  /** One Discord member by user id, present or gone; null when the mirror never listed them. */
  async findOne(manager: EntityManager, userId: string): Promise<KnownDiscordUser | null> {
    const [row] = (await manager.query(
      'SELECT user_id AS "userId", username, display_name AS "displayName", present FROM discord_members WHERE user_id = $1',
      [userId],
    )) as KnownDiscordUser[];
    return row ?? null;
  }

  /** Members as a sync or a change saw them at `observedAt`. */
  async upsert(manager: EntityManager, members: readonly DiscordMemberState[], observedAt: string): Promise<void> {
    if (members.length === 0) return;
    await manager.query(
      `INSERT INTO discord_members AS d (user_id, username, display_name, role_ids, present, joined_at, observed_at)
       SELECT x."userId", x.username, x."displayName", coalesce(x."roleIds", '{}'), x.present, x."joinedAt", $2::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS ${MEMBER_RECORD}
       ON CONFLICT (user_id) DO UPDATE SET
         username = EXCLUDED.username, display_name = EXCLUDED.display_name, role_ids = EXCLUDED.role_ids,
         present = EXCLUDED.present, joined_at = EXCLUDED.joined_at, observed_at = EXCLUDED.observed_at, updated_at = now()
       WHERE d.observed_at <= EXCLUDED.observed_at`,
      [JSON.stringify(members), observedAt],
    );
  }

  /**
   * After a complete sync of `syncedAt`: the bot's mirror lists every member it ever saw, present
   * or not, so a present member it did not list (and nothing newer has seen) is gone.
   */
  async markUnlistedGone(manager: EntityManager, syncedAt: string): Promise<number> {
    const rows = await changedRows(
      manager,
      `UPDATE discord_members SET present = false, observed_at = $1, updated_at = now()
        WHERE present AND observed_at < $1 RETURNING user_id`,
      [syncedAt],
    );
    return rows.length;
  }
}
