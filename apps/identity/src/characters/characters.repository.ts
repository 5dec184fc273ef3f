import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CharacterSort, CharactersFilter, CharactersOrder, Page, PageQuery, RankLevel, RosterChange, RosterCharacter } from '@patt/contracts';

/** A character by its name and realm, in the guild or not: what a roster sheet's rows are read against. */
export interface KnownCharacter {
  id: string;
  name: string;
  realmSlug: string;
  realmName: string;
  inGuild: boolean;
}

/** A character row with the member it belongs to: what the API's `character` is made of. */
export interface CharacterRow {
  id: string;
  /** A bigint, as Postgres gives it. */
  blizzardId: string;
  name: string;
  realmSlug: string;
  realmName: string;
  className: string | null;
  specName: string | null;
  role: RosterCharacter['role'];
  level: number;
  itemLevel: number | null;
  guildRankIndex: number;
  /** ISO-8601 UTC, as the API shows it (formatted by Postgres: a page has a thousand of them). */
  lastLoginAt: string | null;
  inGuild: boolean;
  joinedAt: string | null;
  leftAt: string | null;
  guildNote: string | null;
  officerNote: string | null;
  personId: string | null;
}

/** A timestamptz column as the API's ISO-8601 UTC text, the same as Date.toISOString() gives. */
export function isoUtc(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The columns of CharacterRow, for queries that join characters to their link. */
const CHARACTER_COLUMNS = `c.id, c.blizzard_id AS "blizzardId", c.name, c.realm_slug AS "realmSlug", c.realm_name AS "realmName",
  c.class_name AS "className", c.spec_name AS "specName", c.role, c.level, c.item_level AS "itemLevel",
  c.guild_rank_index AS "guildRankIndex", ${isoUtc('c.last_login_at')} AS "lastLoginAt", c.in_guild AS "inGuild",
  ${isoUtc('c.joined_at')} AS "joinedAt", ${isoUtc('c.left_at')} AS "leftAt", c.guild_note AS "guildNote", c.officer_note AS "officerNote"`;

/** The roster's fields of a character, as jsonb_to_recordset reads a JSON array of RosterCharacter. */
const ROSTER_RECORD = `x("characterId" uuid, "blizzardId" bigint, name text, "realmSlug" text, "realmName" text,
  "className" text, "specName" text, role text, level smallint, "itemLevel" smallint, "guildRankIndex" smallint,
  "lastLoginAt" timestamptz, "guildNote" text, "officerNote" text)`;

/** Characters `q` matches: a part of the name, case-insensitive, with LIKE's wildcards taken literally. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A character of the list, with its member as the roster shows it beside the character. */
export interface CharacterListRow extends CharacterRow {
  isMain: boolean;
  /** Null when the character belongs to no member. */
  memberName: string | null;
  memberRankLevel: RankLevel | null;
  memberDiscordUsername: string | null;
}

/** The name a member is shown by (as the members list shows it): the officer's, the Discord display name, the main's. */
const MEMBER_SHOWN_NAME = 'coalesce(m.display_name, d.display_name, mc.name)';

/** The rank level a character's in-game rank maps to (the rank table; an index no rank maps is level 1). */
function rankLevelOf(alias: string): string {
  return `coalesce((SELECT r.level FROM ranks r WHERE ${alias}.guild_rank_index = ANY(r.game_rank_indexes) ORDER BY r.level DESC LIMIT 1), 1)`;
}

/**
 * What a column orders by, for the character aliased `c` (the row) or `mc` (its member's main).
 * Roles go in the order raid leaders count them; text case-insensitively.
 */
function sortKey(sort: CharacterSort, alias: string): string {
  switch (sort) {
    case 'name':
      return `lower(${alias}.name)`;
    case 'realm':
      return `lower(${alias}.realm_name)`;
    case 'member':
      return `lower(${MEMBER_SHOWN_NAME})`;
    case 'className':
      return `lower(${alias}.class_name)`;
    case 'specName':
      return `lower(${alias}.spec_name)`;
    case 'role':
      return `array_position(ARRAY['tank', 'healer', 'melee', 'ranged'], ${alias}.role)`;
    case 'level':
      return `${alias}.level`;
    case 'itemLevel':
      return `${alias}.item_level`;
    case 'rank':
      return `${alias}.guild_rank_index`;
    case 'lastLoginAt':
      return `${alias}.last_login_at`;
    case 'joinedAt':
      return `${alias}.joined_at`;
  }
}

/**
 * The ORDER BY of the characters list. Empty values come last in both directions. Grouped by
 * member, a member's characters sort where their main does (the main first, then the alts by the
 * same column); a character of no member is its own group. Name, realm and id break ties, so a
 * page boundary never moves between two reads of the same data.
 */
function orderBy({ sort = 'name', order = 'asc', group }: CharactersOrder): string {
  const direction = order === 'desc' ? 'DESC' : 'ASC';
  const own = sortKey(sort, 'c');
  const tieBreak = 'lower(c.name), c.realm_slug, c.id';
  if (group !== 'member') return `${own} ${direction} NULLS LAST, ${tieBreak}`;
  // The member sort is the member's name for every character of the member: no CASE needed.
  const groupKey = sort === 'member' ? own : `CASE WHEN mc.id IS NOT NULL THEN ${sortKey(sort, 'mc')} ELSE ${own} END`;
  const groupName = 'CASE WHEN mc.id IS NOT NULL THEN lower(mc.name) ELSE lower(c.name) END';
  return `${groupKey} ${direction} NULLS LAST, ${groupName}, coalesce(l.person_id, c.id), (m.main_character_id = c.id) IS TRUE DESC,
          ${own} ${direction} NULLS LAST, ${tieBreak}`;
}

@Injectable()
export class CharactersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every character's name and realm, in the guild or not: what a roster sheet's rows are read against. */
  async names(manager: EntityManager): Promise<KnownCharacter[]> {
    return (await manager.query(
      'SELECT id, name, realm_slug AS "realmSlug", realm_name AS "realmName", in_guild AS "inGuild" FROM characters',
    )) as KnownCharacter[];
  }

  // ---- the projection (written by roster and addon events) -----------------------------------

  /**
   * The characters a roster lists are in the guild as of `syncedAt`. A row that a newer roster
   * (or change) has already written is left alone, so parts and syncs applied out of order end
   * where the newest put them. The roster carries the notes guild-sync holds (from the last addon
   * upload) as of `syncedAt`; notes from a later upload (character-changed) are kept over them.
   */
  async upsertListed(manager: EntityManager, characters: readonly RosterCharacter[], syncedAt: string): Promise<void> {
    if (characters.length === 0) return;
    await manager.query(
      `INSERT INTO characters AS c (id, blizzard_id, name, realm_slug, realm_name, class_name, spec_name, role, level,
         item_level, guild_rank_index, last_login_at, in_guild, joined_at, left_at, guild_note, officer_note, roster_seen_at, notes_changed_at)
       SELECT x."characterId", x."blizzardId", x.name, x."realmSlug", x."realmName", x."className", x."specName", x.role,
         x.level, x."itemLevel", x."guildRankIndex", x."lastLoginAt", true, $2::timestamptz, NULL, x."guildNote", x."officerNote",
         $2::timestamptz, $2::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS ${ROSTER_RECORD}
       ON CONFLICT (id) DO UPDATE SET
         blizzard_id = EXCLUDED.blizzard_id, name = EXCLUDED.name, realm_slug = EXCLUDED.realm_slug,
         realm_name = EXCLUDED.realm_name, class_name = EXCLUDED.class_name, spec_name = EXCLUDED.spec_name,
         role = EXCLUDED.role, level = EXCLUDED.level, item_level = EXCLUDED.item_level,
         guild_rank_index = EXCLUDED.guild_rank_index, last_login_at = EXCLUDED.last_login_at,
         in_guild = true, joined_at = CASE WHEN c.in_guild THEN coalesce(c.joined_at, EXCLUDED.joined_at) ELSE EXCLUDED.joined_at END,
         left_at = NULL, roster_seen_at = EXCLUDED.roster_seen_at,
         guild_note = CASE WHEN c.notes_changed_at IS NULL OR c.notes_changed_at <= EXCLUDED.notes_changed_at THEN EXCLUDED.guild_note ELSE c.guild_note END,
         officer_note = CASE WHEN c.notes_changed_at IS NULL OR c.notes_changed_at <= EXCLUDED.notes_changed_at THEN EXCLUDED.officer_note ELSE c.officer_note END,
         notes_changed_at = GREATEST(c.notes_changed_at, EXCLUDED.notes_changed_at), updated_at = now()
       WHERE c.roster_seen_at <= EXCLUDED.roster_seen_at`,
      [JSON.stringify(characters), syncedAt],
    );
  }

  /**
   * guild-sync's decisions about membership: `left` takes a character out of the guild, `joined`
   * and `rejoined` date its arrival. Applied unless a newer roster has spoken about the character.
   * A character that left before identity ever saw it stays unknown (the change does not carry a
   * whole character).
   */
  async applyMembershipChanges(manager: EntityManager, changes: readonly RosterChange[]): Promise<void> {
    const left = changes.filter((change) => change.type === 'left');
    const arrived = changes.filter((change) => change.type === 'joined' || change.type === 'rejoined');
    if (left.length > 0) {
      await manager.query(
        `UPDATE characters AS c SET in_guild = false, left_at = v.at, roster_seen_at = v.at, updated_at = now()
           FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at)
          WHERE c.id = v.id AND c.roster_seen_at <= v.at`,
        [left.map((change) => change.characterId), left.map((change) => change.at)],
      );
    }
    if (arrived.length > 0) {
      await manager.query(
        `UPDATE characters AS c SET joined_at = v.at, left_at = NULL, updated_at = now()
           FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at)
          WHERE c.id = v.id AND c.in_guild AND c.roster_seen_at <= v.at`,
        [arrived.map((change) => change.characterId), arrived.map((change) => change.at)],
      );
    }
  }

  /** In-guild characters a complete roster of `syncedAt` did not list (and guild-sync did not call leavers). */
  async unlistedInGuild(manager: EntityManager, syncedAt: string): Promise<number> {
    const [row] = (await manager.query('SELECT count(*)::int AS n FROM characters WHERE in_guild AND roster_seen_at < $1', [syncedAt])) as Array<{
      n: number;
    }>;
    return row?.n ?? 0;
  }

  /**
   * One character's new state from guild-sync (character-changed). The notes are taken from an
   * addon upload (a profile refresh carries none) unless newer notes are stored; the profile
   * fields unless a newer roster wrote the row. Membership (in the guild or not) is the roster's
   * alone: a character identity has not seen on a roster yet is stored as not in the guild, and
   * the roster that lists it (whenever it is applied) puts it in.
   */
  async applyCharacterState(manager: EntityManager, character: RosterCharacter, source: 'addon' | 'profile', changedAt: string): Promise<void> {
    const withNotes = source === 'addon';
    await manager.query(
      `INSERT INTO characters AS c (id, blizzard_id, name, realm_slug, realm_name, class_name, spec_name, role, level,
         item_level, guild_rank_index, last_login_at, in_guild, guild_note, officer_note, roster_seen_at, notes_changed_at)
       SELECT x."characterId", x."blizzardId", x.name, x."realmSlug", x."realmName", x."className", x."specName", x.role,
         x.level, x."itemLevel", x."guildRankIndex", x."lastLoginAt", false,
         CASE WHEN $3 THEN x."guildNote" END, CASE WHEN $3 THEN x."officerNote" END, '-infinity', CASE WHEN $3 THEN $2::timestamptz END
         FROM jsonb_to_recordset($1::jsonb) AS ${ROSTER_RECORD}
       ON CONFLICT (id) DO UPDATE SET
         guild_note = CASE WHEN $3 AND (c.notes_changed_at IS NULL OR c.notes_changed_at <= $2::timestamptz) THEN EXCLUDED.guild_note ELSE c.guild_note END,
         officer_note = CASE WHEN $3 AND (c.notes_changed_at IS NULL OR c.notes_changed_at <= $2::timestamptz) THEN EXCLUDED.officer_note ELSE c.officer_note END,
         notes_changed_at = CASE WHEN $3 THEN GREATEST(c.notes_changed_at, $2::timestamptz) ELSE c.notes_changed_at END,
         name = CASE WHEN c.roster_seen_at <= $2::timestamptz THEN EXCLUDED.name ELSE c.name END,
         realm_slug = CASE WHEN c.roster_seen_at <= $2::timestamptz THEN EXCLUDED.realm_slug ELSE c.realm_slug END,
         realm_name = CASE WHEN c.roster_seen_at <= $2::timestamptz THEN EXCLUDED.realm_name ELSE c.realm_name END,
         class_name = CASE WHEN c.roster_seen_at <= $2::timestamptz THEN EXCLUDED.class_name ELSE c.class_name END,
         spec_name = CASE WHEN c.roster_seen_at <= $2::timestamptz THEN EXCLUDED.spec_name ELSE c.spec_name END,
         role = CASE WHEN c.roster_seen_at <= $2::timestamptz THEN EXCLUDED.role ELSE c.role END,
         level = CASE WHEN c.roster_seen_at <= $2::timestamptz THEN EXCLUDED.level ELSE c.level END,
         item_level = CASE WHEN c.roster_seen_at <= $2::timestamptz THEN EXCLUDED.item_level ELSE c.item_level END,
         last_login_at = CASE WHEN c.roster_seen_at <= $2::timestamptz THEN EXCLUDED.last_login_at ELSE c.last_login_at END,
         updated_at = now()`,
      [JSON.stringify([character]), changedAt, withNotes],
    );
  }

  // ---- reads for the API -----------------------------------------------------------------------

  /**
   * A page of the guild's characters, filtered and ordered in one statement with the total (see
   * CharactersOrder). Each row carries its member (name, rank, Discord username) and whether it is
   * the member's main, so the roster can show a member's characters together without a second call.
   */
  async page(filter: CharactersFilter, order: CharactersOrder, page: PageQuery): Promise<Page<CharacterListRow>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.q) where.push(`c.name ILIKE ${param(likePattern(filter.q))}`);
    if (filter.realm) where.push(`c.realm_slug = ${param(filter.realm)}`);
    if (filter.inGuild !== undefined) where.push(`c.in_guild = ${param(filter.inGuild)}`);
    if (filter.linked !== undefined) where.push(filter.linked ? 'l.person_id IS NOT NULL' : 'l.person_id IS NULL');
    if (filter.rank !== undefined) where.push(`${rankLevelOf('c')} = ${param(filter.rank)}`);
    if (filter.className) where.push(`lower(c.class_name) = lower(${param(filter.className)})`);
    if (filter.role) where.push(`c.role = ${param(filter.role)}`);
    if (filter.activeWithinDays !== undefined) {
      where.push(`c.last_login_at >= now() - make_interval(days => ${param(filter.activeWithinDays)}::int)`);
    }
    const rows = (await this.dataSource.query(
      `SELECT ${CHARACTER_COLUMNS}, l.person_id AS "personId", (m.main_character_id = c.id) IS TRUE AS "isMain",
              CASE WHEN m.id IS NOT NULL THEN ${MEMBER_SHOWN_NAME} END AS "memberName",
              m.rank_level AS "memberRankLevel", d.username AS "memberDiscordUsername",
              count(*) OVER ()::int AS total
         FROM characters c
         LEFT JOIN links l ON l.character_id = c.id
         LEFT JOIN members m ON m.id = l.person_id
         LEFT JOIN characters mc ON mc.id = m.main_character_id
         LEFT JOIN LATERAL (SELECT d.username, d.display_name FROM links dl JOIN discord_members d ON d.user_id = dl.discord_user_id
                             WHERE dl.person_id = m.id AND dl.discord_user_id IS NOT NULL LIMIT 1) d ON m.id IS NOT NULL
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${orderBy(order)}
        LIMIT ${param(page.limit)} OFFSET ${param(page.offset)}`,
      params,
    )) as Array<CharacterListRow & { total: number }>;
    if (rows.length === 0 && page.offset > 0) return { items: [], total: await this.count(filter) };
    return { items: rows, total: rows[0]?.total ?? 0 };
  }

  async findOne(id: string, manager: EntityManager = this.dataSource.manager): Promise<CharacterRow | null> {
    const rows = (await manager.query(
      `SELECT ${CHARACTER_COLUMNS}, l.person_id AS "personId" FROM characters c LEFT JOIN links l ON l.character_id = c.id WHERE c.id = $1`,
      [id],
    )) as CharacterRow[];
    return rows[0] ?? null;
  }

  /** The characters of these members (each row names its member), in-guild ones first. */
  async ofMembers(personIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<CharacterRow[]> {
    if (personIds.length === 0) return [];
    return (await manager.query(
      `SELECT ${CHARACTER_COLUMNS}, l.person_id AS "personId"
         FROM links l JOIN characters c ON c.id = l.character_id
        WHERE l.person_id = ANY($1::uuid[])
        ORDER BY c.in_guild DESC, c.guild_rank_index, lower(c.name), c.id`,
      [personIds],
    )) as CharacterRow[];
  }

  private async count(filter: CharactersFilter): Promise<number> {
    const page = await this.page(filter, {}, { limit: 1, offset: 0 });
    return page.total;
  }
}
