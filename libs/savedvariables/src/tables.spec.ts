import { LuaTable, parseSavedVariables } from '.';
import { parseError, valueOf } from '../test/helpers';

describe('table shapes', () => {
  it('reads all entry forms: ["key"] = v, [n] = v, key = v and positional v', () => {
    const value = valueOf('{ ["a b"] = 1, [10] = 2, name = 3, "x" }');
    expect(value).toEqual({ 'a b': 1, '10': 2, name: 3, '1': 'x' });
  });

  it('accepts , and ; as separators and a trailing separator', () => {
    expect(valueOf('{ 1; 2, 3; }')).toEqual([1, 2, 3]);
    expect(valueOf('{ a = 1; b = 2, }')).toEqual({ a: 1, b: 2 });
  });

  it('turns keys exactly 1..n into an array, in key order, whatever the written order', () => {
    expect(valueOf('{ "a", "b" }')).toEqual(['a', 'b']);
    expect(valueOf('{ [2] = "b", [1] = "a", [3] = "c" }')).toEqual(['a', 'b', 'c']);
    expect(valueOf('{ "a", [3] = "c", [2] = "b" }')).toEqual(['a', 'b', 'c']);
    expect(valueOf('{ [1.0] = "a" }')).toEqual(['a']);
  });

  it('returns an array (not an object) for {} and tables of only nil entries', () => {
    expect(valueOf('{}')).toEqual([]);
    expect(Array.isArray(valueOf('{}'))).toBe(true);
    expect(valueOf('{ nil, a = nil }')).toEqual([]);
    expect(valueOf('{ 1, 2, nil }')).toEqual([1, 2]);
  });

  it('turns other tables into objects whose numeric keys become strings', () => {
    expect(valueOf('{ [2] = "b" }')).toEqual({ '2': 'b' });
    expect(valueOf('{ [0] = "z", "a" }')).toEqual({ '0': 'z', '1': 'a' });
    expect(valueOf('{ [-1] = 1, [1.5] = 2, [-0] = 3 }')).toEqual({ '-1': 1, '1.5': 2, '0': 3 });
    expect(valueOf('{ nil, "b" }')).toEqual({ '2': 'b' });
    expect(valueOf('{ "a", x = 1 }')).toEqual({ '1': 'a', x: 1 });
  });

  it('keeps string keys that look like numbers as object keys', () => {
    const value = valueOf('{ ["1"] = "a", ["2"] = "b" }');
    expect(Array.isArray(value)).toBe(false);
    expect(value).toEqual({ '1': 'a', '2': 'b' });
  });

  it('accepts every string form and negative numbers as bracket keys', () => {
    expect(valueOf("{ ['a'] = 1, [ [[b]] ] = 2, [ \"\\u{63}\" ] = 3, [ -2 ] = 4 }")).toEqual({ a: 1, b: 2, c: 3, '-2': 4 });
  });

  it('nests tables', () => {
    expect(valueOf('{ a = { b = { { c = {} } } } }')).toEqual({ a: { b: [{ c: [] }] } });
  });

  it('gives every object a null prototype', () => {
    const result = parseSavedVariables('X = { a = { 1, b = 2 } }');
    const x = result['X'] as LuaTable;
    expect(Object.getPrototypeOf(result)).toBeNull();
    expect(Object.getPrototypeOf(x)).toBeNull();
    expect(Object.getPrototypeOf(x['a'])).toBeNull();
    expect(x['toString']).toBeUndefined();
  });
});

describe('the WoW layout', () => {
  it('reads lists written with -- [n] comments and keys in any order', () => {
    const text = [
      '',
      'PATTSyncDB = {',
      '\t["totalExports"] = 3,',
      '\t["list"] = {',
      '\t\t"first", -- [1]',
      '\t\t{',
      '\t\t\t["b"] = false,',
      '\t\t\t["a"] = true,',
      '\t\t}, -- [2]',
      '\t\t"third", -- [3]',
      '\t},',
      '\t["empty"] = {',
      '\t},',
      '}',
      'OtherDB = nil',
      '',
    ].join('\n');
    expect(parseSavedVariables(text)).toEqual({
      PATTSyncDB: { totalExports: 3, list: ['first', { a: true, b: false }, 'third'], empty: [] },
    });
  });
});

describe('duplicate keys are rejected (WoW never writes them; Lua would keep the last one)', () => {
  it.each([
    ['{ a = 1, a = 2 }', 'duplicate key "a"', 14],
    ['{ ["a"] = 1, a = 2 }', 'duplicate key "a"', 18],
    ['{ a = nil, a = 2 }', 'duplicate key "a"', 16],
    ['{ [1] = 1, [1] = 2 }', 'duplicate key [1]', 16],
    ['{ "x", [1] = 2 }', 'duplicate key [1]', 12],
    ['{ [1] = 2, "x" }', 'duplicate key [1]', 16],
    ['{ [1] = 1, [1.0] = 2 }', 'duplicate key [1]', 16],
    ['{ [0] = 1, [-0] = 2 }', 'duplicate key [0]', 16],
    ['{ ["1"] = 1, [1] = 2 }', 'clashes with the string key "1"', 18],
    ['{ "x", ["1"] = 2 }', 'clashes with the number key [1]', 12],
    ['{ [1.5] = 1, ["1.5"] = 2 }', 'clashes with the number key [1.5]', 18],
  ])('%s', (table, fragment, column) => {
    const error = parseError(`X = ${table}`);
    expect(error.reason).toContain(fragment);
    expect(error.column).toBe(column);
  });

  it('rejects a variable assigned twice', () => {
    expect(parseError('X = 1\nX = 2').message).toBe("line 2, column 1: 'X' is assigned twice (duplicate names are rejected)");
  });
});

describe('prototype pollution', () => {
  const hostile = [
    'X = { ["__proto__"] = { polluted = "yes" }, constructor = { prototype = { polluted = "yes" } } }',
    '__proto__ = { polluted = "yes" }',
    'X = { __proto__ = { polluted = "yes" }, ["prototype"] = 1, ["hasOwnProperty"] = 2, ["toString"] = "x" }',
    'X = { { ["__proto__"] = { ["polluted"] = "yes" } } }',
    'X = { [ [[__proto__]] ] = { polluted = "yes" } }',
  ];

  afterEach(() => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(objectPrototypeNames);
  });
  const objectPrototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

  it.each(hostile)('stores dangerous keys as own data properties: %s', (text) => {
    const result = parseSavedVariables(text);
    expect(JSON.stringify(result)).toContain('polluted');
  });

  it('keeps "__proto__" an ordinary own key holding the value', () => {
    const result = parseSavedVariables('__proto__ = 1; X = { __proto__ = { polluted = "yes" }, constructor = 2 }');
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')).toEqual({ value: 1, writable: true, enumerable: true, configurable: true });
    const x = result['X'] as LuaTable;
    expect(Object.keys(x).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(x)).toBeNull();
    expect(Object.hasOwn(x, '__proto__')).toBe(true);
    expect(x['__proto__']).toEqual({ polluted: 'yes' });
    expect(x['constructor']).toBe(2);
    expect((x as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('survives spreading and JSON round trips without polluting', () => {
    const x = parseSavedVariables('X = { __proto__ = { polluted = "yes" } }')['X'] as LuaTable;
    const copy: Record<string, unknown> = { ...x };
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy['polluted']).toBeUndefined();
    const viaJson: unknown = JSON.parse(JSON.stringify(x));
    expect((viaJson as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
