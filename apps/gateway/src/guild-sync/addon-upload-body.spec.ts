import { ErrorCode } from '@patt/contracts';
import { serializeSavedVariables, type LuaValue } from '@patt/savedvariables';
import { ServiceException } from '@patt/service-kit';
import { exportOfBody, trimmedExport } from './addon-upload-body';

const MEMBER = { name: 'Zatañña', realm: "Sen'jin", class: 'Mage', classFile: 'MAGE', level: 80, rank: 1, rankName: 'Officer', note: 'Main', isOnline: true, lastOnline: 0 };
const JSON_FORM = { exportTime: 1_764_000_000, addonVersion: '1.4.0', guildName: 'PATT', characters: [MEMBER] };
const lua = (lastExport: Record<string, LuaValue>) => Buffer.from(serializeSavedVariables({ PATTSyncDB: { lastExport } }));

/** The ServiceException `body` is refused with. */
function refusal(body: unknown): ServiceException['body'] {
  try {
    exportOfBody(body);
  } catch (error) {
    if (error instanceof ServiceException) return error.body;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('exportOfBody', () => {
  it('reads the Lua file and the JSON form alike', () => {
    expect(exportOfBody(lua(JSON_FORM as unknown as Record<string, LuaValue>))).toEqual(exportOfBody(JSON_FORM));
  });

  it('says where a file stops being a SavedVariables table', () => {
    expect(refusal(Buffer.from('PATTSyncDB = {\n  x = os.execute("rm -rf /")\n}'))).toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: "The upload is not a SavedVariables file the platform can read: line 2, column 7: expected a value, found name 'os': variables and function calls are not allowed. Nothing was applied.",
      details: [{ field: 'body', kind: 'syntax', line: 2, column: 7 }],
    });
  });

  it('names the bad field, in both forms', () => {
    const bad = { ...JSON_FORM, characters: [{ ...MEMBER, level: '80' }] };
    expect(refusal(bad).message).toBe('The upload is not a valid PATTSync export: characters[0].level must be a whole number >= 1, found the string "80". Nothing was applied.');
    const file = lua(bad as unknown as Record<string, LuaValue>);
    // Located at the member's table, where an officer finds the field.
    const memberLine = file.toString('utf8').split('\n').findIndex((line) => line.trim() === '{') + 1;
    expect(refusal(file)).toMatchObject({ details: [{ field: 'characters[0].level', kind: 'schema', line: memberLine }] });
    expect(refusal(file).message).toMatch(new RegExp(`^The upload is not a valid PATTSync export: line ${memberLine}, column \\d+: characters\\[0\\]\\.level must be`));
  });

  it('refuses what the game would never write, naming the field', () => {
    expect(refusal({ ...JSON_FORM, characters: [{ ...MEMBER, officerNote: 'x'.repeat(65) }] })).toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: expect.stringContaining('characters[0].officerNote is 65 characters long; uploads accept at most 64 (the game allows 31)'),
      details: [{ field: 'characters[0].officerNote' }],
    });
    expect(refusal({ ...JSON_FORM, characters: Array.from({ length: 2001 }, () => MEMBER) }).message).toContain('the export lists 2001 members; uploads accept at most 2000');
  });

  it('answers a file over 2 MiB as too large', () => {
    expect(refusal(Buffer.alloc(2 * 1024 * 1024 + 1, 0x20))).toMatchObject({ code: ErrorCode.PayloadTooLarge, message: expect.stringMatching(/^The upload is too large: /) });
  });

  it('says so when the body is empty, or the JSON form came as text', () => {
    expect(refusal(undefined)).toMatchObject({ code: ErrorCode.BadRequest, message: expect.stringMatching(/^The body is empty/) });
    expect(refusal(Buffer.alloc(0)).code).toBe(ErrorCode.BadRequest);
    expect(refusal(Buffer.from(JSON.stringify(JSON_FORM))).message).toContain('(The JSON form must be sent as application/json.)');
  });
});

describe('trimmedExport', () => {
  it('keeps what guild-sync stores: a missing note as null (keep the stored one), an empty one as ""', () => {
    const trimmed = trimmedExport(exportOfBody({ ...JSON_FORM, characters: [{ ...MEMBER, note: '', zone: 'Dornogal', lastOnline: 72 }] }));
    expect(trimmed).toEqual({
      exportTime: 1_764_000_000,
      addonVersion: '1.4.0',
      guildName: 'PATT',
      characters: [{ name: 'Zatañña', realm: "Sen'jin", note: '', officerNote: null, isOnline: true, lastOnline: '72', zone: 'Dornogal' }],
    });
  });
});
