import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ImportResult, SkippedImportRow } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { CharactersRepository, type KnownCharacter } from '../characters/characters.repository';
import { currentDecider, type Decider } from '../common/decider';
import { DiscordMembersRepository, type KnownDiscordUser } from '../discord-members/discord-members.repository';
import { LinksService } from '../links/links.service';
import type { Evidence } from '../matching';
import { MembersRepository } from '../members/members.repository';
import { parseRosterSheet, RosterSheetError, SheetRow } from './roster-sheet';
import { SheetLookup } from './sheet-lookup';

/** One person of the sheet: their Discord user and the rows of their characters, main first. */
interface SheetPerson {
  user: KnownDiscordUser;
  rows: Array<{ row: SheetRow; character: KnownCharacter }>;
}

/**
 * The spreadsheet import: each row becomes a confirmed link (method `import`) of its character to
 * the member of its Discord user, and a row marked Main makes that character the member's main.
 * The whole sheet is one transaction under the membership lock: a file with a bad row (400), or a
 * row that contradicts an officer's link (409), applies nothing, and the answer names the line.
 * Rows naming a character or Discord user the platform does not know are skipped, with the
 * reason, and so are rows an officer's link already says: an old sheet names people who left.
 */
@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: LinksService,
    private readonly characters: CharactersRepository,
    private readonly discordMembers: DiscordMembersRepository,
    private readonly members: MembersRepository,
  ) {}

  async import(csv: string): Promise<ImportResult> {
    const rows = readSheet(csv);
    const by = currentDecider();
    return this.dataSource.transaction(async (manager) => {
      const batch = await this.links.batch(manager);
      const skippedRows: SkippedImportRow[] = [];
      const people = resolve(rows, await this.lookup(manager), skippedRows);
      let linked = 0;
      for (const person of people) {
        let personId: string | undefined;
        for (const { row, character } of person.rows) {
          // The first row makes the Discord user the member's; the others add characters to them.
          const subjects = personId ? { personId, characterId: character.id } : { characterId: character.id, discordUserId: person.user.userId };
          const outcome = await onLine(row.line, () => batch.link(subjects, { method: 'import', score: 1, evidence: evidenceOf(row, person.user, by), by }));
          personId = outcome.link.personId;
          if (outcome.kind === 'linked') linked += 1;
          else skippedRows.push({ line: row.line, reason: `an officer's link already makes ${row.character} ${person.user.username}'s` });
          if (row.main) await this.members.setMain(manager, personId, character.id);
        }
      }
      await batch.finish('officer imported a roster sheet');
      skippedRows.sort((a, b) => a.line - b.line);
      return { linked, skipped: skippedRows.length, skippedRows };
    });
  }

  /** The guild's characters and Discord members, as the projections hold them now. */
  private async lookup(manager: EntityManager): Promise<SheetLookup> {
    const [characters, users] = await Promise.all([this.characters.names(manager), this.discordMembers.names(manager)]);
    return new SheetLookup(characters, users);
  }
}

function readSheet(csv: string): SheetRow[] {
  try {
    return parseRosterSheet(csv);
  } catch (error) {
    if (!(error instanceof RosterSheetError)) throw error;
    const [first] = error.problems;
    const more = error.problems.length > 1 ? ` (and ${error.problems.length - 1} more problem${error.problems.length > 2 ? 's' : ''}, listed in details)` : '';
    throw ServiceException.invalid(
      `The sheet cannot be imported: line ${first?.line}: ${first?.problem}${more}. Nothing was imported.`,
      error.problems.map(({ line, problem }) => ({ field: `line ${line}`, problems: [problem] })),
    );
  }
}

/** Rows grouped by the Discord user they name, in sheet order; rows naming nobody known are skipped. */
function resolve(rows: readonly SheetRow[], lookup: SheetLookup, skipped: SkippedImportRow[]): SheetPerson[] {
  const people = new Map<string, SheetPerson>();
  const seen = new Set<string>();
  for (const row of rows) {
    const user = lookup.discordUser(row);
    const character = lookup.character(row);
    if ('problem' in user || 'problem' in character) {
      skipped.push({ line: row.line, reason: ['problem' in user ? user.problem : null, 'problem' in character ? character.problem : null].filter(Boolean).join('; ') });
      continue;
    }
    if (seen.has(character.found.id)) {
      skipped.push({ line: row.line, reason: `${row.character} is on an earlier line of the sheet too` });
      continue;
    }
    seen.add(character.found.id);
    const person = people.get(user.found.userId) ?? { user: user.found, rows: [] };
    people.set(user.found.userId, person);
    person.rows.push({ row, character: character.found });
  }
  for (const person of people.values()) person.rows.sort((a, b) => Number(b.row.main) - Number(a.row.main));
  return [...people.values()];
}

/** A refusal of the link a row asks for, with the row's line; the transaction rolls back. */
async function onLine<T>(line: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ServiceException)) throw error;
    const { code, message, details } = error.body;
    throw new ServiceException(code, `Line ${line} of the sheet: ${message} Nothing was imported.`, details);
  }
}

function evidenceOf(row: SheetRow, user: KnownDiscordUser, by: Decider): Evidence {
  return {
    summary: `Line ${row.line} of the roster sheet ${by.username ?? 'an officer'} imported: @${user.username} plays ${row.character}${row.realm ? ` (${row.realm})` : ''}${row.main ? ' as their main' : ''}.`,
    facts: [],
  };
}
