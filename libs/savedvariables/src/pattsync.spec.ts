import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AddonExport, SavedVariablesError, readPattSyncExport, serializeSavedVariables, validateAddonExport } from '.';

const fixture = readFileSync(join(__dirname, '../test/fixtures/PATTSync.lua'));

const expected: AddonExport = {
  exportTime: 1732550400,
  exportTimeISO: '2024-11-25T16:00:00Z',
  addonVersion: '1.4.2',
  guildName: 'Pull All The Things',
  memberCount: 4,
  characters: [
    {
      name: 'Trogmoredhor', realm: 'Senjin', class: 'Warrior', classFile: 'WARRIOR', level: 80, rank: 0,
      rankName: 'Guild Master', zone: 'Dornogal', note: 'Main - raid lead', officerNote: 'GM', isOnline: true,
      lastOnline: 0, achievementPoints: 24315,
    },
    {
      name: 'Zatañña', realm: "Sen'jin", class: 'Demon Hunter', classFile: 'DEMONHUNTER', level: 80, rank: 1,
      rankName: 'Officer', zone: 'Isle of Dorn', note: 'Trog\'s alt "healer"', officerNote: 'discord: zatanna#0001',
      isOnline: false, lastOnline: '3 days', achievementPoints: 18020,
    },
    {
      name: 'Тролль', realm: 'Area52', class: 'Shaman', classFile: 'SHAMAN', level: 73, rank: 3, rankName: 'Veteran',
      zone: 'Азерот', note: 'alt of Trog \\ back\nslash', officerNote: '', isOnline: false, lastOnline: 1732464000,
      achievementPoints: 9120,
    },
    {
      name: 'Élodie', realm: 'Senjin', class: 'Prêtre', classFile: 'PRIEST', level: 80, rank: 4, rankName: 'Member',
      zone: '', note: '', officerNote: 'dc=elodie', isOnline: true, lastOnline: 0, achievementPoints: 0,
    },
  ],
};

/** The JSON form of an export, as a client would send it. */
function jsonForm(value: AddonExport = expected): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function schemaError(run: () => unknown): SavedVariablesError {
  try {
    run();
  } catch (error) {
    if (error instanceof SavedVariablesError) return error;
    throw error;
  }
  throw new Error('expected a SavedVariablesError');
}

/** A minimal file around the given members, written as WoW writes it. */
function fileWith(characters: unknown[], extra: Record<string, unknown> = {}): string {
  const lastExport = { exportTime: 1732550400, addonVersion: '1.4.2', guildName: 'PATT', characters, ...extra };
  return serializeSavedVariables({ PATTSyncDB: { lastExport, totalExports: 1 } } as never);
}

const member = { name: 'Trog', realm: 'Senjin', class: 'Warrior', classFile: 'WARRIOR', level: 80, rank: 0, rankName: 'GM' };

describe('readPattSyncExport', () => {
  it('reads the addon file, as bytes or as text', () => {
    expect(readPattSyncExport(fixture)).toEqual(expected);
    expect(readPattSyncExport(fixture.toString('utf8'))).toEqual(expected);
  });

  it('returns plain objects with only the known fields', () => {
    const result = readPattSyncExport(fixture);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.characters[0])).toBe(Object.prototype);
    expect(result).not.toHaveProperty('totalExports');
  });

  it('leaves missing optional fields out', () => {
    const result = readPattSyncExport(fileWith([member]));
    expect(result.characters).toEqual([member]);
    expect(Object.keys(result.characters[0])).not.toContain('zone');
    expect(Object.keys(result)).toEqual(['exportTime', 'addonVersion', 'guildName', 'characters']);
  });

  it('reads an export without members (characters = {})', () => {
    expect(readPattSyncExport(fileWith([])).characters).toEqual([]);
  });

  it('ignores fields a newer addon may add, in the file form', () => {
    const result = readPattSyncExport(fileWith([{ ...member, spec: 'Arms', guid: 'Player-1-0A' }], { region: 'us' }));
    expect(result.characters[0]).toEqual(member);
    expect(() => readPattSyncExport(fileWith([{ ...member, spec: 'Arms' }]), { unknownKeys: 'reject' })).toThrow('characters[0].spec is not a known field');
  });

  it('reports the first bad member by index and field, with the line of its table', () => {
    const text = fileWith([member, member, { ...member, level: '80' }, { ...member, rank: 'x' }]);
    const error = schemaError(() => readPattSyncExport(text));
    expect(error).toMatchObject({ kind: 'schema', path: 'characters[2].level', column: 4 });
    expect(error.reason).toBe('characters[2].level must be a whole number >= 1, found the string "80"');
    expect(text.split('\n')[(error.line ?? 0) - 1]).toBe('\t\t\t{');
    expect(text.split('\n')[error.line ?? 0]).toContain('"name"'); // the member's first field follows
  });

  it('says what is missing when the file is not an export', () => {
    expect(() => readPattSyncExport('OtherAddonDB = {}')).toThrow('the file does not assign PATTSyncDB');
    expect(() => readPattSyncExport('PATTSyncDB = {}')).toThrow('PATTSyncDB.lastExport is missing: the addon has not exported yet');
    expect(() => readPattSyncExport('PATTSyncDB = { totalExports = 0 }')).toThrow('PATTSyncDB.lastExport is missing');
    expect(() => readPattSyncExport('PATTSyncDB = "x"')).toThrow('PATTSyncDB must be a table of fields, found the string "x"');
    expect(() => readPattSyncExport('PATTSyncDB = { lastExport = 5 }')).toThrow('the export must be a table of fields, found the number 5');
    expect(() => readPattSyncExport('PATTSyncDB = { lastExport = { } }')).toThrow('the export must be a table of fields, found a list');
  });

  it('passes parse errors through unchanged', () => {
    const error = schemaError(() => readPattSyncExport('PATTSyncDB = { lastExport = os.time() }'));
    expect(error.kind).toBe('syntax');
    expect(error.message).toBe("line 1, column 29: expected a value, found name 'os': variables and function calls are not allowed");
  });

  it('applies parse options', () => {
    expect(schemaError(() => readPattSyncExport(fixture, { maxBytes: 100 })).limit).toBe('maxBytes');
  });
});

