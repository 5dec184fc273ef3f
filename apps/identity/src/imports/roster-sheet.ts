// The spreadsheet import: guilds that kept "who plays what" in a sheet export it as CSV with the
// columns Discord, Character, Realm, MainAlt. This module only reads the file: it never looks at
// the database, so every problem it reports is a problem of the file itself, with its line.
import { foldName, realmSlug, splitFullName } from '@patt/wow';

/** One row of the sheet, as the officer wrote it (trimmed). */
export interface SheetRow {
  /** The physical line the row starts on (1 = the header), as a spreadsheet shows it. */
  line: number;
  /** The Discord username, without a leading "@" or an old "#1234" discriminator. */
  discord: string;
  character: string;
  /** As written ("Area 52", "area-52", "Sen'jin"); empty means the guild's own realm. */
  realm: string;
  main: boolean;
}

export interface SheetProblem {
  line: number;
  problem: string;
}

/** The file cannot be imported; `problems` are the first few, in line order. */
export class RosterSheetError extends Error {
  constructor(readonly problems: readonly SheetProblem[]) {
    super(problems.map((p) => `line ${p.line}: ${p.problem}`).join('; '));
    this.name = 'RosterSheetError';
  }
}

export interface SheetLimits {
  maxRows: number;
  maxFieldLength: number;
  /** How many problems one error lists, so a wrong file does not answer with thousands. */
  maxProblems: number;
}

export const SHEET_LIMITS: SheetLimits = { maxRows: 10_000, maxFieldLength: 200, maxProblems: 20 };

const COLUMNS = { discord: 'Discord', character: 'Character', realm: 'Realm', mainAlt: 'MainAlt' } as const;
type Column = keyof typeof COLUMNS;

/** "Main/Alt", "main alt" and "MAIN_ALT" all name the MainAlt column. */
const headerKey = (name: string) => foldName(name).replace(/[^a-z]/g, '');

/**
 * Reads the sheet: RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes, CRLF),
 * with a byte-order mark tolerated and the delimiter taken from the header (comma, or the
 * semicolon and tab that spreadsheets in some locales export). Columns may come in any order and
 * extra columns are ignored; blank rows are skipped. Throws a RosterSheetError naming lines.
 */
export function parseRosterSheet(text: string, limits: SheetLimits = SHEET_LIMITS): SheetRow[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records = readRecords(body, delimiterOf(body));
  const header = records.shift();
  if (!header || header.fields.every((field) => field.trim() === '')) {
    throw new RosterSheetError([{ line: 1, problem: 'the file is empty: the first line must name the columns Discord, Character, Realm, MainAlt' }]);
  }
  const index = columnIndexes(header.fields);
  const problems: SheetProblem[] = [];
  const rows: SheetRow[] = [];
  for (const record of records) {
    if (record.fields.every((field) => field.trim() === '')) continue;
    if (rows.length + problems.length >= limits.maxRows) {
      throw new RosterSheetError([{ line: record.line, problem: `the sheet has more than ${limits.maxRows} rows; split it into several imports` }]);
    }
    const row = readRow(record, index, limits, problems);
    if (row) rows.push(row);
  }
  problems.push(...contradictions(rows));
  if (problems.length > 0) {
    throw new RosterSheetError(problems.sort((a, b) => a.line - b.line).slice(0, limits.maxProblems));
  }
  if (rows.length === 0) {
    throw new RosterSheetError([{ line: 2, problem: 'the sheet has a header but no rows' }]);
  }
  return rows;
}

interface CsvRecord {
  line: number;
  fields: string[];
}

function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (d: string) => firstLine.split(d).length - 1;
  return ([',', ';', '\t'] as const).reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

