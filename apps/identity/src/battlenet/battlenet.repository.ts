import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { LinkMethod } from '@patt/contracts';

export interface BattlenetAccountRow {
  personId: string;
  accountId: number;
  battletag: string | null;
  linkedAt: Date;
  refreshedAt: Date;
}

export interface BattlenetClaimRow {
  personId: string;
  blizzardCharacterId: number;
  name: string;
  realmSlug: string;
}

/** A claimed character as the claim rules need it: the projection's row, its link, its rejections. */
export interface ClaimedCharacterState {
  blizzardId: number;
  characterId: string;
  inGuild: boolean;
  holderPersonId: string | null;
  holderMethod: LinkMethod | null;
  rejectedUsers: string[];
}

export interface CoverageRow {
  personId: string;
  displayName: string;
  linkedAt: Date | null;
  characters: number;
  claimedCharacters: number;
  discordUserId: string | null;
}

export interface ReminderTarget {
  personId: string;
  discordUserId: string;
  displayName: string;
}

/** Battle.net accounts members linked and the characters they proved; coverage and reminders. */
@Injectable()
export class BattlenetRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async accountOf(personId: string, manager: EntityManager = this.dataSource.manager): Promise<BattlenetAccountRow | null> {
    const rows = (await manager.query(
      'SELECT person_id, account_id, battletag, linked_at, refreshed_at FROM battlenet_accounts WHERE person_id = $1',
      [personId],
    )) as Array<{ person_id: string; account_id: string; battletag: string | null; linked_at: Date; refreshed_at: Date }>;
    const row = rows[0];
    return row ? { personId: row.person_id, accountId: Number(row.account_id), battletag: row.battletag, linkedAt: row.linked_at, refreshedAt: row.refreshed_at } : null;
  }

  /** The member who linked this Battle.net account; null when none. */
  async holderOfAccount(manager: EntityManager, accountId: number): Promise<string | null> {
    const rows = (await manager.query('SELECT person_id FROM battlenet_accounts WHERE account_id = $1', [accountId])) as Array<{ person_id: string }>;
    return rows[0]?.person_id ?? null;
  }

  /** Records the account for the member: linked the first time, refreshed after. */
  async saveAccount(manager: EntityManager, account: { personId: string; accountId: number; battletag: string | null; userId: string }, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO battlenet_accounts (person_id, account_id, battletag, linked_by_user_id, linked_at, refreshed_at)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (person_id) DO UPDATE SET account_id = EXCLUDED.account_id, battletag = EXCLUDED.battletag,
         linked_by_user_id = EXCLUDED.linked_by_user_id, refreshed_at = EXCLUDED.refreshed_at`,
      [account.personId, account.accountId, account.battletag, account.userId, at],
    );
  }

  /** The member's claims become exactly these (a refresh forgets characters no longer on the account). */
  async replaceClaims(manager: EntityManager, personId: string, claims: readonly Omit<BattlenetClaimRow, 'personId'>[], at: Date): Promise<void> {
    await manager.query('DELETE FROM battlenet_claims WHERE person_id = $1', [personId]);
    if (claims.length === 0) return;
    await manager.query(
      `INSERT INTO battlenet_claims (person_id, blizzard_character_id, name, realm_slug, claimed_at)
       SELECT $1, * , $5 FROM unnest($2::bigint[], $3::text[], $4::text[])
       ON CONFLICT DO NOTHING`,
      [personId, claims.map((c) => c.blizzardCharacterId), claims.map((c) => c.name), claims.map((c) => c.realmSlug), at],
    );
  }

  /** Claims of these members, or of every member. */
  async claims(manager: EntityManager, personIds?: readonly string[]): Promise<BattlenetClaimRow[]> {
    const rows = (await manager.query(
      `SELECT person_id, blizzard_character_id, name, realm_slug FROM battlenet_claims
       WHERE $1::uuid[] IS NULL OR person_id = ANY($1::uuid[])
       ORDER BY person_id, blizzard_character_id`,
      [personIds ?? null],
    )) as Array<{ person_id: string; blizzard_character_id: string; name: string; realm_slug: string }>;
    return rows.map((r) => ({ personId: r.person_id, blizzardCharacterId: Number(r.blizzard_character_id), name: r.name, realmSlug: r.realm_slug }));
  }

  /** Claims whose character is in the guild but not linked to the claimant: what a run may still link. */
  async unsettledClaims(manager: EntityManager): Promise<BattlenetClaimRow[]> {
    const rows = (await manager.query(
      `SELECT b.person_id, b.blizzard_character_id, b.name, b.realm_slug FROM battlenet_claims b
       JOIN characters c ON c.blizzard_id = b.blizzard_character_id AND c.in_guild
       WHERE NOT EXISTS (SELECT 1 FROM links l WHERE l.character_id = c.id AND l.person_id = b.person_id AND l.method IN ('battlenet', 'manual', 'import', 'suggestion_confirmed'))
       ORDER BY b.person_id, b.blizzard_character_id`,
    )) as Array<{ person_id: string; blizzard_character_id: string; name: string; realm_slug: string }>;
    return rows.map((r) => ({ personId: r.person_id, blizzardCharacterId: Number(r.blizzard_character_id), name: r.name, realmSlug: r.realm_slug }));
  }

  /** The characters the roster knows by these Blizzard ids, with the link that holds each and its rejections. */
  async characterStates(manager: EntityManager, blizzardIds: readonly number[]): Promise<Map<number, ClaimedCharacterState>> {
    if (blizzardIds.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT c.blizzard_id, c.id, c.in_guild, l.person_id, l.method,
              coalesce((SELECT array_agg(s.discord_user_id) FROM suggestions s WHERE s.character_id = c.id AND s.status = 'rejected'), '{}') AS rejected
       FROM characters c LEFT JOIN links l ON l.character_id = c.id
       WHERE c.blizzard_id = ANY($1::bigint[])
       ORDER BY c.in_guild DESC, c.updated_at DESC`,
      [blizzardIds],
    )) as Array<{ blizzard_id: string; id: string; in_guild: boolean; person_id: string | null; method: LinkMethod | null; rejected: string[] }>;
    const states = new Map<number, ClaimedCharacterState>();
    for (const r of rows) {
      const blizzardId = Number(r.blizzard_id);
      // Blizzard ids are unique; a deleted-and-remade row would be the older, out of the guild.
      if (states.has(blizzardId)) continue;
      states.set(blizzardId, {
        blizzardId,
        characterId: r.id,
        inGuild: r.in_guild,
        holderPersonId: r.person_id,
        holderMethod: r.method,
        rejectedUsers: r.rejected,
      });
    }
    return states;
  }

  async discordUserOf(manager: EntityManager, personId: string): Promise<string | null> {
    const rows = (await manager.query('SELECT discord_user_id FROM links WHERE person_id = $1 AND discord_user_id IS NOT NULL', [personId])) as Array<{
      discord_user_id: string;
    }>;
    return rows[0]?.discord_user_id ?? null;
  }

  async discordUsersOf(manager: EntityManager, personIds: readonly string[]): Promise<Map<string, string>> {
    const rows = (await manager.query('SELECT person_id, discord_user_id FROM links WHERE person_id = ANY($1::uuid[]) AND discord_user_id IS NOT NULL', [
      personIds,
    ])) as Array<{ person_id: string; discord_user_id: string }>;
    return new Map(rows.map((r) => [r.person_id, r.discord_user_id]));
  }

  /** Members with a character in the guild: who linked Battle.net and how much of them it covers. Without a link first. */
  async coverage(filter: { linked?: boolean }, page: { limit: number; offset: number }): Promise<{ items: CoverageRow[]; total: number }> {
    const rows = (await this.dataSource.query(
      `WITH covered AS (
         SELECT m.id, m.sort_name, a.linked_at,
                count(c.id) FILTER (WHERE c.in_guild) AS characters,
                count(c.id) FILTER (WHERE c.in_guild AND l.method = 'battlenet') AS claimed,
                (SELECT d.discord_user_id FROM links d WHERE d.person_id = m.id AND d.discord_user_id IS NOT NULL LIMIT 1) AS discord_user_id
         FROM members m
         LEFT JOIN battlenet_accounts a ON a.person_id = m.id
         LEFT JOIN links l ON l.person_id = m.id AND l.character_id IS NOT NULL
         LEFT JOIN characters c ON c.id = l.character_id
         GROUP BY m.id, m.sort_name, a.linked_at
         HAVING count(c.id) FILTER (WHERE c.in_guild) > 0
       )
       SELECT *, count(*) OVER () AS total FROM covered
       WHERE $1::boolean IS NULL OR (linked_at IS NOT NULL) = $1::boolean
       ORDER BY linked_at IS NOT NULL, lower(sort_name), id
       LIMIT $2 OFFSET $3`,
      [filter.linked ?? null, page.limit, page.offset],
    )) as Array<{ id: string; sort_name: string; linked_at: Date | null; characters: string; claimed: string; discord_user_id: string | null; total: string }>;
    const total = rows[0] ? Number(rows[0].total) : await this.coverageCount(filter);
    return {
      total,
      items: rows.map((r) => ({
        personId: r.id,
        displayName: r.sort_name,
        linkedAt: r.linked_at,
        characters: Number(r.characters),
        claimedCharacters: Number(r.claimed),
        discordUserId: r.discord_user_id,
      })),
    };
  }

  private async coverageCount(filter: { linked?: boolean }): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT count(*) AS n FROM members m
       WHERE EXISTS (SELECT 1 FROM links l JOIN characters c ON c.id = l.character_id WHERE l.person_id = m.id AND c.in_guild)
         AND ($1::boolean IS NULL OR EXISTS (SELECT 1 FROM battlenet_accounts a WHERE a.person_id = m.id) = $1::boolean)`,
      [filter.linked ?? null],
    )) as Array<{ n: string }>;
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Members to remind: in the guild, without a Battle.net link, with a Discord user to write to,
   * and not reminded in the last day; of `personIds` when given. Marks them reminded.
   */
  async takeReminderTargets(manager: EntityManager, personIds: readonly string[] | null, at: Date): Promise<{ targets: ReminderTarget[]; considered: number }> {
    const rows = (await manager.query(
      `SELECT m.id, m.sort_name, d.discord_user_id, r.reminded_at
       FROM members m
       LEFT JOIN links d ON d.person_id = m.id AND d.discord_user_id IS NOT NULL
       LEFT JOIN battlenet_reminders r ON r.person_id = m.id
       WHERE NOT EXISTS (SELECT 1 FROM battlenet_accounts a WHERE a.person_id = m.id)
         AND EXISTS (SELECT 1 FROM links l JOIN characters c ON c.id = l.character_id WHERE l.person_id = m.id AND c.in_guild)
         AND ($1::uuid[] IS NULL OR m.id = ANY($1::uuid[]))
       ORDER BY lower(m.sort_name), m.id`,
      [personIds],
    )) as Array<{ id: string; sort_name: string; discord_user_id: string | null; reminded_at: Date | null }>;
    const dayAgo = at.getTime() - 86_400_000;
    const targets = rows
      .filter((r) => r.discord_user_id !== null && (r.reminded_at === null || r.reminded_at.getTime() <= dayAgo))
      .map((r) => ({ personId: r.id, discordUserId: r.discord_user_id as string, displayName: r.sort_name }));
    if (targets.length > 0) {
      await manager.query(
        `INSERT INTO battlenet_reminders (person_id, reminded_at) SELECT unnest($1::uuid[]), $2
         ON CONFLICT (person_id) DO UPDATE SET reminded_at = EXCLUDED.reminded_at`,
        [targets.map((t) => t.personId), at],
      );
    }
    return { targets, considered: personIds ? personIds.length : rows.length };
  }
}
