import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { lockForTransaction } from '@patt/persistence';
import { Character } from './character';
import { CharacterEntity } from './character.entity';

/** Columns written from a Character, in one order for the unnest() arrays below. */
const COLUMNS: ReadonlyArray<readonly [column: string, type: string, read: (c: Character) => unknown]> = [
  ['id', 'uuid', (c: Character) => c.id],
  ['blizzard_id', 'bigint', (c: Character) => c.blizzardId],
  ['name', 'text', (c: Character) => c.name],
  ['realm_slug', 'text', (c: Character) => c.realmSlug],
  ['realm_name', 'text', (c: Character) => c.realmName],
  ['class_name', 'text', (c: Character) => c.className],
  ['spec_name', 'text', (c: Character) => c.specName],
  ['role', 'text', (c: Character) => c.role],
  ['level', 'smallint', (c: Character) => c.level],
  ['item_level', 'smallint', (c: Character) => c.itemLevel],
  ['rank_index', 'smallint', (c: Character) => c.rankIndex],
  ['last_login_at', 'timestamptz', (c: Character) => c.lastLoginAt?.toISOString() ?? null],
  ['in_guild', 'boolean', (c: Character) => c.inGuild],
  ['joined_at', 'timestamptz', (c: Character) => c.joinedAt.toISOString()],
  ['left_at', 'timestamptz', (c: Character) => c.leftAt?.toISOString() ?? null],
  ['profile_last_modified', 'text', (c: Character) => c.profileLastModified],
  ['profile_missing', 'boolean', (c: Character) => c.profileMissing],
];

const NAMES = COLUMNS.map(([name]) => name);
const UNNEST = `unnest(${COLUMNS.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')})`;

/** A character's notes as the last applied addon upload left them. */
export interface CharacterNotes {
  guildNote: string | null;
  officerNote: string | null;
}

/**
 * Held (for the transaction) by whatever writes notes or puts them into events: an addon upload
 * and the store step of a Blizzard run. So a `roster-synced` carries the notes of every upload
 * committed before it, and an upload's `character-changed` always comes after it.
 */
const NOTES_LOCK = 'patt-guild-sync:character-notes';

function columnArrays(characters: readonly Character[]): unknown[] {
  return COLUMNS.map(([, , read]) => characters.map((character) => read(character)));
}

/**
 * The roster store. A whole guild is written with one statement per kind of change (arrays
 * through unnest), so a 5,000-member roster commits in one short transaction.
 */
@Injectable()
export class CharactersRepository {
  constructor(@InjectRepository(CharacterEntity) private readonly characters: Repository<CharacterEntity>) {}

  /** Every character ever stored, in the guild or not. */
  all(): Promise<CharacterEntity[]> {
    return this.characters.find();
  }

  async exists(id: string): Promise<boolean> {
    return this.characters.exists({ where: { id } });
  }

  /** How many characters the stored roster has in the guild now. */
  inGuildCount(): Promise<number> {
    return this.characters.count({ where: { inGuild: true } });
  }

  async insert(manager: EntityManager, characters: readonly Character[]): Promise<void> {
    if (characters.length === 0) return;
    await manager.query(`INSERT INTO characters (${NAMES.join(', ')}) SELECT * FROM ${UNNEST}`, columnArrays(characters));
  }

  /** Rewrites the given rows in full; callers pass only the characters that changed. */
  async update(manager: EntityManager, characters: readonly Character[]): Promise<void> {
    if (characters.length === 0) return;
    const assignments = NAMES.filter((name) => name !== 'id').map((name) => `${name} = v.${name}`);
    await manager.query(
      `UPDATE characters AS c SET ${assignments.join(', ')}, updated_at = now()
         FROM ${UNNEST} AS v(${NAMES.join(', ')})
        WHERE c.id = v.id`,
      columnArrays(characters),
    );
  }

  /** Takes the notes lock for the rest of `manager`'s transaction; see NOTES_LOCK. */
  async lockNotes(manager: EntityManager): Promise<void> {
    await lockForTransaction(manager, NOTES_LOCK);
  }

  /** The notes of every character that has one, by id; take the notes lock first. */
  async notes(manager: EntityManager): Promise<Map<string, CharacterNotes>> {
    const rows = (await manager.query(
      'SELECT id, guild_note, officer_note FROM characters WHERE guild_note IS NOT NULL OR officer_note IS NOT NULL',
    )) as Array<{ id: string; guild_note: string | null; officer_note: string | null }>;
    return new Map(rows.map((row) => [row.id, { guildNote: row.guild_note, officerNote: row.officer_note }]));
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.characters.manager.transaction(work);
  }
}
