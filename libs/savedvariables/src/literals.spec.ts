import { parseSavedVariables } from '.';
import { parseError, valueOf } from '../test/helpers';

describe('strings', () => {
  it('reads double- and single-quoted strings', () => {
    expect(valueOf('"hello"')).toBe('hello');
    expect(valueOf("'hello'")).toBe('hello');
    expect(valueOf('""')).toBe('');
    expect(valueOf(`"it's"`)).toBe("it's");
    expect(valueOf(`'say "hi"'`)).toBe('say "hi"');
  });

  it.each([
    ['\\a', '\u0007'],
    ['\\b', '\b'],
    ['\\f', '\f'],
    ['\\n', '\n'],
    ['\\r', '\r'],
    ['\\t', '\t'],
    ['\\v', '\v'],
    ['\\\\', '\\'],
    ['\\"', '"'],
    ["\\'", "'"],
  ])('decodes the escape %s', (escape, expected) => {
    expect(valueOf(`"a${escape}b"`)).toBe(`a${expected}b`);
    expect(valueOf(`'a${escape}b'`)).toBe(`a${expected}b`);
  });

  it('decodes a backslash before a line break as a line break (\\n, \\r\\n, \\n\\r, \\r)', () => {
    expect(valueOf('"one\\\ntwo"')).toBe('one\ntwo');
    expect(valueOf('"one\\\r\ntwo"')).toBe('one\ntwo');
    expect(valueOf('"one\\\n\rtwo"')).toBe('one\ntwo');
    expect(valueOf('"one\\\rtwo"')).toBe('one\ntwo');
  });

  it('decodes decimal escapes \\d, \\dd and \\ddd up to 255', () => {
    expect(valueOf('"\\65\\066\\0067"')).toBe('AB\u00067');
    expect(valueOf('"\\0"')).toBe('\u0000');
    expect(valueOf('"\\9x"')).toBe('\tx');
    expect(valueOf('"\\1234"')).toBe('{4');
  });

  it('decodes escaped bytes as UTF-8: \\195\\177 is ñ, \\208\\162 is Т', () => {
    expect(valueOf('"Zata\\195\\177\\195\\177a"')).toBe('Zatañña');
    expect(valueOf('"\\208\\162\\209\\128\\208\\190\\208\\187\\208\\187\\209\\140"')).toBe('Тролль');
    expect(valueOf('"\\240\\159\\144\\137"')).toBe('🐉');
  });

  it('decodes \\xXX escapes (Lua 5.2)', () => {
    expect(valueOf('"\\x41\\x7a\\xC3\\xB1"')).toBe('Azñ');
  });

  it('decodes \\z by skipping the following whitespace, line breaks included (Lua 5.2)', () => {
    expect(valueOf('"a\\z   \n\t  b"')).toBe('ab');
    expect(valueOf('"a\\zb"')).toBe('ab');
  });

  it('decodes \\u{XXX} as UTF-8 (Lua 5.3)', () => {
    expect(valueOf('"\\u{48}\\u{f1}\\u{422}\\u{1F409}"')).toBe('HñТ🐉');
    expect(valueOf('"\\u{0000000041}"')).toBe('A');
    expect(valueOf('"\\u{10FFFF}"')).toBe('\u{10FFFF}');
  });

  it('keeps raw UTF-8 text: accents, Cyrillic, CJK, emoji', () => {
    expect(valueOf('"Zatañña – Тролль 龍 🐉"')).toBe('Zatañña – Тролль 龍 🐉');
    expect(parseSavedVariables(Buffer.from('X = "Zatañña"', 'utf8'))['X']).toBe('Zatañña');
  });

  it('keeps raw control characters other than line breaks and NUL (Lua 5.1 %q writes them raw)', () => {
    expect(valueOf('"a\tb\u0001c\u007f"')).toBe('a\tb\u0001c\u007f');
  });

  it('keeps a BOM that is inside a string (only a leading BOM of the file is dropped)', () => {
    expect(valueOf('"\uFEFFx"')).toBe('\uFEFFx');
  });
});

describe('long brackets', () => {
  it('reads [[...]] without escapes', () => {
    expect(valueOf('[[a\\nb "c" \'d\']]')).toBe('a\\nb "c" \'d\'');
  });

  it('reads leveled brackets [=[...]=] and [==[...]==], which may contain ]] and ]=]', () => {
    expect(valueOf('[=[a]]b]=]')).toBe('a]]b');
    expect(valueOf('[==[a]=]b]]c]==]')).toBe('a]=]b]]c');
    expect(valueOf('[[]]')).toBe('');
  });

  it('skips the first line break and turns every line break into \\n', () => {
    expect(valueOf('[[\nline1\nline2]]')).toBe('line1\nline2');
    expect(valueOf('[[\r\nline1\r\nline2\rline3]]')).toBe('line1\nline2\nline3');
    expect(valueOf('[==[\n\nx]==]')).toBe('\nx');
  });

  it('reads UTF-8 inside long brackets', () => {
    expect(valueOf('[[Тролль ñ 🐉]]')).toBe('Тролль ñ 🐉');
  });
});

