// The PATTSync addon's export, in both forms the upload endpoint takes (docs/api.md, "Guild sync"): the Lua file
// (`PATTSyncDB.lastExport`) and its JSON form. Both go through the same validator, so a member
// that is refused in one form is refused, with the same message, in the other.

import { SavedVariablesError } from './errors';
import { ParsedDocument, parseDocument } from './parser';
import { Position } from './position';
import { ParseOptions } from './types';

/** One guild member as GetGuildRosterInfo reports it in game. */
export interface AddonCharacter {
  name: string;
  /** As the game gives it: "Area52", "Senjin", or the player's own realm as displayed ("Sen'jin"). */
  realm: string;
  /** Localized class name ("Chasseur de démons"). */
  class: string;
  /** Locale-independent class token ("DEMONHUNTER"). */
  classFile: string;
  level: number;
  /** In-game rank index, 0 = guild master. */
  rank: number;
  rankName: string;
  zone?: string;
  note?: string;
  officerNote?: string;
  isOnline?: boolean;
  /** Whatever the addon writes (a timestamp, or text such as "3 days"). */
  lastOnline?: string | number;
  achievementPoints?: number;
}

export interface AddonExport {
  /** Unix time (seconds) of the export. */
  exportTime: number;
  exportTimeISO?: string;
  addonVersion: string;
  guildName: string;
  memberCount?: number;
  characters: AddonCharacter[];
}

export interface ValidateOptions {
  /**
   * What to do with fields this version does not know. The JSON form defaults to 'reject', as
   * every JSON body of the API does; the Lua file defaults to 'ignore', because a newer addon may
   * write more than this reader knows and officers cannot edit what the game writes.
   */
  readonly unknownKeys?: 'reject' | 'ignore';
}

const EXPORT_KEYS: ReadonlySet<string> = new Set([
  'exportTime', 'exportTimeISO', 'addonVersion', 'guildName', 'memberCount', 'characters',
]);
const CHARACTER_KEYS: ReadonlySet<string> = new Set([
  'name', 'realm', 'class', 'classFile', 'level', 'rank', 'rankName', 'zone', 'note', 'officerNote',
  'isOnline', 'lastOnline', 'achievementPoints',
]);

type Locate = (value: object) => Position | null;
type Fields = Readonly<Record<string, unknown>>;

/** Reads and checks the fields of one record; the first bad field throws. */
class FieldReader {
  constructor(
    private readonly fields: Fields,
    private readonly path: string,
    private readonly context: Validation,
  ) {}

  private get(key: string): unknown {
    // Own properties only: an inherited `constructor` or `toString` is not a field.
    return Object.hasOwn(this.fields, key) ? this.fields[key] : undefined;
  }

  private fail(key: string, expected: string, value: unknown): never {
    const found = value === undefined ? 'it is missing' : `found ${describeValue(value)}`;
    return this.context.fail(`${this.fieldPath(key)} must be ${expected}, ${found}`, this.fieldPath(key), this.fields);
  }

  private fieldPath(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  string(key: string, options: { optional: true }): string | undefined;
  string(key: string, options?: { nonEmpty?: boolean }): string;
  string(key: string, options: { optional?: boolean; nonEmpty?: boolean } = {}): string | undefined {
    const value = this.get(key);
    if (value === undefined && options.optional) return undefined;
    const expected = options.nonEmpty ? 'a non-empty string' : 'a string';
    if (typeof value !== 'string' || (options.nonEmpty && value.trim() === '')) this.fail(key, expected, value);
    // Postgres text cannot hold U+0000; better to say so here than fail on insert.
    if (value.includes('\u0000')) this.fail(key, 'a string without NUL characters', value);
    return value;
  }

  integer(key: string, min: number, options: { optional: true }): number | undefined;
  integer(key: string, min: number): number;
  integer(key: string, min: number, options: { optional?: boolean } = {}): number | undefined {
    const value = this.get(key);
    if (value === undefined && options.optional) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      this.fail(key, min === 0 ? 'a whole number >= 0' : `a whole number >= ${min}`, value);
    }
    return value;
  }

  number(key: string, min: number): number {
    const value = this.get(key);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) this.fail(key, `a number >= ${min}`, value);
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.fail(key, 'true or false', value);
    return value;
  }

  stringOrNumber(key: string): string | number | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && !value.includes('\u0000')) return value;
    return this.fail(key, 'a string or a number', value);
  }

  list(key: string): readonly unknown[] {
    const value = this.get(key);
    if (!Array.isArray(value)) this.fail(key, 'a list', value);
    return value;
  }

  /** Unknown keys are checked after the known ones, so a missing field is reported first. */
  rejectUnknown(known: ReadonlySet<string>): void {
    if (this.context.unknownKeys === 'ignore') return;
    for (const key of Object.keys(this.fields)) {
      if (!known.has(key)) {
        this.context.fail(`${this.fieldPath(key)} is not a known field`, this.fieldPath(key), this.fields);
      }
    }
  }
}

class Validation {
  constructor(
    readonly unknownKeys: 'reject' | 'ignore',
    private readonly locate: Locate,
  ) {}

