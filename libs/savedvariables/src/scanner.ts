// The lexical layer: one forward pass over the file's bytes. Every token is read by a loop over
// bytes with table look-ups (no regular expressions, so no backtracking), and a token's text is cut
// out of the buffer once (Buffer#toString over a range), never built character by character.
// Only strings with escapes or long strings with \r go through a reusable scratch buffer.

import { SavedVariablesError, SavedVariablesErrorKind, SavedVariablesLimitName } from './errors';
import { positionAt } from './position';
import { ParseLimits } from './types';
import { findInvalidUtf8, utf8SequenceLength } from './utf8';

const TAB = 0x09;
const LF = 0x0a;
const VT = 0x0b;
const FF = 0x0c;
const CR = 0x0d;
const SPACE = 0x20;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const EQUALS = 0x3d;
const LBRACKET = 0x5b;
const BACKSLASH = 0x5c;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

/** Beyond this many characters a numeric literal is not something WoW writes. */
const MAX_NUMBER_LITERAL = 200;
/** Slots of the key cache (a power of two) and the longest key kept in it. */
const KEY_CACHE_SIZE = 512;
const MAX_CACHED_KEY = 48;

const IS_SPACE = 1;
const IS_NAME_START = 2;
const IS_NAME_PART = 4;
const IS_DIGIT = 8;
/** Bytes a quoted string can contain without a second look: printable ASCII except " ' and \. */
const IS_PLAIN = 16;

/** One look-up per byte instead of a chain of comparisons. Lua names are ASCII only. */
const CHAR_CLASS = buildCharClasses();
/** Value of a hexadecimal digit, -1 for anything else. */
const HEX_VALUE = buildHexValues();
/** The byte a one-letter escape (\n, \t, \", ...) stands for, -1 for letters that are not one. */
const SIMPLE_ESCAPE = buildSimpleEscapes();

