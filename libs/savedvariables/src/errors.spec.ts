import { DEFAULT_LIMITS, SavedVariablesError, parseSavedVariables } from '.';
import { parseError } from '../test/helpers';

describe('error positions and messages', () => {
  it('says where it stopped and why', () => {
    const error = parseError('X = {\n  a = 1,\n  b = 2,\n  c = foo("x"),\n}');
    expect(error).toBeInstanceOf(SavedVariablesError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SavedVariablesError');
    expect(error.kind).toBe('syntax');
    expect(error.line).toBe(4);
    expect(error.column).toBe(7);
    expect(error.reason).toBe("expected a value, found name 'foo': variables and function calls are not allowed");
    expect(error.message).toBe(`line 4, column 7: ${error.reason}`);
  });

  it("reports a bracket key followed by something else than '=' like the brief's example", () => {
    const error = parseError('X = {\n\t["key"] (1)\n}');
    expect(error.message).toBe("line 2, column 10: expected '=' after key, found '(' (function calls and expressions are not allowed)");
  });

  it('counts columns in characters, not bytes, and lines over \\n, \\r\\n and \\r', () => {
    expect(parseError('X = "Zatañña" Тролль').column).toBe(15);
    expect(parseError('X = "Zatañña" Тролль').reason).toBe("expected the next assignment or the end of input after the value of 'X', found 'Т'");
    expect(parseError('A = 1\r\nB = 2\r\nC = ?').line).toBe(3);
    expect(parseError('A = 1\rB = 2\rC = ?').line).toBe(3);
    expect(parseError('A = 1\n\n\n  C = ?')).toMatchObject({ line: 4, column: 7 });
  });

  it('does not count a leading BOM as a column', () => {
    expect(parseError('\uFEFFX = ?')).toMatchObject({ line: 1, column: 5 });
  });

  it('reports the first error in the text when there are several', () => {
    expect(parseError('X = { a = 1 b = 2 }\nY = ) Z = (').message).toMatch(/^line 1, column 13: expected ',' or '}' after a table entry, found name 'b'/);
  });

  it('reports the offset in bytes where it stopped', () => {
    expect(parseError('X = "ñ" ?').offset).toBe(9);
  });

  it.each([
    ['X', "expected '=' after 'X', found end of input"],
    ['X =', 'expected a value (string, number, boolean, nil or table), found end of input'],
    ['X = {', 'expected a value (string, number, boolean, nil or table), found end of input'],
    ['X = { 1', "expected ',' or '}' after a table entry, found end of input"],
    ['X = { a = }', "expected a value (string, number, boolean, nil or table), found '}'"],
    ['X = { [1 = 2 }', "expected ']' after key, found '='"],
    ['X = { [true] = 1 }', "table keys must be strings or numbers, found keyword 'true'"],
    ['X = { [{}] = 1 }', "table keys must be strings or numbers, found '{'"],
    ['X = { a }', "found name 'a' as a value: variables are not allowed as values"],
    ['X = { a b }', "expected '=' after key 'a', found name 'b'"],
    ['X = { a == 1 }', "expected '=' after key 'a', found '==' (operators are not allowed)"],
    ['X = { end = 1 }', "expected a table entry, found keyword 'end'"],
    ['X = 1 2', "expected the next assignment or the end of input after the value of 'X', found a number"],
    ['X = "a" "b"', "expected the next assignment or the end of input after the value of 'X', found a string"],
    ['1 = 2', 'expected a variable name (Name = value), found a number'],
    ['X.y = 2', "expected '=' after 'X', found '.' (field access and method calls are not allowed)"],
    ['X, Y = 1, 2', "expected '=' after 'X', found ','"],
    ['local X = 1', "expected a variable name, found keyword 'local': only assignments 'Name = value' are allowed"],
    ['X = - "a"', "expected a number after '-', found a string (only numeric literals may be negated)"],
    ['X = "\\q"', "invalid escape sequence '\\q' in string"],
    ['X = "\\300"', "decimal escape '\\300' is too large (the maximum is 255)"],
    ['X = "\\xG0"', "escape '\\x' must be followed by two hexadecimal digits"],
    ['X = "\\x4"', "escape '\\x' must be followed by two hexadecimal digits"],
    ['X = "\\u41"', "escape '\\u' must be followed by '{'"],
    ['X = "\\u{}"', "escape '\\u{' must be followed by hexadecimal digits"],
    ['X = "\\u{41"', "escape '\\u{...' is missing its closing '}'"],
    ['X = "\\u{110000}"', "escape '\\u{...}' is beyond U+10FFFF, the largest code point"],
    ['X = "\\u{D800}"', "escape '\\u{D800}' is a UTF-16 surrogate, which UTF-8 cannot encode"],
    ['X = "abc', 'unfinished string: no closing quote before the end of input'],
    ['X = "ab\nc"', 'unfinished string: line break inside a quoted string (write \\n)'],
    ['X = [[abc', 'unfinished long string: no closing ]] before the end of input'],
    ['X = [==[abc]=]', 'unfinished long string: no closing ]==] before the end of input'],
    ['--[[ never closed\nX = 1', 'unfinished long comment: no closing ]] before the end of input'],
  ])('%j -> %s', (text, reason) => {
    expect(parseError(text).reason).toBe(reason);
  });

  it('names the error kind for encoding problems', () => {
    const error = parseError(Buffer.from([0x58, 0x20, 0x3d, 0x20, 0x22, 0x61, 0xc3, 0x28, 0x22]));
    expect(error).toMatchObject({ kind: 'encoding', line: 1, column: 7 });
    expect(error.reason).toBe('invalid UTF-8 in string: byte 0xC3 does not start a valid character');
  });

  it('points at the escape that made an invalid UTF-8 sequence', () => {
    const error = parseError('X = "ok \\195\\040"');
    expect(error).toMatchObject({ kind: 'encoding', column: 9 });
    expect(error.reason).toContain('(made by this escape)');
  });
});

describe('limits', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({ maxBytes: 2 * 1024 * 1024, maxDepth: 64, maxNodes: 200_000, maxStringBytes: 64 * 1024 });
  });

  it('refuses input over maxBytes before reading it, naming the limit', () => {
    const error = parseError(`X = "${'a'.repeat(100)}"`, { maxBytes: 50 });
    expect(error).toMatchObject({ kind: 'limit', limit: 'maxBytes', line: null, column: null });
    expect(error.message).toBe('input is at least 106 bytes, more than the limit maxBytes = 50 bytes');
    expect(parseError(Buffer.alloc(51, 0x20), { maxBytes: 50 }).message).toBe('input is 51 bytes, more than the limit maxBytes = 50 bytes');
    // Counted in UTF-8 bytes: 20 characters, 40 bytes.
    expect(parseError(`X="${'ñ'.repeat(20)}"`, { maxBytes: 30 }).reason).toContain('input is 44 bytes');
  });

  it('accepts input of exactly maxBytes', () => {
    expect(parseSavedVariables('X = 1', { maxBytes: 5 })).toEqual({ X: 1 });
  });

  it('refuses nesting deeper than maxDepth and accepts exactly maxDepth', () => {
    expect(parseSavedVariables(`X = ${'{'.repeat(64)}${'}'.repeat(64)}`)).toBeDefined();
    const error = parseError(`X = ${'{'.repeat(65)}${'}'.repeat(65)}`);
    expect(error).toMatchObject({ kind: 'limit', limit: 'maxDepth', line: 1, column: 69 });
    expect(error.reason).toBe('tables are nested more than 64 deep (limit maxDepth = 64)');
    expect(parseError('X = {{{}}}', { maxDepth: 2 }).limit).toBe('maxDepth');
  });

  it('parses with an explicit stack, so even a huge configured maxDepth cannot overflow the call stack', () => {
    const depth = 200_000;
    const result = parseSavedVariables(`X = ${'{'.repeat(depth)}${'}'.repeat(depth)}`, { maxDepth: depth, maxNodes: depth });
    let level = 0;
    for (let value = result['X']; Array.isArray(value) && value.length > 0; value = value[0]) level++;
    expect(level).toBe(depth - 1);
  });

  it('refuses more than maxNodes values, counting tables and literals', () => {
    expect(parseSavedVariables('X = { 1, 2, 3 }', { maxNodes: 4 })).toEqual({ X: [1, 2, 3] });
    const error = parseError('X = { 1, 2, 3, 4 }', { maxNodes: 4 });
    expect(error).toMatchObject({ kind: 'limit', limit: 'maxNodes', column: 16 });
    expect(error.reason).toBe('too many values (more than 4) (limit maxNodes = 4)');
  });

  it('refuses strings longer than maxStringBytes (after escapes, in bytes) and points at the string', () => {
    expect(parseSavedVariables('X = "abcd"', { maxStringBytes: 4 })).toEqual({ X: 'abcd' });
    expect(parseSavedVariables('X = "\\97\\98\\99\\100"', { maxStringBytes: 4 })).toEqual({ X: 'abcd' });
    expect(parseSavedVariables('X = "ab\\z     cd"', { maxStringBytes: 4 })).toEqual({ X: 'abcd' });
    for (const text of ['X = "abcde"', 'X = "ab\\99de"', 'X = [[abcde]]', 'X = "ññø"', 'X = [[\r\nab\r\ncd\r\n]]', 'X = { abcde = 1 }', 'X = { ["abcde"] = 1 }']) {
      const error = parseError(text, { maxStringBytes: 4 });
      expect(error).toMatchObject({ kind: 'limit', limit: 'maxStringBytes' });
    }
    expect(parseError('X = "abcde"', { maxStringBytes: 4 }).message).toBe('line 1, column 5: string is too long (limit maxStringBytes = 4)');
    expect(parseSavedVariables('X = [[\r\nab\r\ncd]]', { maxStringBytes: 5 })).toEqual({ X: 'ab\ncd' });
  });

  it('rejects bad options as a programming error (RangeError)', () => {
    expect(() => parseSavedVariables('', { maxDepth: 0 })).toThrow(RangeError);
    expect(() => parseSavedVariables('', { maxNodes: 1.5 })).toThrow(RangeError);
    expect(() => parseSavedVariables('', { maxBytes: Number.NaN })).toThrow(RangeError);
  });

  it('uses the defaults for options given as undefined', () => {
    expect(parseSavedVariables('X = 1', { maxDepth: undefined })).toEqual({ X: 1 });
  });
});

describe('input types', () => {
  it('refuses what is neither a string nor bytes with a SavedVariablesError', () => {
    for (const input of [null, undefined, 42, {}, ['X = 1']]) {
      expect(() => parseSavedVariables(input as unknown as string)).toThrow(SavedVariablesError);
    }
  });

  it('refuses a string with a lone surrogate instead of writing U+FFFD', () => {
    const error = parseError('X = "ab\uD800"');
    expect(error).toMatchObject({ kind: 'encoding', line: 1, column: 8 });
    expect(error.reason).toBe('the text contains a lone UTF-16 surrogate (U+D800), which is not a character');
  });

  it('treats a latin1-decoded string as text: its characters are kept, not checked as bytes', () => {
    // "Zatañña" read as latin1 is mojibake, but valid text; only bytes can be checked as UTF-8.
    const latin1 = Buffer.from('X = "Zatañña"', 'utf8').toString('latin1');
    expect(parseSavedVariables(latin1)['X']).toBe('ZataÃ±Ã±a');
    expect(parseError(Buffer.from('X = "Zata\xf1\xf1a"', 'latin1')).kind).toBe('encoding');
  });
});
