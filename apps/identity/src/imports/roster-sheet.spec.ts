import fc from 'fast-check';
import { parseRosterSheet, RosterSheetError, SHEET_LIMITS, SheetProblem } from './roster-sheet';

function problemsOf(text: string): SheetProblem[] {
  try {
    parseRosterSheet(text);
  } catch (error) {
    if (error instanceof RosterSheetError) return [...error.problems];
    throw error;
  }
  throw new Error('the sheet was accepted');
}

describe('parseRosterSheet', () => {
  it('reads the four columns, trimmed, with the line each row is on', () => {
    const rows = parseRosterSheet('Discord,Character,Realm,MainAlt\ntrogdor, Trog ,Area 52,Main\ntrogdor,Trogalt,area-52,Alt\n');
    expect(rows).toEqual([
      { line: 2, discord: 'trogdor', character: 'Trog', realm: 'Area 52', main: true },
      { line: 3, discord: 'trogdor', character: 'Trogalt', realm: 'area-52', main: false },
    ]);
  });

  it('takes the columns in any order, ignores extra ones, and reads header names loosely', () => {
    const rows = parseRosterSheet('Notes,main / alt,REALM,character,discord\n"joined 2019",alt,Sen\'jin,Zatañña,@zat\n');
    expect(rows).toEqual([{ line: 2, discord: 'zat', character: 'Zatañña', realm: "Sen'jin", main: false }]);
  });

  it('reads what spreadsheets export: a byte-order mark, CRLF, semicolons or tabs, quoted fields', () => {
    expect(parseRosterSheet('\uFEFFDiscord;Character;Realm;MainAlt\r\nbob;Тролль;Гордунни;Main\r\n')).toEqual([
      { line: 2, discord: 'bob', character: 'Тролль', realm: 'Гордунни', main: true },
    ]);
    expect(parseRosterSheet('Discord\tCharacter\tRealm\tMainAlt\nbob\tBobby\tArea 52\tm\n')[0]).toMatchObject({ character: 'Bobby', main: true });
    expect(parseRosterSheet('Discord,Character,Realm,MainAlt\n"bob","Bobby","Area 52, the realm","a"\n')[0]).toMatchObject({
      realm: 'Area 52, the realm',
      main: false,
    });
  });

  it('counts lines as the file has them when a quoted field spans lines, and skips blank rows', () => {
    const rows = parseRosterSheet('Discord,Character,Realm,MainAlt,Notes\n\nbob,Bobby,Area 52,Main,"two\nlines"\n,,,\nann,Annie,Area 52,Main,\n');
    expect(rows.map((r) => [r.line, r.character])).toEqual([
      [3, 'Bobby'],
      [6, 'Annie'],
    ]);
  });

  it('drops an old #1234 discriminator and takes the realm from "Name-Realm" when the Realm column is empty', () => {
    expect(parseRosterSheet('Discord,Character,Realm,MainAlt\nBob#1234,Bobby-Area52,,Alt\n')[0]).toEqual({
      line: 2,
      discord: 'Bob',
      character: 'Bobby',
      realm: 'Area52',
      main: false,
    });
  });

  it('treats an empty MainAlt as an alt', () => {
    expect(parseRosterSheet('Discord,Character,Realm,MainAlt\nbob,Bobby,Area 52,\n')[0]?.main).toBe(false);
  });

  it.each([
    ['an empty file', '', 1, /empty/],
    ['a header only', 'Discord,Character,Realm,MainAlt\n', 2, /no rows/],
    ['a missing column', 'Discord,Character,MainAlt\nbob,Bobby,Main\n', 1, /lacks the column Realm/],
    ['two missing columns', 'Name,Toon\nbob,Bobby\n', 1, /lacks the columns Discord, Character, Realm, MainAlt/],
    ['a column twice', 'Discord,Character,Realm,MainAlt,Discord\n', 1, /Discord appears twice/],
    ['an empty Discord value', 'Discord,Character,Realm,MainAlt\n,Bobby,Area 52,Main\n', 2, /Discord column is empty/],
    ['an empty character', 'Discord,Character,Realm,MainAlt\nbob,,Area 52,Main\n', 2, /Character column is empty/],
    ['a character that is not a name', 'Discord,Character,Realm,MainAlt\nbob,Bob 2,Area 52,Main\n', 2, /not a character name/],
    ['a MainAlt that is neither', 'Discord,Character,Realm,MainAlt\nbob,Bobby,Area 52,Tank\n', 2, /write Main or Alt/],
    ['an unclosed quote', 'Discord,Character,Realm,MainAlt\nbob,Bobby,Area 52,Main\nann,"Annie,Area 52,Main\n', 3, /never closed/],
    ['control characters', 'Discord,Character,Realm,MainAlt\nbo\u0007b,Bobby,Area 52,Main\n', 2, /control characters/],
    ['an overlong value', `Discord,Character,Realm,MainAlt\n${'b'.repeat(201)},Bobby,Area 52,Main\n`, 2, /longer than 200/],
  ])('rejects %s, naming the line', (_what, text, line, problem) => {
    const [first] = problemsOf(text);
    expect(first?.line).toBe(line);
    expect(first?.problem).toMatch(problem);
  });

  it('rejects a character given to two people, and a person with two mains, naming both lines', () => {
    const problems = problemsOf(
      'Discord,Character,Realm,MainAlt\nbob,Bobby,Area 52,Main\nann,bobby,area-52,Alt\nbob,Bobbyalt,Area 52,Main\n',
    );
    expect(problems).toEqual([
      { line: 3, problem: 'bobby is given to ann here and to bob on line 2' },
      { line: 4, problem: 'bob has a second main here (Bobbyalt; line 2 says Bobby)' },
    ]);
  });

  it('allows the same row twice and the same name on two realms', () => {
    expect(parseRosterSheet('Discord,Character,Realm,MainAlt\nbob,Bobby,Area 52,Main\nbob,Bobby,Area 52,Main\nann,Bobby,Sen\'jin,Main\n')).toHaveLength(3);
  });

  it('lists every bad row in line order, at most the first few', () => {
    const letter = (i: number) => String.fromCharCode(97 + (i % 26));
    const bad = Array.from({ length: 30 }, (_, i) => `bob,Bob${letter(i)}${letter(i * 7)},Area 52,Sometimes`).join('\n');
    const problems = problemsOf(`Discord,Character,Realm,MainAlt\n${bad}\n`);
    expect(problems).toHaveLength(SHEET_LIMITS.maxProblems);
    expect(problems.map((p) => p.line)).toEqual(Array.from({ length: SHEET_LIMITS.maxProblems }, (_, i) => i + 2));
  });

  it('refuses more rows than the limit', () => {
    const rows = Array.from({ length: 4 }, (_, i) => `bob,Bob${'a'.repeat(i + 1)},Area 52,Alt`).join('\n');
    expect(() => parseRosterSheet(`Discord,Character,Realm,MainAlt\n${rows}\n`, { ...SHEET_LIMITS, maxRows: 3 })).toThrow(
      /line 5: the sheet has more than 3 rows/,
    );
  });

  it('says where it stopped in the error message itself', () => {
    expect(() => parseRosterSheet('Discord,Character,Realm,MainAlt\nbob,Bobby,Area 52,Tank\n')).toThrow(/^line 2: MainAlt is "Tank"/);
  });
});

describe('parseRosterSheet reading what a spreadsheet writes', () => {
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const name = fc.stringMatching(/^[A-Za-zà-öø-ÿ]{2,12}$/);
  // Anything a cell may hold: commas, quotes, semicolons and line breaks included.
  const cell = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', '\n', '\r\n', "'", 'ñ', '-', '5') });

  it('reads back every row written with RFC 4180 quoting', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ discord: fc.stringMatching(/^[a-z0-9_.]{2,32}$/), character: name, realm: cell, main: fc.boolean() }), { minLength: 1, maxLength: 20 }),
        (rows) => {
          const unique = rows.map((row, i) => ({ ...row, discord: `${row.discord}${i}`, character: `${row.character}${String.fromCharCode(97 + (i % 26))}` }));
          const text = ['Discord,Character,Realm,MainAlt', ...unique.map((r) => [r.discord, r.character, r.realm, r.main ? 'Main' : 'Alt'].map(quote).join(','))].join('\r\n');
          const read = parseRosterSheet(text);
          expect(read.map(({ discord, character, realm, main }) => ({ discord, character, realm, main }))).toEqual(
            unique.map((r) => ({ ...r, realm: r.realm.trim() })),
          );
        },
      ),
    );
  });
});
