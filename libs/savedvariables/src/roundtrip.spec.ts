import fc from 'fast-check';
import { LuaTable, LuaValue, SavedVariablesError, parseSavedVariables, serializeSavedVariables } from '.';
import { canonical } from '../test/helpers';

const KEYWORDS = new Set(['and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'goto', 'if', 'in', 'local', 'nil', 'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while']);

const tricky = fc.constantFrom(
  '', '__proto__', 'constructor', 'prototype', 'toString', '1', '-0', '1.5', ']]', ']==]', '--[[', '-- [1]', '\\', '"', "'",
  'a"b\\c\n\r\t\u0000\u0001\u001f\u007f', '\uFEFF', 'Zatañña', 'Тролль', '🐉', '\\195\\177', '\u{10FFFF}',
);
/** Arbitrary Unicode (every code point, no lone surrogates), graphemes, and known troublemakers. */
const luaString = fc.oneof(fc.string({ unit: 'binary', maxLength: 24 }), fc.string({ unit: 'grapheme', maxLength: 8 }), tricky);
const luaNumber = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 2 ** 53, -(2 ** 60), 1e21, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 0.1),
);
const luaName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/).filter((name) => !KEYWORDS.has(name));

const { value: luaValue } = fc.letrec<{ value: LuaValue; array: LuaValue[]; table: LuaTable }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, luaString, luaNumber, fc.boolean(), tie('array'), tie('table')),
  array: fc.array(tie('value'), { maxLength: 6 }),
  table: fc.dictionary(luaString, tie('value'), { maxKeys: 6 }),
}));