describe('validateAddonExport (the JSON form)', () => {
  it('accepts the JSON form and returns the same as the file form', () => {
    expect(validateAddonExport(jsonForm())).toEqual(readPattSyncExport(fixture));
  });

  it('rejects unknown fields by default, as every JSON body of the API does', () => {
    const body = jsonForm();
    body['extra'] = 1;
    expect(() => validateAddonExport(body)).toThrow('extra is not a known field');
    expect(validateAddonExport(body, { unknownKeys: 'ignore' })).toEqual(expected);
  });

  it('treats a JSON "__proto__" key as an unknown field, not a prototype', () => {
    const body = JSON.parse(JSON.stringify({ ...expected, characters: [member] }).replace('"name"', '"__proto__":{"polluted":1},"name"')) as unknown;
    expect(() => validateAddonExport(body)).toThrow('characters[0].__proto__ is not a known field');
    const result = validateAddonExport(body, { unknownKeys: 'ignore' });
    expect(Object.getPrototypeOf(result.characters[0])).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('does not read inherited properties as fields', () => {
    const body = Object.assign(Object.create({ guildName: 'inherited' }) as object, { exportTime: 1, addonVersion: '1', characters: [] });
    expect(() => validateAddonExport(body)).toThrow('guildName must be a non-empty string, it is missing');
  });

  it.each<[string, (body: Record<string, unknown>, first: Record<string, unknown>) => void, string]>([
    ['not an object', (body) => Object.assign(body, { characters: 'x' }), 'characters must be a list, found the string "x"'],
    ['missing name', (_b, first) => delete first['name'], 'characters[0].name must be a non-empty string, it is missing'],
    ['blank realm', (_b, first) => (first['realm'] = '  '), 'characters[0].realm must be a non-empty string, found the string "  "'],
    ['fractional level', (_b, first) => (first['level'] = 80.5), 'characters[0].level must be a whole number >= 1, found the number 80.5'],
    ['level 0', (_b, first) => (first['level'] = 0), 'characters[0].level must be a whole number >= 1, found the number 0'],
    ['negative rank', (_b, first) => (first['rank'] = -1), 'characters[0].rank must be a whole number >= 0, found the number -1'],
    ['isOnline as a number', (_b, first) => (first['isOnline'] = 1), 'characters[0].isOnline must be true or false, found the number 1'],
    ['lastOnline as a boolean', (_b, first) => (first['lastOnline'] = true), 'characters[0].lastOnline must be a string or a number, found true'],
    ['note with NUL', (_b, first) => (first['note'] = 'a\u0000b'), 'characters[0].note must be a string without NUL characters, found the string "a\\u0000b"'],
    ['member as a list', (body) => ((body['characters'] as unknown[])[0] = []), 'characters[0] must be a table of fields, found a list'],
    ['member as null', (body) => ((body['characters'] as unknown[])[0] = null), 'characters[0] must be a table of fields, found null'],
    ['exportTime negative', (body) => (body['exportTime'] = -1), 'exportTime must be a number >= 0, found the number -1'],
    ['exportTime infinite', (body) => (body['exportTime'] = Infinity), 'exportTime must be a number >= 0, found the number Infinity'],
    ['guildName missing', (body) => delete body['guildName'], 'guildName must be a non-empty string, it is missing'],
    ['memberCount fractional', (body) => (body['memberCount'] = 1.5), 'memberCount must be a whole number >= 0, found the number 1.5'],
  ])('reports %s', (_name, corrupt, message) => {
    const body = jsonForm();
    corrupt(body, (body['characters'] as Array<Record<string, unknown>>)[0]);
    const error = schemaError(() => validateAddonExport(body));
    expect(error).toMatchObject({ kind: 'schema', line: null, column: null, reason: message, message });
  });

  it('reports the same message for the same mistake in both forms', () => {
    const bad = { ...member, level: 'high' };
    const fromFile = schemaError(() => readPattSyncExport(fileWith([bad])));
    const fromJson = schemaError(() => validateAddonExport({ exportTime: 1, addonVersion: '1', guildName: 'PATT', characters: [bad] }));
    expect(fromFile.reason).toBe(fromJson.reason);
    expect(fromFile.path).toBe(fromJson.path);
    expect(fromFile.line).not.toBeNull();
  });

  it('refuses what is not an object', () => {
    for (const body of [null, 'x', 1, [], undefined]) {
      expect(() => validateAddonExport(body)).toThrow(SavedVariablesError);
    }
  });
});