describe('numbers', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['3.25', 3.25],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E+3', 1000],
    ['2.5e-3', 0.0025],
    ['-1.5E2', -150],
    ['0x1F', 31],
    ['0XfF', 255],
    ['-0x10', -16],
    ['007', 7],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    ['-9007199254740991', -Number.MAX_SAFE_INTEGER],
    ['1e308', 1e308],
    ['1e-400', 0],
    ['1732550400', 1732550400],
    ['0.1000000000000000055511151231257827', 0.1],
    ['- 3', -3],
  ])('reads %s', (literal, expected) => {
    expect(valueOf(literal)).toBe(expected);
  });

  it('keeps the sign of -0', () => {
    expect(Object.is(valueOf('-0'), -0)).toBe(true);
  });

  it('reads large integers written with an exponent or a fraction as doubles', () => {
    expect(valueOf('9.007199254740993e15')).toBe(9007199254740992);
    expect(valueOf('1e21')).toBe(1e21);
  });

  it('refuses numbers that become Infinity', () => {
    expect(parseError('X = 1e400').message).toBe("line 1, column 5: number '1e400' is out of range: it would be Infinity");
    expect(parseError('X = -1e309').reason).toContain('out of range');
    expect(parseError('X = 1.8e308').reason).toContain('out of range');
  });

  it('refuses integer literals beyond 2^53 - 1, which a double cannot hold exactly', () => {
    expect(parseError('X = 9007199254740992').reason).toContain('too large to be represented exactly');
    expect(parseError('X = 9007199254740993').reason).toContain('too large to be represented exactly');
    expect(parseError('X = 0x20000000000000').reason).toContain('too large to be represented exactly');
    expect(parseError('X = 0xFFFFFFFFFFFFFFFF').reason).toContain('too large to be represented exactly');
  });

  it('refuses hexadecimal floats clearly', () => {
    expect(parseError('X = 0x1.8p3').reason).toContain('hexadecimal fractions and exponents');
    expect(parseError('X = 0x1p4').reason).toContain('hexadecimal fractions and exponents');
  });

  it.each(['1.2.3', '3abc', '1e', '1e+', '0x', '0xG', '1..2', '2_000'])('refuses the malformed number %s', (literal) => {
    expect(parseError(`X = ${literal}`).reason).toMatch(/malformed number|concatenation/);
  });
});

describe('booleans and nil', () => {
  it('reads true and false', () => {
    expect(valueOf('true')).toBe(true);
    expect(valueOf('false')).toBe(false);
  });

  it('treats a nil assignment as no assignment, as Lua does', () => {
    const result = parseSavedVariables('X = nil\nY = 1');
    expect(Object.keys(result)).toEqual(['Y']);
  });
});

describe('comments', () => {
  it('skips line comments, including at the end of the file without a newline', () => {
    expect(parseSavedVariables('-- header\nX = 1 -- trailing\n-- last')).toEqual({ X: 1 });
  });

  it('skips long comments of any level, also in the middle of a line', () => {
    const text = '--[[ block\n X = 2 ]] X = --[==[ ]] still comment ]==] 1';
    expect(parseSavedVariables(text)).toEqual({ X: 1 });
  });

  it('treats --[ without a long bracket as a line comment', () => {
    expect(parseSavedVariables('--[ not long\nX = 1\n--[= also not\n')).toEqual({ X: 1 });
  });

  it('skips comments between every token', () => {
    const text = 'X --a\n= --b\n{ --c\n [ --d\n "k" --e\n ] --f\n = --g\n 1 --h\n , --i\n } --j';
    expect(parseSavedVariables(text)).toEqual({ X: { k: 1 } });
  });

  it('ends line comments at a lone \\r (old Mac line breaks)', () => {
    expect(parseSavedVariables('-- c\rX = 1\r')).toEqual({ X: 1 });
  });
});

describe('layout', () => {
  it('accepts CRLF files, a UTF-8 BOM, semicolons between assignments, several assignments on one line', () => {
    expect(parseSavedVariables('\uFEFFA = 1\r\nB = 2; C = 3 D = {}\r\n')).toEqual({ A: 1, B: 2, C: 3, D: [] });
    expect(parseSavedVariables(Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0x3d, 0x31]))).toEqual({ A: 1 });
  });

  it('accepts an empty file (no assignments)', () => {
    expect(Object.keys(parseSavedVariables(''))).toEqual([]);
    expect(Object.keys(parseSavedVariables('\n-- nothing\n'))).toEqual([]);
  });

  it('accepts bytes as a Uint8Array view into a larger buffer', () => {
    const backing = Buffer.from('garbage X = 5 garbage');
    expect(parseSavedVariables(new Uint8Array(backing.buffer, backing.byteOffset + 8, 5))).toEqual({ X: 5 });
  });
});