describe('round trip: serialize then parse gives the same value', () => {
  it('holds for arbitrary nested values', () => {
    fc.assert(
      fc.property(fc.dictionary(luaName, luaValue, { maxKeys: 4 }), (assignments) => {
        const text = serializeSavedVariables(assignments);
        const parsed = parseSavedVariables(text);
        expect(canonical(parsed)).toStrictEqual(canonical(assignments));
      }),
      { numRuns: 400 },
    );
  });

  it('holds when the file is read as bytes', () => {
    fc.assert(
      fc.property(luaValue, (value) => {
        const parsed = parseSavedVariables(Buffer.from(serializeSavedVariables({ X: value }), 'utf8'));
        expect(canonical(parsed['X'] ?? [])).toStrictEqual(canonical(value));
      }),
      { numRuns: 200 },
    );
  });

  it('is stable: parsing and writing again gives the same text', () => {
    fc.assert(
      fc.property(luaValue, (value) => {
        const text = serializeSavedVariables({ X: value });
        expect(serializeSavedVariables(parseSavedVariables(text))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe('robustness: whatever the input, the parser answers or throws SavedVariablesError', () => {
  const onlyParseErrors = (input: string | Uint8Array): void => {
    try {
      parseSavedVariables(input);
    } catch (error) {
      if (!(error instanceof SavedVariablesError)) throw error;
    }
  };

  it('for arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), onlyParseErrors), { numRuns: 500 });
  });

  it('for arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), onlyParseErrors), { numRuns: 500 });
  });

  it('for valid files with random damage', () => {
    fc.assert(
      fc.property(luaValue, fc.nat(), fc.string({ unit: 'binary', maxLength: 4 }), fc.nat({ max: 3 }), (value, at, insert, cut) => {
        const text = serializeSavedVariables({ X: value });
        const position = at % (text.length + 1);
        onlyParseErrors(text.slice(0, position) + insert + text.slice(position + cut));
      }),
      { numRuns: 500 },
    );
  });

  it('for token soup', () => {
    const token = fc.constantFrom('{', '}', '[', ']', '=', ',', ';', '"', "'", '[[', ']]', '--', '--[[', '\\', 'X', 'nil', 'true', '-', '1', '0x', '.', '..', '\n', ' ', 'function', '(', ')', '\\u{', '\\z', 'é', '\u0000');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => onlyParseErrors(`X = ${tokens.join('')}`)),
      { numRuns: 1000 },
    );
  });
});

describe('serializeSavedVariables', () => {
  it('writes the WoW layout', () => {
    const text = serializeSavedVariables({
      PATTSyncDB: { lastExport: { guildName: 'PATT', characters: [{ name: 'Trog', level: 80 }, 'x'], empty: [] }, totalExports: 3 },
    });
    expect(text).toBe(
      [
        '',
        'PATTSyncDB = {',
        '\t["lastExport"] = {',
        '\t\t["guildName"] = "PATT",',
        '\t\t["characters"] = {',
        '\t\t\t{',
        '\t\t\t\t["name"] = "Trog",',
        '\t\t\t\t["level"] = 80,',
        '\t\t\t}, -- [1]',
        '\t\t\t"x", -- [2]',
        '\t\t},',
        '\t\t["empty"] = {',
        '\t\t},',
        '\t},',
        '\t["totalExports"] = 3,',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('escapes what must be escaped and keeps Unicode as is', () => {
    expect(serializeSavedVariables({ X: 'a"b\\c\nd\re\tf\u0000g\u00011\u007fñ🐉' })).toBe('\nX = "a\\"b\\\\c\\nd\\re\\tf\\000g\\0011\\127ñ🐉"\n');
  });

  it('writes numbers so they read back exactly', () => {
    expect(serializeSavedVariables({ A: -0, B: 2 ** 60, C: 0.1, D: -5, E: 1e21 })).toBe(
      '\nA = -0\n\nB = 1.152921504606847e+18\n\nC = 0.1\n\nD = -5\n\nE = 1e+21\n',
    );
  });

  it('writes "__proto__" keys as data', () => {
    const value = JSON.parse('{"__proto__": {"polluted": 1}}') as LuaTable;
    expect(serializeSavedVariables({ X: value })).toBe('\nX = {\n\t["__proto__"] = {\n\t\t["polluted"] = 1,\n\t},\n}\n');
  });

  it.each<[string, () => Record<string, unknown>, string]>([
    ['NaN', () => ({ X: Number.NaN }), 'not a finite number'],
    ['Infinity', () => ({ X: { a: Infinity } }), 'Infinity at X["a"] is not a finite number'],
    ['a lone surrogate', () => ({ X: ['\uD800'] }), 'lone UTF-16 surrogate in X[1]'],
    ['an invalid name', () => ({ 'not a name': 1 }), 'is not a Lua variable name'],
    ['a keyword as name', () => ({ end: 1 }), '"end" is not a Lua variable name'],
    ['undefined', () => ({ X: undefined }), 'cannot write undefined at X'],
    ['null', () => ({ X: [null] }), 'cannot write null at X[1]'],
    ['a function', () => ({ X: { f: () => 1 } }), 'cannot write function'],
    ['a Date', () => ({ X: new Date(0) }), 'only plain objects and arrays'],
    ['a sparse array', () => ({ X: Object.assign([1], { 2: 3 }) }), 'arrays must not have holes'],
    ['a cycle', () => { const a: unknown[] = []; a.push(a); return { X: a }; }, 'cyclic reference at X[1]'],
    ['too deep', () => ({ X: JSON.parse('['.repeat(65) + ']'.repeat(65)) as unknown }), 'tables nested deeper than 64'],
  ])('refuses %s with a TypeError', (_name, build, message) => {
    const assignments = build() as Record<string, LuaValue>;
    expect(() => serializeSavedVariables(assignments)).toThrow(TypeError);
    expect(() => serializeSavedVariables(assignments)).toThrow(message);
  });

  it('accepts the nesting the parser accepts', () => {
    const deep = JSON.parse('['.repeat(64) + ']'.repeat(64)) as LuaValue;
    expect(parseSavedVariables(serializeSavedVariables({ X: deep }))['X']).toEqual(deep);
  });
});