/** RFC 4180 records with the line each starts on; a quote left open is an error at its line. */
function readRecords(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '"' && field.trim() === '') {
      const opened = line;
      field = '';
      i += 1;
      for (;;) {
        if (i >= text.length) {
          throw new RosterSheetError([{ line: opened, problem: 'a quoted field is never closed (a " is missing)' }]);
        }
        const c = text[i] as string;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (c === '\n') line += 1;
        field += c;
        i += 1;
      }
      // Whatever follows the closing quote up to the delimiter belongs to the field, as
      // spreadsheets read it ("a"b → a"b is not RFC but harmless); only spaces are usual.
      while (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
        field += text[i];
        i += 1;
      }
      continue;
    }
    if (char === delimiter) {
      fields.push(field);
      field = '';
      i += 1;
      continue;
    }
    if (char === '\r' || char === '\n') {
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      endRecord();
      line += 1;
      recordLine = line;
      continue;
    }
    field += char;
    i += 1;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

function columnIndexes(header: string[]): Record<Column, number> {
  const keys = header.map(headerKey);
  const missing: string[] = [];
  const index = {} as Record<Column, number>;
  for (const [column, name] of Object.entries(COLUMNS) as Array<[Column, string]>) {
    const at = keys.indexOf(headerKey(name));
    if (at < 0) missing.push(name);
    else if (keys.indexOf(headerKey(name), at + 1) >= 0) {
      throw new RosterSheetError([{ line: 1, problem: `the column ${name} appears twice in the header` }]);
    } else index[column] = at;
  }
  if (missing.length > 0) {
    throw new RosterSheetError([
      {
        line: 1,
        problem: `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (it must name Discord, Character, Realm and MainAlt; found ${header.map((h) => JSON.stringify(h.trim())).join(', ')})`,
      },
    ]);
  }
  return index;
}

function readRow(record: CsvRecord, index: Record<Column, number>, limits: SheetLimits, problems: SheetProblem[]): SheetRow | undefined {
  const value = (column: Column) => (record.fields[index[column]] ?? '').trim();
  const before = problems.length;
  const problem = (text: string) => problems.push({ line: record.line, problem: text });
  for (const column of Object.keys(COLUMNS) as Column[]) {
    if (value(column).length > limits.maxFieldLength) problem(`the ${COLUMNS[column]} value is longer than ${limits.maxFieldLength} characters`);
  }
  const discord = value('discord').replace(/^@/, '').replace(/#\d{4}$/, '').trim();
  // "Trog-Area52", as the game writes a cross-realm character, carries its realm.
  const written = splitFullName(value('character'));
  const character = written.name.trim();
  const realm = value('realm') || (written.realm ?? '').trim();
  const mainAlt = foldName(value('mainAlt'));
  if (discord === '') problem('the Discord column is empty: every row links a character to a Discord user');
  else if (/\p{Cc}/u.test(discord)) problem('the Discord value contains control characters');
  if (character === '') problem('the Character column is empty');
  else if (!/^[\p{L}\p{M}]{2,24}$/u.test(character)) problem(`"${character}" is not a character name (2 to 24 letters)`);
  if (!['main', 'alt', 'm', 'a', ''].includes(mainAlt)) problem(`MainAlt is "${value('mainAlt')}"; write Main or Alt (or leave it empty for an alt)`);
  if (problems.length > before) return undefined;
  return { line: record.line, discord, character, realm, main: mainAlt === 'main' || mainAlt === 'm' };
}

/** The file contradicting itself: one character for two people, two mains for one person. */
function contradictions(rows: readonly SheetRow[]): SheetProblem[] {
  const problems: SheetProblem[] = [];
  const owner = new Map<string, SheetRow>();
  const main = new Map<string, SheetRow>();
  for (const row of rows) {
    const characterKey = `${foldName(row.character)}\u0000${realmSlug(row.realm)}`;
    const first = owner.get(characterKey);
    if (first && foldName(first.discord) !== foldName(row.discord)) {
      problems.push({ line: row.line, problem: `${row.character} is given to ${row.discord} here and to ${first.discord} on line ${first.line}` });
    } else if (!first) owner.set(characterKey, row);
    if (row.main) {
      const other = main.get(foldName(row.discord));
      if (other && foldName(other.character) !== foldName(row.character)) {
        problems.push({ line: row.line, problem: `${row.discord} has a second main here (${row.character}; line ${other.line} says ${other.character})` });
      } else if (!other) main.set(foldName(row.discord), row);
    }
  }
  return problems;
}