function buildCharClasses(): Uint8Array {
  const classes = new Uint8Array(256);
  for (const b of [SPACE, TAB, LF, VT, FF, CR]) classes[b] = IS_SPACE;
  for (let b = 0; b < 256; b++) {
    const letter = (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f;
    const digit = b >= ZERO && b <= 0x39;
    if (letter) classes[b] |= IS_NAME_START | IS_NAME_PART;
    if (digit) classes[b] |= IS_NAME_PART | IS_DIGIT;
    if (b >= SPACE && b < 0x7f && b !== DQUOTE && b !== SQUOTE && b !== BACKSLASH) classes[b] |= IS_PLAIN;
  }
  return classes;
}

function buildHexValues(): Int8Array {
  const values = new Int8Array(256).fill(-1);
  for (let i = 0; i < 10; i++) values[ZERO + i] = i;
  for (let i = 0; i < 6; i++) {
    values[0x41 + i] = 10 + i;
    values[0x61 + i] = 10 + i;
  }
  return values;
}

function buildSimpleEscapes(): Int16Array {
  const escapes = new Int16Array(256).fill(-1);
  const pairs: Array<[string, number]> = [
    ['a', 7], ['b', 8], ['f', 12], ['n', 10], ['r', 13], ['t', 9], ['v', 11],
    ['\\', BACKSLASH], ['"', DQUOTE], ["'", SQUOTE],
  ];
  for (const [letter, byte] of pairs) escapes[letter.charCodeAt(0)] = byte;
  return escapes;
}

export function isSpaceByte(b: number): boolean {
  return (CHAR_CLASS[b] & IS_SPACE) !== 0;
}
export function isNameStart(b: number): boolean {
  return (CHAR_CLASS[b] & IS_NAME_START) !== 0;
}
function isNamePart(b: number): boolean {
  return (CHAR_CLASS[b] & IS_NAME_PART) !== 0;
}
export function isDigit(b: number): boolean {
  return (CHAR_CLASS[b] & IS_DIGIT) !== 0;
}

/** Lua 5.1-5.4 reserved words: never a variable name or a bare table key. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'goto', 'if', 'in',
  'local', 'nil', 'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while',
]);

/** Operators and punctuation of two or three characters, so errors say '..' rather than '.'. */
const MULTI_CHAR_TOKENS = ['...', '..', '==', '~=', '<=', '>=', '::', '//', '<<', '>>'];

export class Scanner {
  protected pos: number;
  protected readonly end: number;
  /** Decoded bytes of the string being read, when it cannot be cut out of the input as is. */
  private scratch: Buffer = Buffer.allocUnsafe(256);
  /** For each scratch byte, the input offset it came from, so an encoding error points there. */
  private scratchSources = new Int32Array(256);
  private scratchLength = 0;
  /**
   * Short ASCII keys seen recently, by hash. An export repeats the same dozen keys for every
   * member; handing out the same string each time saves a slice per key and lets V8 use its
   * cached hash when the key is stored in an object.
   */
  private readonly keyCache: Array<string | undefined> = new Array<string | undefined>(KEY_CACHE_SIZE);

  constructor(
    protected readonly bytes: Buffer,
    protected readonly limits: ParseLimits,
    /** Where the text starts (after a byte-order mark); positions are counted from here. */
    protected readonly textStart: number,
  ) {
    this.pos = textStart;
    this.end = bytes.length;
  }

  // ---- errors -------------------------------------------------------------------------------

  protected fail(reason: string, offset: number = this.pos, kind: SavedVariablesErrorKind = 'syntax'): never {
    const { line, column } = positionAt(this.bytes, offset, this.textStart);
    throw new SavedVariablesError(reason, { kind, line, column, offset });
  }

  protected failLimit(limit: SavedVariablesLimitName, reason: string, offset: number): never {
    const { line, column } = positionAt(this.bytes, offset, this.textStart);
    throw new SavedVariablesError(`${reason} (limit ${limit} = ${this.limits[limit]})`, {
      kind: 'limit',
      line,
      column,
      offset,
      limit,
    });
  }

  private failStringTooLong(open: number): never {
    this.failLimit('maxStringBytes', 'string is too long', open);
  }

  private failInvalidUtf8(bytes: Uint8Array, index: number, sourceOffset: number): never {
    const hex = bytes[index].toString(16).toUpperCase().padStart(2, '0');
    const fromEscape = this.bytes[sourceOffset] === BACKSLASH ? ' (made by this escape)' : '';
    this.fail(`invalid UTF-8 in string: byte 0x${hex}${fromEscape} does not start a valid character`, sourceOffset, 'encoding');
  }

  /** A short description of what is at `at`, for "expected X, found Y" messages. */
  protected describe(at: number): string {
    const bytes = this.bytes;
    if (at >= this.end) return 'end of input';
    const b = bytes[at];
    if (isNameStart(b)) {
      let stop = at;
      while (stop < this.end && stop - at < 40 && isNamePart(bytes[stop])) stop++;
      const name = bytes.toString('latin1', at, stop);
      return KEYWORDS.has(name) ? `keyword '${name}'` : `name '${name}'`;
    }
    if (isDigit(b) || (b === DOT && isDigit(bytes[at + 1]))) return 'a number';
    if (b === DQUOTE || b === SQUOTE) return 'a string';
    if (b === LBRACKET && this.longBracketLevel(at) >= 0) return 'a long string';
    for (const token of MULTI_CHAR_TOKENS) {
      if (bytes.toString('latin1', at, at + token.length) === token) return `'${token}'`;
    }
    if (b > SPACE && b < 0x7f) return `'${String.fromCharCode(b)}'`;
    if (b === 0) return 'a NUL byte';
    if (b < 0x80) return `control character 0x${b.toString(16).padStart(2, '0').toUpperCase()}`;
    const length = utf8SequenceLength(bytes, at, this.end);
    if (length === 0) return `byte 0x${b.toString(16).toUpperCase()} (not valid UTF-8)`;
    return `'${bytes.toString('utf8', at, at + length)}'`;
  }

  // ---- whitespace and comments --------------------------------------------------------------

  /** Skips whitespace, `-- line` comments (WoW's `-- [n]`) and `--[[ ]]` / `--[==[ ]==]` comments. */
  protected skipTrivia(): void {
    const bytes = this.bytes;
    const end = this.end;
    let pos = this.pos;
    while (pos < end) {
      const b = bytes[pos];
      if ((CHAR_CLASS[b] & IS_SPACE) !== 0) {
        pos++;
      } else if (b === MINUS && bytes[pos + 1] === MINUS) {
        pos = this.skipComment(pos);
      } else {
        break;
      }
    }
    this.pos = pos;
  }

  /** `start` is at the first '-'; returns the offset after the comment. */
  private skipComment(start: number): number {
    const bytes = this.bytes;
    const body = start + 2;
    const level = bytes[body] === LBRACKET ? this.longBracketLevel(body) : -1;
    if (level >= 0) {
      // Content of a long comment is never looked at, so the native search is enough.
      return this.findLongBracketClose(body + level + 2, level, start, 'long comment') + level + 2;
    }
    let pos = body;
    // A line comment ends at \n or at a lone \r, as in Lua.
    while (pos < this.end && bytes[pos] !== LF && bytes[pos] !== CR) pos++;
    return pos;
  }

  // ---- long brackets ------------------------------------------------------------------------

  /** The level (number of '=') of a long bracket `[==[` opening at `at`, or -1 if there is none. */
  protected longBracketLevel(at: number): number {
    const bytes = this.bytes;
    let pos = at + 1;
    while (pos < this.end && bytes[pos] === EQUALS) pos++;
    return bytes[pos] === LBRACKET ? pos - at - 1 : -1;
  }

  /** Offset of the `]` that starts the closing `]==]` of the given level, searching from `from`. */
  private findLongBracketClose(from: number, level: number, open: number, what: string): number {
    const bytes = this.bytes;
    let search = from;
    for (;;) {
      const close = bytes.indexOf(RBRACKET, search);
      if (close < 0) this.fail(`unfinished ${what}: no closing ]${'='.repeat(level)}] before the end of input`, open);
      if (this.closesLongBracket(close, level)) return close;
      search = close + 1;
    }
  }

  private closesLongBracket(at: number, level: number): boolean {
    const bytes = this.bytes;
    let pos = at + 1;
    const stop = pos + level;
    while (pos < stop && bytes[pos] === EQUALS) pos++;
    return pos === stop && bytes[pos] === RBRACKET;
  }

  /**
   * A long string `[[...]]` / `[==[...]==]`: no escapes; the newline right after the opening
   * bracket is dropped and every line break becomes \n, as Lua does. One pass that checks UTF-8,
   * NUL bytes and the length while looking for the close, so the first problem is the one reported.
   */
  protected readLongString(): string {
    const bytes = this.bytes;
    const open = this.pos;
    const level = this.longBracketLevel(open);
    let start = open + level + 2;
    start = skipOneLineBreak(bytes, start);
    const maxLength = this.limits.maxStringBytes;
    let pos = start;
    let hasCR = false;
    let ascii = true;
    for (;;) {
      if (pos >= this.end) this.fail(`unfinished long string: no closing ]${'='.repeat(level)}] before the end of input`, open);
      const b = bytes[pos];
      if (b === RBRACKET && this.closesLongBracket(pos, level)) break;
      // Until a \r is seen, raw length is decoded length, so the limit can stop the scan early;
      // after one, \r\n pairs shrink and only the exact check below can decide.
      if (!hasCR && pos - start >= maxLength) this.failStringTooLong(open);
      if (b === 0) this.fail('NUL byte in string (write \\0 in a quoted string instead)', pos);
      if (b === CR) hasCR = true;
      if (b < 0x80) {
        pos++;
        continue;
      }
      const length = utf8SequenceLength(bytes, pos, this.end);
      if (length === 0) this.failInvalidUtf8(bytes, pos, pos);
      ascii = false;
      pos += length;
    }
    this.pos = pos + level + 2;
    if (hasCR) return this.normalizeLineBreaks(start, pos, open);
    if (pos - start > maxLength) this.failStringTooLong(open);
    return ascii ? bytes.toString('latin1', start, pos) : bytes.toString('utf8', start, pos);
  }

  private normalizeLineBreaks(start: number, stop: number, open: number): string {
    const bytes = this.bytes;
    this.scratchLength = 0;
    let pos = start;
    while (pos < stop) {
      const b = bytes[pos];
      if (b === LF || b === CR) {
        this.append(LF, pos);
        pos = skipOneLineBreak(bytes, pos);
      } else {
        this.append(b, pos);
        pos++;
      }
    }
    if (this.scratchLength > this.limits.maxStringBytes) this.failStringTooLong(open);
    return this.scratch.toString('utf8', 0, this.scratchLength);
  }

  // ---- quoted strings -----------------------------------------------------------------------

  /**
   * A "..." or '...' string. Strings without escapes are cut out of the input directly.
   * `isKey` marks table keys, which go through the key cache.
   */
  protected readQuotedString(isKey = false): string {
    const bytes = this.bytes;
    const end = this.end;
    const open = this.pos;
    const quote = bytes[open];
    const start = open + 1;
    // Scanning stops at the end of input or where the string would become too long.
    const stop = Math.min(end, start + this.limits.maxStringBytes);
    let pos = start;
    let ascii = true;
    for (;;) {
      // The hot loop: printable ASCII other than quotes and backslash, one table look-up per byte.
      while (pos < stop && (CHAR_CLASS[bytes[pos]] & IS_PLAIN) !== 0) pos++;
      if (pos >= stop) {
        if (pos < end && bytes[pos] === quote) break;
        if (pos >= end) this.fail('unfinished string: no closing quote before the end of input', open);
        this.failStringTooLong(open);
      }
      const b = bytes[pos];
      if (b === quote) break;
      if (b === BACKSLASH) return this.readEscapedString(open, start, pos);
      if (b < 0x80) {
        if (b < SPACE) this.checkRawControl(b, pos);
        pos++; // the other quote, a tab, DEL or another raw control character
        continue;
      }
      const length = utf8SequenceLength(bytes, pos, end);
      if (length === 0) this.failInvalidUtf8(bytes, pos, pos);
      ascii = false;
      pos += length;
    }
    // A multi-byte character may have stepped over `stop`.
    if (pos - start > this.limits.maxStringBytes) this.failStringTooLong(open);
    this.pos = pos + 1;
    if (!ascii) return bytes.toString('utf8', start, pos);
    return isKey ? this.asciiKey(start, pos) : bytes.toString('latin1', start, pos);
  }

  /** The ASCII text of [start, end), from the key cache when it was seen before. */
  private asciiKey(start: number, end: number): string {
    const bytes = this.bytes;
    if (end - start > MAX_CACHED_KEY) return bytes.toString('latin1', start, end);
    let hash = end - start;
    for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + bytes[i]) | 0;
    const slot = hash & (KEY_CACHE_SIZE - 1);
    const cached = this.keyCache[slot];
    if (cached !== undefined && equalsAscii(cached, bytes, start, end)) return cached;
    const key = bytes.toString('latin1', start, end);
    this.keyCache[slot] = key;
    return key;
  }

  /** Raw control characters are kept (Lua 5.1's %q writes them raw) except line breaks and NUL. */
  private checkRawControl(b: number, pos: number): void {
    if (b === LF || b === CR) this.fail('unfinished string: line break inside a quoted string (write \\n)', pos);
    if (b === 0) this.fail('NUL byte in string (write \\0 instead)', pos);
  }

  /** The slow path, from the first backslash on: bytes are collected in the scratch buffer. */
  private readEscapedString(open: number, start: number, firstEscape: number): string {
    const bytes = this.bytes;
    const quote = bytes[open];
    const maxLength = this.limits.maxStringBytes;
    this.scratchLength = 0;
    for (let i = start; i < firstEscape; i++) this.append(bytes[i], i);
    let pos = firstEscape;
    for (;;) {
      if (pos >= this.end) this.fail('unfinished string: no closing quote before the end of input', open);
      const b = bytes[pos];
      if (b === quote) break;
      if (b === BACKSLASH) {
        pos = this.readEscape(pos, open);
      } else {
        if (b < SPACE) this.checkRawControl(b, pos);
        this.append(b, pos);
        pos++;
      }
      if (this.scratchLength > maxLength) this.failStringTooLong(open);
    }
    // Escapes make bytes, so UTF-8 can only be checked once the whole string is known (\195\177 is ñ).
    const invalid = findInvalidUtf8(this.scratch, 0, this.scratchLength);
    if (invalid >= 0) this.failInvalidUtf8(this.scratch, invalid, this.scratchSources[invalid]);
    this.pos = pos + 1;
    return this.scratch.toString('utf8', 0, this.scratchLength);
  }

  /** Decodes the escape at `at` (a backslash) into the scratch buffer; returns the offset after it. */
  private readEscape(at: number, open: number): number {
    const bytes = this.bytes;
    if (at + 1 >= this.end) this.fail('unfinished string: no closing quote before the end of input', open);
    const letter = bytes[at + 1];
    const simple = SIMPLE_ESCAPE[letter];
    if (simple >= 0) {
      this.append(simple, at);
      return at + 2;
    }
    if (letter === LF || letter === CR) {
      // A backslash before a line break keeps the line break (how Lua 5.1's %q writes newlines).
      this.append(LF, at);
      return skipOneLineBreak(bytes, at + 1);
    }
    if (isDigit(letter)) return this.readDecimalEscape(at);
    if (letter === 0x78 /* x */) return this.readHexEscape(at);
    if (letter === 0x7a /* z */) return this.skipSpaceEscape(at);
    if (letter === 0x75 /* u */) return this.readUnicodeEscape(at);
    return this.fail(`invalid escape sequence ${this.describeEscape(at)} in string`, at);
  }

  private describeEscape(at: number): string {
    const letter = this.bytes[at + 1];
    return letter > SPACE && letter < 0x7f ? `'\\${String.fromCharCode(letter)}'` : `'\\' followed by ${this.describe(at + 1)}`;
  }

  /** \d, \dd or \ddd: a byte value 0-255. */
  private readDecimalEscape(at: number): number {
    const bytes = this.bytes;
    let pos = at + 1;
    let value = 0;
    while (pos < at + 4 && isDigit(bytes[pos])) {
      value = value * 10 + bytes[pos] - ZERO;
      pos++;
    }
    if (value > 255) this.fail(`decimal escape '\\${bytes.toString('latin1', at + 1, pos)}' is too large (the maximum is 255)`, at);
    this.append(value, at);
    return pos;
  }

  /** \xXX: exactly two hexadecimal digits (Lua 5.2+). */
  private readHexEscape(at: number): number {
    const high = HEX_VALUE[this.bytes[at + 2]];
    const low = HEX_VALUE[this.bytes[at + 3]];
    if (at + 3 >= this.end || high < 0 || low < 0) this.fail("escape '\\x' must be followed by two hexadecimal digits", at);
    this.append(high * 16 + low, at);
    return at + 4;
  }

  /** \z skips the whitespace (line breaks included) that follows it (Lua 5.2+). */
  private skipSpaceEscape(at: number): number {
    let pos = at + 2;
    while (pos < this.end && isSpaceByte(this.bytes[pos])) pos++;
    return pos;
  }

  /** \u{XXX}: a code point, written as UTF-8 (Lua 5.3+). Surrogates and > U+10FFFF cannot be UTF-8. */
  private readUnicodeEscape(at: number): number {
    const bytes = this.bytes;
    if (bytes[at + 2] !== LBRACE) this.fail("escape '\\u' must be followed by '{'", at);
    let pos = at + 3;
    let codePoint = 0;
    while (pos < this.end && HEX_VALUE[bytes[pos]] >= 0) {
      codePoint = codePoint * 16 + HEX_VALUE[bytes[pos]];
      // Checked while reading, so a run of a million digits cannot overflow or take long.
      if (codePoint > 0x10ffff) this.fail("escape '\\u{...}' is beyond U+10FFFF, the largest code point", at, 'encoding');
      pos++;
    }
    if (pos === at + 3) this.fail("escape '\\u{' must be followed by hexadecimal digits", at);
    if (bytes[pos] !== RBRACE) this.fail("escape '\\u{...' is missing its closing '}'", at);
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      this.fail(`escape '\\u{${codePoint.toString(16).toUpperCase()}}' is a UTF-16 surrogate, which UTF-8 cannot encode`, at, 'encoding');
    }
    this.appendCodePoint(codePoint, at);
    return pos + 1;
  }

  private appendCodePoint(codePoint: number, source: number): void {
    if (codePoint < 0x80) {
      this.append(codePoint, source);
    } else if (codePoint < 0x800) {
      this.append(0xc0 | (codePoint >> 6), source);
      this.append(0x80 | (codePoint & 0x3f), source);
    } else if (codePoint < 0x10000) {
      this.append(0xe0 | (codePoint >> 12), source);
      this.append(0x80 | ((codePoint >> 6) & 0x3f), source);
      this.append(0x80 | (codePoint & 0x3f), source);
    } else {
      this.append(0xf0 | (codePoint >> 18), source);
      this.append(0x80 | ((codePoint >> 12) & 0x3f), source);
      this.append(0x80 | ((codePoint >> 6) & 0x3f), source);
      this.append(0x80 | (codePoint & 0x3f), source);
    }
  }

  private append(byte: number, source: number): void {
    if (this.scratchLength === this.scratch.length) this.growScratch();
    this.scratch[this.scratchLength] = byte;
    this.scratchSources[this.scratchLength] = source;
    this.scratchLength++;
  }

  private growScratch(): void {
    const size = this.scratch.length * 2;
    const scratch = Buffer.allocUnsafe(size);
    this.scratch.copy(scratch);
    const sources = new Int32Array(size);
    sources.set(this.scratchSources);
    this.scratch = scratch;
    this.scratchSources = sources;
  }

  // ---- names and numbers --------------------------------------------------------------------

  /** An ASCII name [A-Za-z_][A-Za-z0-9_]*; the caller has checked the first byte. */
  protected readName(): string {
    const bytes = this.bytes;
    const start = this.pos;
    let pos = start + 1;
    while (pos < this.end && isNamePart(bytes[pos])) pos++;
    if (pos - start > this.limits.maxStringBytes) this.failLimit('maxStringBytes', 'name is too long', start);
    this.pos = pos;
    return this.asciiKey(start, pos);
  }

  /**
   * An unsigned numeric literal: 12, 1.5, .5, 3., 1e10, 2.5E-3, 0x1F. Integers that a double cannot
   * hold exactly and values that overflow to Infinity are refused rather than silently changed.
   */
  protected readNumber(): number {
    const bytes = this.bytes;
    const start = this.pos;
    if (bytes[start] === ZERO && (bytes[start + 1] | 0x20) === 0x78 /* x or X */) return this.readHexNumber(start);
    let pos = start;
    let value = 0;
    while (isDigit(bytes[pos])) {
      value = value * 10 + bytes[pos] - ZERO;
      pos++;
    }
    const integerDigits = pos - start;
    let isInteger = true;
    if (bytes[pos] === DOT) {
      isInteger = false;
      pos++;
      const fractionStart = pos;
      while (isDigit(bytes[pos])) pos++;
      if (integerDigits === 0 && pos === fractionStart) this.fail(`malformed number near ${this.snippet(start)}`, start);
    }
    if ((bytes[pos] | 0x20) === 0x65 /* e or E */) {
      isInteger = false;
      pos++;
      if (bytes[pos] === PLUS || bytes[pos] === MINUS) pos++;
      if (!isDigit(bytes[pos])) this.fail(`malformed number near ${this.snippet(start)}: the exponent has no digits`, start);
      while (isDigit(bytes[pos])) pos++;
    }
    return this.finishNumber(start, pos, isInteger && integerDigits <= 15 ? value : Number.NaN, isInteger);
  }

  private readHexNumber(start: number): number {
    const bytes = this.bytes;
    let pos = start + 2;
    let value = 0;
    while (HEX_VALUE[bytes[pos]] >= 0) {
      value = value * 16 + HEX_VALUE[bytes[pos]];
      pos++;
    }
    if (pos === start + 2) this.fail(`malformed number near ${this.snippet(start)}`, start);
    if (bytes[pos] === DOT || (bytes[pos] | 0x20) === 0x70 /* p or P */) {
      this.fail(`hexadecimal fractions and exponents (like 0x1.8p3) are not supported: ${this.snippet(start)}`, start);
    }
    return this.finishNumber(start, pos, value, true);
  }

  /** Shared checks: no letters glued to the number, bounded length, exact integers, finite values. */
  private finishNumber(start: number, stop: number, exactValue: number, isInteger: boolean): number {
    const next = this.bytes[stop];
    if (isNamePart(next) || next === DOT) this.fail(`malformed number near ${this.snippet(start)}`, start);
    if (stop - start > MAX_NUMBER_LITERAL) this.fail(`number is too long (more than ${MAX_NUMBER_LITERAL} characters)`, start);
    const value = Number.isNaN(exactValue) ? Number(this.bytes.toString('latin1', start, stop)) : exactValue;
    if (!Number.isFinite(value)) {
      this.fail(`number ${this.snippet(start)} is out of range: it would be Infinity`, start);
    }
    if (isInteger && value > Number.MAX_SAFE_INTEGER) {
      this.fail(
        `integer ${this.snippet(start)} is too large to be represented exactly (the limit is 2^53 - 1 = ${Number.MAX_SAFE_INTEGER}); store it as a string`,
        start,
      );
    }
    this.pos = stop;
    return value;
  }

  /** The literal-looking text at `at` (letters, digits, '.', signs after e/p), quoted and capped. */
  private snippet(at: number): string {
    const bytes = this.bytes;
    let pos = at;
    while (pos < this.end && pos - at < 40) {
      const b = bytes[pos];
      const sign = (b === PLUS || b === MINUS) && ((bytes[pos - 1] | 0x20) === 0x65 || (bytes[pos - 1] | 0x20) === 0x70);
      if (!isNamePart(b) && b !== DOT && !sign) break;
      pos++;
    }
    const more = pos - at >= 40 ? '...' : '';
    return `'${bytes.toString('latin1', at, pos)}${more}'`;
  }
}

function equalsAscii(text: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (text.length !== end - start) return false;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== bytes[start + i]) return false;
  }
  return true;
}

/** If a line break (\n, \r, \r\n or \n\r) starts at `at`, the offset after it; otherwise `at`. */
function skipOneLineBreak(bytes: Uint8Array, at: number): number {
  const b = bytes[at];
  if (b !== LF && b !== CR) return at;
  const next = bytes[at + 1];
  return (next === LF || next === CR) && next !== b ? at + 2 : at + 1;
}
