// Inputs an attacker (or a broken file) may send to the upload endpoint. Every one must end in a
// SavedVariablesError that says why: never another exception, never a hang, never a stack
// overflow, and quickly.

import { SavedVariablesError, parseSavedVariables, readPattSyncExport } from '.';

interface HostileCase {
  readonly name: string;
  /** Built lazily so that the 20 MB inputs exist only while their test runs. */
  readonly input: () => string | Uint8Array;
  /** A fragment of the expected message. */
  readonly expected: string;
}

const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

const corpus: HostileCase[] = [
  // --- resource exhaustion -----------------------------------------------------------------
  { name: 'nesting 10,000 deep, unclosed', input: () => `X = ${'{'.repeat(10_000)}`, expected: 'nested more than 64 deep (limit maxDepth = 64)' },
  { name: 'nesting 10,000 deep, closed', input: () => `X = ${'{'.repeat(10_000)}${'}'.repeat(10_000)}`, expected: 'limit maxDepth' },
  { name: 'nesting 10,000 deep through keys', input: () => `X = ${'{ a = '.repeat(10_000)}1${' }'.repeat(10_000)}`, expected: 'limit maxDepth' },
  { name: 'a 20 MB string', input: () => `X = "${'a'.repeat(20 * 1024 * 1024)}"`, expected: 'more than the limit maxBytes = 2097152 bytes' },
  { name: 'a 20 MB Buffer', input: () => Buffer.alloc(20 * 1024 * 1024, 0x20), expected: 'input is 20971520 bytes, more than the limit maxBytes' },
  { name: '2 MiB + 1 byte', input: () => Buffer.alloc(2 * 1024 * 1024 + 1, 0x20), expected: 'limit maxBytes' },
  { name: '250,000 numbers in one list', input: () => `X = {${'0,'.repeat(250_000)}}`, expected: 'too many values (more than 200000) (limit maxNodes = 200000)' },
  { name: 'nested empty arrays exceeding the node count', input: () => `X = {${'{{}},'.repeat(110_000)}}`, expected: 'limit maxNodes' },
  { name: 'a 1 MB unterminated string', input: () => `X = "${'a'.repeat(1024 * 1024)}`, expected: 'string is too long (limit maxStringBytes = 65536)' },
  { name: 'a 100 KB escaped string', input: () => `X = "${'\\65'.repeat(100_000)}"`, expected: 'limit maxStringBytes' },
  { name: 'a 100 KB long string', input: () => `X = [[${'a'.repeat(100_000)}]]`, expected: 'limit maxStringBytes' },
  { name: 'a 100 KB name', input: () => `${'A'.repeat(100_000)} = 1`, expected: 'name is too long (limit maxStringBytes' },
  { name: 'a million = in a long bracket level', input: () => `X = [${'='.repeat(1_000_000)}[ abc`, expected: 'unfinished long string' },
  { name: 'a million = in a long comment level', input: () => `--[${'='.repeat(1_000_000)}[ abc`, expected: 'unfinished long comment' },
  { name: 'near-miss closing brackets, unterminated', input: () => `--[=====[${']====]'.repeat(200_000)}`, expected: 'unfinished long comment: no closing ]=====]' },
  { name: '500,000 \\z escapes, unterminated', input: () => `X = "${'\\z'.repeat(500_000)}`, expected: 'unfinished string' },
  { name: 'a million zeros in \\u{...}, then too large', input: () => `X = "\\u{${'0'.repeat(1_000_000)}110000}"`, expected: 'beyond U+10FFFF' },
  { name: 'a 500-digit number', input: () => `X = 1${'0'.repeat(500)}`, expected: 'number is too long' },

  // --- code instead of data ----------------------------------------------------------------
  { name: 'os.execute', input: () => 'os.execute("rm -rf /")', expected: "expected '=' after 'os', found '.'" },
  { name: 'loadstring as a value', input: () => 'PATTSyncDB = loadstring("os.execute(\'rm -rf /\')")()', expected: "found name 'loadstring': variables and function calls are not allowed" },
  { name: 'loadstring inside a table', input: () => 'PATTSyncDB = { a = loadstring("x") }', expected: "found name 'loadstring'" },
  { name: 'function definition statement', input: () => 'function PATTSyncDB() os.exit() end', expected: "found keyword 'function'" },
  { name: 'function as a value', input: () => 'PATTSyncDB = function() return 1 end', expected: 'functions are not allowed' },
  { name: 'function inside a table', input: () => 'X = { f = function() end }', expected: 'functions are not allowed' },
  { name: 'local statement', input: () => 'local x = 1', expected: "keyword 'local'" },
  { name: 'Lua 5.4 attribute', input: () => 'local x <const> = 1', expected: "keyword 'local'" },
  { name: 'return statement', input: () => 'return { a = 1 }', expected: "keyword 'return'" },
  { name: 'do block', input: () => 'do X = 1 end', expected: "keyword 'do'" },
  { name: 'goto', input: () => 'goto done', expected: "keyword 'goto'" },
  { name: 'label', input: () => '::done:: X = 1', expected: "found '::'" },
  { name: 'concatenation at top level', input: () => 'X = "a" .. "b"', expected: 'concatenation is not allowed' },
  { name: 'concatenation in a table', input: () => 'X = { "a" .. "b" }', expected: "expected ',' or '}' after a table entry, found '..' (concatenation is not allowed)" },
  { name: 'long string concatenation', input: () => 'X = [[a]]..[[b]]', expected: 'concatenation is not allowed' },
  { name: 'addition', input: () => 'X = 1 + 2', expected: "found '+' (operators are not allowed)" },
  { name: 'floor division', input: () => 'X = { 7 // 2 }', expected: "found '//' (operators are not allowed)" },
  { name: 'length operator', input: () => 'X = #t', expected: "found '#' (operators are not allowed)" },
  { name: 'bitwise not', input: () => 'X = ~1', expected: "found '~' (operators are not allowed)" },
  { name: 'logical not', input: () => 'X = not true', expected: "found keyword 'not'" },
  { name: 'and with a call', input: () => 'X = true and os.exit()', expected: "found keyword 'and'" },
  { name: 'negated variable', input: () => 'X = -x', expected: "expected a number after '-'" },
  { name: 'double negation', input: () => 'X = - -1', expected: "expected a number after '-'" },
  { name: '_G as a value', input: () => 'X = _G', expected: "found name '_G'" },
  { name: '_ENV field', input: () => 'X = _ENV.os', expected: "found name '_ENV'" },
  { name: 'setmetatable', input: () => 'X = setmetatable({}, { __index = os })', expected: "found name 'setmetatable'" },
  { name: 'require with a string call', input: () => 'X = require "os"', expected: "found name 'require'" },
  { name: 'parenthesised method call', input: () => 'X = ("a"):rep(1e9)', expected: "found '(' (function calls and expressions are not allowed)" },
  { name: 'call after a semicolon', input: () => 'X = 1; os.exit()', expected: "expected '=' after 'os', found '.'" },
  { name: 'computed key', input: () => 'X = { [os.time()] = 1 }', expected: "table keys must be strings or numbers, found name 'os'" },
  { name: 'nil key', input: () => 'X = { [nil] = 1 }', expected: "table keys must be strings or numbers, found keyword 'nil'" },
  { name: 'index after a table', input: () => 'X = { 1, 2 }[1]', expected: "found '['" },
  { name: 'shebang line', input: () => '#!/usr/bin/lua\nX = 1', expected: "found '#'" },
  { name: 'HTML instead of Lua', input: () => '<script>alert(1)</script>', expected: "expected a variable name (Name = value), found '<'" },
  { name: 'JSON instead of Lua', input: () => '{"exportTime": 1}', expected: "expected a variable name (Name = value), found '{'" },
  { name: 'multiple assignment', input: () => 'X, os = 1, nil', expected: "expected '=' after 'X', found ','" },

  // --- prototype keys (accepted as data elsewhere; here combined with what must fail) -------
  { name: '__proto__ twice', input: () => 'X = { __proto__ = {}, ["__proto__"] = { polluted = true } }', expected: 'duplicate key "__proto__"' },
  { name: 'constructor twice', input: () => 'X = { constructor = 1, constructor = { prototype = 2 } }', expected: 'duplicate key "constructor"' },
  { name: '__proto__ assigned twice at top level', input: () => '__proto__ = {}\n__proto__ = { polluted = true }', expected: "'__proto__' is assigned twice" },

  // --- unterminated tokens -------------------------------------------------------------------
  { name: 'unterminated string', input: () => 'X = { "abc }', expected: 'unfinished string: no closing quote' },
  { name: 'string broken by a newline', input: () => 'X = "abc\n"', expected: 'line break inside a quoted string' },
  { name: 'unterminated long string', input: () => 'X = [==[ abc ]] ]=]', expected: 'unfinished long string: no closing ]==]' },
  { name: 'unterminated long comment', input: () => '--[==[ X = 1 ]]', expected: 'unfinished long comment: no closing ]==]' },
  { name: 'unterminated table', input: () => 'X = { a = { b = 1 }', expected: "expected ',' or '}' after a table entry, found end of input" },
  { name: 'backslash at the end', input: () => 'X = "abc\\', expected: 'unfinished string' },

  // --- numbers -------------------------------------------------------------------------------
  { name: '1e400', input: () => 'X = 1e400', expected: "number '1e400' is out of range: it would be Infinity" },
  { name: '-1e400 in a table', input: () => 'X = { -1e400 }', expected: 'out of range' },
  { name: 'integer beyond 2^53', input: () => 'X = 123456789012345678901234567890', expected: 'too large to be represented exactly' },
  { name: 'hex integer beyond 2^53', input: () => `X = 0x${'F'.repeat(100)}`, expected: 'too large to be represented exactly' },
  { name: 'hex float', input: () => 'X = 0x1p4', expected: 'hexadecimal fractions and exponents' },
  { name: 'inf as a name', input: () => 'X = inf', expected: "found name 'inf'" },
  { name: 'nan as a name', input: () => 'X = -nan', expected: "expected a number after '-'" },

  // --- bytes and encodings -------------------------------------------------------------------
  { name: 'stray continuation byte', input: () => bytes('X = "a', [0x80], '"'), expected: 'invalid UTF-8 in string: byte 0x80' },
  { name: 'overlong "/" (C0 AF)', input: () => bytes('X = "', [0xc0, 0xaf], '"'), expected: 'byte 0xC0' },
  { name: 'overlong 3-byte form (E0 80 AF)', input: () => bytes('X = "', [0xe0, 0x80, 0xaf], '"'), expected: 'byte 0xE0' },
  { name: 'UTF-8 encoded surrogate (ED A0 80)', input: () => bytes('X = "', [0xed, 0xa0, 0x80], '"'), expected: 'byte 0xED' },
  { name: 'beyond U+10FFFF (F4 90 80 80)', input: () => bytes('X = "', [0xf4, 0x90, 0x80, 0x80], '"'), expected: 'byte 0xF4' },
  { name: 'truncated sequence at the end of a string', input: () => bytes('X = "', [0xe2, 0x82], '"'), expected: 'byte 0xE2' },
  { name: 'latin1 bytes', input: () => Buffer.from('X = "Zata\xf1\xf1a"', 'latin1'), expected: 'line 1, column 10: invalid UTF-8 in string: byte 0xF1' },
  { name: 'escaped byte 255', input: () => 'X = "\\255"', expected: 'byte 0xFF (made by this escape)' },
  { name: 'escape completing a bad sequence', input: () => 'X = "\\195("', expected: 'invalid UTF-8 in string: byte 0xC3' },
  { name: 'invalid UTF-8 in a long string', input: () => bytes('X = [[ok ', [0xff], ']]'), expected: 'invalid UTF-8 in string: byte 0xFF' },
  { name: 'invalid UTF-8 in a key', input: () => bytes('X = { ["', [0xfe], '"] = 1 }'), expected: 'byte 0xFE' },
  { name: 'invalid UTF-8 outside strings', input: () => bytes('X = ', [0xff]), expected: 'found byte 0xFF (not valid UTF-8)' },
  { name: 'lone surrogate in a JS string', input: () => 'X = "\uDC00"', expected: 'lone UTF-16 surrogate (U+DC00)' },
  { name: 'surrogate escape', input: () => 'X = "\\u{DFFF}"', expected: 'is a UTF-16 surrogate' },
  { name: 'raw NUL in a string', input: () => bytes('X = "a', [0], 'b"'), expected: 'NUL byte in string' },
  { name: 'raw NUL in a long string', input: () => bytes('X = [[a', [0], 'b]]'), expected: 'NUL byte in string' },
  { name: 'NUL between tokens', input: () => bytes('X = 1', [0], 'Y = 2'), expected: 'found a NUL byte' },
  { name: 'NUL-filled file', input: () => Buffer.alloc(1024), expected: 'found a NUL byte' },
  { name: 'control character between tokens', input: () => '\u0001X = 1', expected: 'found control character 0x01' },
  { name: 'two BOMs', input: () => '\uFEFF\uFEFFX = 1', expected: "found '\uFEFF'" },
  { name: 'BOM in the middle', input: () => 'X = 1\n\uFEFFY = 2', expected: "found '\uFEFF'" },
  { name: 'UTF-16 LE file', input: () => Buffer.from('\uFEFFX = 1', 'utf16le'), expected: 'byte 0xFF (not valid UTF-8)' },
  { name: 'curly quotes', input: () => 'X = “a”', expected: "found '“'" },
  { name: 'emoji as a name', input: () => '🐉 = 1', expected: "found '🐉'" },
];

describe('hostile inputs', () => {
  it('has at least 50 cases', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
  });

  it.each(corpus.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const input = entry.input();
    const started = performance.now();
    let thrown: unknown = null;
    try {
      parseSavedVariables(input);
    } catch (error) {
      thrown = error;
    }
    const elapsed = performance.now() - started;
    expect(thrown).toBeInstanceOf(SavedVariablesError);
    expect((thrown as SavedVariablesError).message).toContain(entry.expected);
    // A guard against hangs, not a speed test (the bench measures speed): generous under load.
    expect(elapsed).toBeLessThan(10_000);
  });

  it('runs the whole corpus in well under the suite budget, through both entry points', () => {
    const started = performance.now();
    for (const entry of corpus) {
      const input = entry.input();
      expect(() => parseSavedVariables(input)).toThrow(SavedVariablesError);
      expect(() => readPattSyncExport(input)).toThrow(SavedVariablesError);
    }
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('leaves Object.prototype untouched after the corpus', () => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