  fail(reason: string, path: string, near: object | null): never {
    const position = near === null ? null : this.locate(near);
    throw new SavedVariablesError(reason, {
      kind: 'schema',
      line: position?.line ?? null,
      column: position?.column ?? null,
      path,
    });
  }

  record(value: unknown, path: string, what: string, near: object | null): FieldReader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(`${path || what} must be a table of fields, found ${describeValue(value)}`, path, near);
    }
    return new FieldReader(value as Fields, path, this);
  }

  exportRecord(value: unknown, near: object | null): AddonExport {
    const fields = this.record(value, '', 'the export', near);
    const result: AddonExport = {
      exportTime: fields.number('exportTime', 0),
      addonVersion: fields.string('addonVersion'),
      guildName: fields.string('guildName', { nonEmpty: true }),
      characters: [],
    };
    const exportTimeISO = fields.string('exportTimeISO', { optional: true });
    if (exportTimeISO !== undefined) result.exportTimeISO = exportTimeISO;
    const memberCount = fields.integer('memberCount', 0, { optional: true });
    if (memberCount !== undefined) result.memberCount = memberCount;
    const list = fields.list('characters');
    fields.rejectUnknown(EXPORT_KEYS);
    result.characters = list.map((member, index) => this.character(member, `characters[${index}]`, list));
    return result;
  }

  private character(value: unknown, path: string, list: object): AddonCharacter {
    const fields = this.record(value, path, path, list);
    const character: AddonCharacter = {
      name: fields.string('name', { nonEmpty: true }),
      realm: fields.string('realm', { nonEmpty: true }),
      class: fields.string('class'),
      classFile: fields.string('classFile'),
      level: fields.integer('level', 1),
      rank: fields.integer('rank', 0),
      rankName: fields.string('rankName'),
    };
    assignDefined(character, 'zone', fields.string('zone', { optional: true }));
    assignDefined(character, 'note', fields.string('note', { optional: true }));
    assignDefined(character, 'officerNote', fields.string('officerNote', { optional: true }));
    assignDefined(character, 'isOnline', fields.boolean('isOnline'));
    assignDefined(character, 'lastOnline', fields.stringOrNumber('lastOnline'));
    assignDefined(character, 'achievementPoints', fields.integer('achievementPoints', 0, { optional: true }));
    fields.rejectUnknown(CHARACTER_KEYS);
    return character;
  }
}

/** Optional fields stay absent rather than present-but-undefined, so results compare cleanly. */
function assignDefined<K extends keyof AddonCharacter>(target: AddonCharacter, key: K, value: AddonCharacter[K]): void {
  if (value !== undefined) target[key] = value;
}

/** "a string "80"", "a list", "a table", "true": what was found instead, short. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 30 ? `${value.slice(0, 30)}...` : value;
      return `the string ${JSON.stringify(shown)}`;
    }
    case 'number':
      return Number.isFinite(value) ? `the number ${value}` : `the number ${String(value)}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'a table';
    default:
      return typeof value;
  }
}

/**
 * Checks the JSON form `{exportTime, addonVersion, guildName, characters: [...]}` (optional
 * exportTimeISO, memberCount) and returns it typed, with only known fields. Throws
 * SavedVariablesError (kind 'schema', line/column null) naming the first bad field, e.g.
 * "characters[12].level must be a whole number >= 1, found the string \"80\"".
 */
export function validateAddonExport(value: unknown, options: ValidateOptions = {}): AddonExport {
  return new Validation(options.unknownKeys ?? 'reject', () => null).exportRecord(value, null);
}

/**
 * Parses a PATTSync SavedVariables file and returns `PATTSyncDB.lastExport`, validated as
 * validateAddonExport does. Schema errors carry the line and column of the table that holds the
 * bad field (a member's `{`), so an officer can find it in the file.
 */
export function readPattSyncExport(input: string | Uint8Array, options: ParseOptions & ValidateOptions = {}): AddonExport {
  const document = parseDocument(input, options, true);
  const validation = new Validation(options.unknownKeys ?? 'ignore', (table) => document.positionOf(table));
  const lastExport = lastExportOf(document, validation);
  return validation.exportRecord(lastExport, typeof lastExport === 'object' ? lastExport : null);
}

/** `PATTSyncDB.lastExport`, with errors that tell an officer what the file is missing. */
function lastExportOf(document: ParsedDocument, validation: Validation): unknown {
  const root = document.value;
  const database = Object.hasOwn(root, 'PATTSyncDB') ? root['PATTSyncDB'] : undefined;
  if (database === undefined) {
    validation.fail('the file does not assign PATTSyncDB: is this the PATTSync SavedVariables file?', 'PATTSyncDB', null);
  }
  // `PATTSyncDB = {}` (installed, never exported) reads as an empty list.
  const empty = Array.isArray(database) && database.length === 0;
  if (typeof database !== 'object' || (Array.isArray(database) && !empty)) {
    validation.fail(`PATTSyncDB must be a table of fields, found ${describeValue(database)}`, 'PATTSyncDB', null);
  }
  if (empty || !Object.hasOwn(database, 'lastExport')) {
    validation.fail('PATTSyncDB.lastExport is missing: the addon has not exported yet', 'PATTSyncDB.lastExport', database);
  }
  return (database as Readonly<Record<string, unknown>>)['lastExport'];
}
