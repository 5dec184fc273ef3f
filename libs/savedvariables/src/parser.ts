// The grammar: a file is a sequence of `Name = value`; a value is a literal or a table
// constructor. Nothing is ever evaluated. Tables are parsed with an explicit stack rather than
// recursion, so a configured maxDepth, however large, can never overflow the JS call stack.

import { SavedVariablesError } from './errors';
import { Position, positionAt } from './position';
import { KEYWORDS, Scanner, isDigit, isNameStart } from './scanner';
import { LuaTable, LuaValue, ParseLimits, ParseOptions, SavedVariables, resolveLimits } from './types';
import { findLoneSurrogate } from './utf8';

const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const MINUS = 0x2d;
const DOT = 0x2e;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** Returned instead of a value when a `{` was read: the caller must now read the table's fields. */
const OPENED_TABLE = Symbol('opened table');
/** A parsed value, `undefined` for nil, or OPENED_TABLE. */
type Step = LuaValue | undefined | typeof OPENED_TABLE;

enum KeyKind {
  Positional,
  String,
  Number,
}

/** A table being read: its entries so far and the key of the value being read. */
class TableFrame {
  /** Positional entries (`{ a, b }`), in order; `undefined` marks a nil entry. */
  readonly sequence: Array<LuaValue | undefined> = [];
  sequenceNils = 0;
  /** Entries with string keys, except nil ones. Null prototype: "__proto__" is just a key. */
  named: LuaTable | null = null;
  namedCount = 0;
  /** String keys whose value is nil: absent from the result, but still count as duplicates. */
  nilNames: Set<string> | null = null;
  /** Entries with explicit numeric keys (`[5] = v`); `undefined` marks nil. */
  numbered: Map<number, LuaValue | undefined> | null = null;
  keyKind = KeyKind.Positional;
  keyString = '';
  keyNumber = 0;
  keyAt = 0;

  constructor(readonly start: number) {}

  hasName(name: string): boolean {
    // `named` has no prototype and never holds undefined, so a plain read is an own-key test.
    return (this.named !== null && this.named[name] !== undefined) || (this.nilNames?.has(name) ?? false);
  }

  hasNumber(key: number): boolean {
    return (Number.isInteger(key) && key >= 1 && key <= this.sequence.length) || (this.numbered?.has(key) ?? false);
  }
}

export function createTable(): LuaTable {
  return Object.create(null) as LuaTable;
}

/** How a numeric key is spelled as an object key: its JS string form, with -0 as "0" (Lua's view). */
export function numberKeyString(key: number): string {
  return Object.is(key, -0) ? '0' : String(key);
}

class Parser extends Scanner {
  private nodes = 0;

  constructor(
    bytes: Buffer,
    limits: ParseLimits,
    textStart: number,
    private readonly tablePositions: WeakMap<object, number> | null,
  ) {
    super(bytes, limits, textStart);
  }

  // ---- top level ----------------------------------------------------------------------------

  parseDocument(): SavedVariables {
    const result = createTable();
    const assigned = new Set<string>();
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.end) return result;
      if (this.bytes[this.pos] === SEMICOLON) {
        this.pos++; // Lua allows an empty statement; harmless.
        continue;
      }
      const nameAt = this.pos;
      const name = this.readVariableName();
      if (assigned.has(name)) this.fail(`'${name}' is assigned twice (duplicate names are rejected)`, nameAt);
      assigned.add(name);
      this.expectAssignment(`after '${name}'`);
      const value = this.parseValue();
      if (value !== undefined) result[name] = value;
      this.expectStatementEnd(name);
    }
  }

  private readVariableName(): string {
    const at = this.pos;
    if (!isNameStart(this.bytes[at])) {
      this.fail(`expected a variable name (Name = value), found ${this.describe(at)}${this.hint(at)}`, at);
    }
    const name = this.readName();
    if (KEYWORDS.has(name)) {
      this.fail(`expected a variable name, found keyword '${name}': only assignments 'Name = value' are allowed`, at);
    }
    return name;
  }

  private expectAssignment(context: string): void {
    this.skipTrivia();
    const at = this.pos;
    if (this.bytes[at] !== EQUALS || this.bytes[at + 1] === EQUALS) {
      this.fail(`expected '=' ${context}, found ${this.describe(at)}${this.hint(at)}`, at);
    }
    this.pos++;
  }

  private expectStatementEnd(name: string): void {
    this.skipTrivia();
    const at = this.pos;
    const b = this.bytes[at];
    if (at >= this.end || b === SEMICOLON || isNameStart(b)) return;
    this.fail(`expected the next assignment or the end of input after the value of '${name}', found ${this.describe(at)}${this.hint(at)}`, at);
  }

  /** Why a token is refused, for the tokens people (or attackers) actually try. */
  private hint(at: number): string {
    if (at >= this.end) return '';
    const bytes = this.bytes;
    const b = bytes[at];
    if (b === 0x28 /* ( */) return ' (function calls and expressions are not allowed)';
    if (b === DOT && bytes[at + 1] === DOT) return ' (concatenation is not allowed)';
    if (b === DOT || b === 0x3a /* : */) return ' (field access and method calls are not allowed)';
    if (b === EQUALS && bytes[at + 1] === EQUALS) return ' (operators are not allowed)';
    if ('+-*/%^#<>~&|'.includes(String.fromCharCode(b))) return ' (operators are not allowed)';
    return '';
  }

  // ---- values -------------------------------------------------------------------------------

  /** One value, tables included, iteratively: the stack holds the tables still open. */
  private parseValue(): LuaValue | undefined {
    const stack: TableFrame[] = [];
    let step: Step = this.beginValue(stack);
    for (;;) {
      if (step === OPENED_TABLE) {
        step = this.beginField(stack);
        continue;
      }
      if (stack.length === 0) return step;
      this.storeField(stack[stack.length - 1], step);
      step = this.afterField(stack);
    }
  }

  /** At a value: opens a table (OPENED_TABLE) or reads a literal. */
  private beginValue(stack: TableFrame[]): Step {
    this.skipTrivia();
    const at = this.pos;
    if (this.bytes[at] !== LBRACE) return this.readLiteral();
    if (stack.length >= this.limits.maxDepth) {
      this.failLimit('maxDepth', `tables are nested more than ${this.limits.maxDepth} deep`, at);
    }
    this.countNode(at);
    stack.push(new TableFrame(at));
    this.pos++;
    return OPENED_TABLE;
  }

  private countNode(at: number): void {
    this.nodes++;
    if (this.nodes > this.limits.maxNodes) this.failLimit('maxNodes', `too many values (more than ${this.limits.maxNodes})`, at);
  }

  /** A string, number, true, false or nil (undefined). Everything else is refused here. */
  private readLiteral(): LuaValue | undefined {
    const bytes = this.bytes;
    const at = this.pos;
    const b = bytes[at];
    this.countNode(at);
    if (b === DQUOTE || b === SQUOTE) return this.readQuotedString();
    if (b === LBRACKET && this.longBracketLevel(at) >= 0) return this.readLongString();
    if (isDigit(b) || (b === DOT && isDigit(bytes[at + 1]))) return this.readNumber();
    if (b === MINUS) return this.readNegativeNumber();
    if (at < this.end && isNameStart(b)) return this.readWordLiteral();
    return this.fail(`expected a value (string, number, boolean, nil or table), found ${this.describe(at)}${this.hint(at)}`, at);
  }

  private readWordLiteral(): boolean | undefined {
    const at = this.pos;
    const word = this.readName();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'nil') return undefined;
    if (word === 'function') this.fail("expected a value, found keyword 'function': functions are not allowed", at);
    if (KEYWORDS.has(word)) this.fail(`expected a value, found keyword '${word}'`, at);
    return this.fail(`expected a value, found name '${word}': variables and function calls are not allowed`, at);
  }

  /** `-` then a numeric literal (Lua's unary minus, limited to literals). */
  private readNegativeNumber(): number {
    const minusAt = this.pos;
    this.pos++;
    this.skipTrivia();
    const at = this.pos;
    const b = this.bytes[at];
    if (!(isDigit(b) || (b === DOT && isDigit(this.bytes[at + 1])))) {
      this.fail(`expected a number after '-', found ${this.describe(at)} (only numeric literals may be negated)`, minusAt);
    }
    return -this.readNumber();
  }

  // ---- table fields -------------------------------------------------------------------------

  /** At the start of a field or at `}`: reads the key if there is one, then begins the value. */
  private beginField(stack: TableFrame[]): Step {
    const frame = stack[stack.length - 1];
    this.skipTrivia();
    const at = this.pos;
    const b = this.bytes[at];
    frame.keyAt = at;
    frame.keyKind = KeyKind.Positional;
    if (b === RBRACE) {
      this.pos++;
      return this.closeTable(stack);
    }
    if (b === LBRACKET && this.longBracketLevel(at) < 0) {
      this.readBracketKey(frame);
      this.expectAssignment('after key');
    } else if (at < this.end && isNameStart(b)) {
      const word = this.readName();
      if (word === 'true' || word === 'false' || word === 'nil') {
        this.countNode(at);
        return word === 'nil' ? undefined : word === 'true';
      }
      if (KEYWORDS.has(word)) this.fail(`expected a table entry, found keyword '${word}'`, at);
      this.readNamedKeyAssignment(frame, word);
    }
    return this.beginValue(stack);
  }

  /** After `name` in a table: must be `name = value`; a bare name would be a variable. */
  private readNamedKeyAssignment(frame: TableFrame, name: string): void {
    this.skipTrivia();
    const at = this.pos;
    const b = this.bytes[at];
    if (b === EQUALS && this.bytes[at + 1] !== EQUALS) {
      this.pos++;
      frame.keyKind = KeyKind.String;
      frame.keyString = name;
      return;
    }
    if (b === COMMA || b === SEMICOLON || b === RBRACE) {
      this.fail(`found name '${name}' as a value: variables are not allowed as values`, frame.keyAt);
    }
    this.fail(`expected '=' after key '${name}', found ${this.describe(at)}${this.hint(at)}`, at);
  }

  /** `[ "string" ]`, `[ number ]` or `[ -number ]`; Lua allows any expression, we allow literals. */
  private readBracketKey(frame: TableFrame): void {
    this.pos++;
    this.skipTrivia();
    const at = this.pos;
    const b = this.bytes[at];
    if (b === DQUOTE || b === SQUOTE) {
      frame.keyKind = KeyKind.String;
      frame.keyString = this.readQuotedString(true);
    } else if (b === LBRACKET && this.longBracketLevel(at) >= 0) {
      frame.keyKind = KeyKind.String;
      frame.keyString = this.readLongString();
    } else if (isDigit(b) || (b === DOT && isDigit(this.bytes[at + 1]))) {
      frame.keyKind = KeyKind.Number;
      frame.keyNumber = this.readNumber();
    } else if (b === MINUS) {
      frame.keyKind = KeyKind.Number;
      frame.keyNumber = this.readNegativeNumber();
    } else {
      this.fail(`table keys must be strings or numbers, found ${this.describe(at)}${this.hint(at)}`, at);
    }
    this.skipTrivia();
    if (this.bytes[this.pos] !== RBRACKET) {
      this.fail(`expected ']' after key, found ${this.describe(this.pos)}${this.hint(this.pos)}`);
    }
    this.pos++;
  }

  /** After a field's value: `,` / `;` (then another field or `}`), or `}`. */
  private afterField(stack: TableFrame[]): Step {
    this.skipTrivia();
    const at = this.pos;
    const b = this.bytes[at];
    if (b === COMMA || b === SEMICOLON) {
      this.pos++;
      return OPENED_TABLE;
    }
    if (b === RBRACE) {
      this.pos++;
      return this.closeTable(stack);
    }
    return this.fail(`expected ',' or '}' after a table entry, found ${this.describe(at)}${this.hint(at)}`, at);
  }

  /** Records a value under the frame's current key. Duplicate keys are an error (see README). */
  private storeField(frame: TableFrame, value: LuaValue | undefined): void {
    if (frame.keyKind === KeyKind.Positional) {
      this.storePositional(frame, value);
    } else if (frame.keyKind === KeyKind.String) {
      this.storeNamed(frame, frame.keyString, value);
    } else {
      this.storeNumbered(frame, frame.keyNumber, value);
    }
  }

  private storePositional(frame: TableFrame, value: LuaValue | undefined): void {
    const index = frame.sequence.length + 1;
    if (frame.numbered?.has(index)) this.fail(`duplicate key [${index}]: it is also given by position`, frame.keyAt);
    this.checkNameClash(frame, index);
    frame.sequence.push(value);
    if (value === undefined) frame.sequenceNils++;
  }

  private storeNamed(frame: TableFrame, name: string, value: LuaValue | undefined): void {
    if (frame.hasName(name)) this.fail(`duplicate key ${JSON.stringify(name)} in table`, frame.keyAt);
    // "5" and [5] are different keys in Lua but the same property of a JS object.
    const asNumber = looksNumeric(name) ? Number(name) : Number.NaN;
    if (!Number.isNaN(asNumber) && numberKeyString(asNumber) === name && frame.hasNumber(asNumber)) {
      this.fail(`key ${JSON.stringify(name)} clashes with the number key [${name}] in the same table`, frame.keyAt);
    }
    if (value === undefined) {
      (frame.nilNames ??= new Set()).add(name);
      return;
    }
    frame.named ??= createTable();
    frame.named[name] = value;
    frame.namedCount++;
  }

  private storeNumbered(frame: TableFrame, key: number, value: LuaValue | undefined): void {
    if (frame.hasNumber(key)) this.fail(`duplicate key [${numberKeyString(key)}] in table`, frame.keyAt);
    this.checkNameClash(frame, key);
    (frame.numbered ??= new Map()).set(key, value);
  }

  private checkNameClash(frame: TableFrame, key: number): void {
    if (frame.named === null && frame.nilNames === null) return;
    const name = numberKeyString(key);
    if (frame.hasName(name)) {
      this.fail(`key [${name}] clashes with the string key ${JSON.stringify(name)} in the same table`, frame.keyAt);
    }
  }

  // ---- building the result ------------------------------------------------------------------

  private closeTable(stack: TableFrame[]): LuaValue {
    const frame = stack.pop();
    if (frame === undefined) return this.fail('internal error: no open table');
    const value = buildTable(frame);
    this.tablePositions?.set(value, frame.start);
    return value;
  }
}

function looksNumeric(name: string): boolean {
  const first = name.charCodeAt(0);
  return (first >= 0x30 && first <= 0x39) || first === MINUS;
}

/** Keys exactly 1..n (n >= 0, so `{}` too) give an array; anything else an object. */
function buildTable(frame: TableFrame): LuaValue[] | LuaTable {
  if (frame.namedCount === 0) {
    // The common case, a WoW list `{ v, -- [1] ... }`: the collected sequence is the array.
    // sequenceNils === 0 means it holds no undefined.
    if (frame.numbered === null && frame.sequenceNils === 0) return frame.sequence as LuaValue[];
    const array = sequentialValues(frame);
    if (array !== null) return array;
  }
  return buildObject(frame);
}

/** The values in key order if the non-nil keys are exactly 1..n, else null. */
function sequentialValues(frame: TableFrame): LuaValue[] | null {
  let count = 0;
  let maxKey = 0;
  frame.sequence.forEach((value, index) => {
    if (value === undefined) return;
    count++;
    maxKey = index + 1;
  });
  for (const [key, value] of frame.numbered ?? []) {
    if (value === undefined) continue;
    if (!Number.isInteger(key) || key < 1) return null;
    count++;
    maxKey = Math.max(maxKey, key);
  }
  // Keys are distinct positive integers, so "largest == how many" means they are 1..count.
  if (maxKey !== count) return null;
  const values: LuaValue[] = [];
  for (let key = 1; key <= count; key++) {
    const value = frame.sequence[key - 1] ?? frame.numbered?.get(key);
    if (value === undefined) return null;
    values.push(value);
  }
  return values;
}

function buildObject(frame: TableFrame): LuaTable {
  const table = frame.named ?? createTable();
  frame.sequence.forEach((value, index) => {
    if (value !== undefined) table[String(index + 1)] = value;
  });
  for (const [key, value] of frame.numbered ?? []) {
    if (value !== undefined) table[numberKeyString(key)] = value;
  }
  return table;
}

// ---- entry points -----------------------------------------------------------------------------

/** A parse result plus where each table started, for schema errors that point into the file. */
export interface ParsedDocument {
  readonly value: SavedVariables;
  /** Line and column of the `{` that opened a table of `value`, or null for other objects. */
  positionOf(table: object): Position | null;
}

/**
 * Parses a SavedVariables file. Takes the file's bytes (Buffer/Uint8Array, checked as UTF-8) or a
 * string (already-decoded text; it is encoded to UTF-8 first, so escapes still mean bytes).
 * Throws SavedVariablesError, and only that, for any bad input.
 */
export function parseSavedVariables(input: string | Uint8Array, options?: ParseOptions): SavedVariables {
  return parseDocument(input, options, false).value;
}

export function parseDocument(input: string | Uint8Array, options: ParseOptions | undefined, trackPositions: boolean): ParsedDocument {
  const limits = resolveLimits(options);
  const bytes = toBytes(input, limits);
  const textStart = hasByteOrderMark(bytes) ? 3 : 0;
  const positions = trackPositions ? new WeakMap<object, number>() : null;
  const value = new Parser(bytes, limits, textStart, positions).parseDocument();
  return {
    value,
    positionOf(table: object): Position | null {
      const offset = positions?.get(table);
      return offset === undefined ? null : positionAt(bytes, offset, textStart);
    },
  };
}

/** WoW writes UTF-8 without a BOM, but editors add one; it is not part of the Lua text. */
function hasByteOrderMark(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** A Buffer view of the input (no copy for bytes), after the size and encoding checks. */
function toBytes(input: unknown, limits: ParseLimits): Buffer {
  let bytes: Buffer;
  if (typeof input === 'string') {
    // Each UTF-16 unit is at least one UTF-8 byte, so a long string is refused before encoding it.
    if (input.length > limits.maxBytes) throw tooLarge(input.length, limits, 'at least ');
    bytes = encodeText(input);
  } else if (input instanceof Uint8Array) {
    bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  } else {
    throw new SavedVariablesError('input must be a string or bytes (Buffer or Uint8Array)', {
      kind: 'encoding',
      line: null,
      column: null,
    });
  }
  if (bytes.length > limits.maxBytes) throw tooLarge(bytes.length, limits, '');
  return bytes;
}

function tooLarge(size: number, limits: ParseLimits, qualifier: string): SavedVariablesError {
  return new SavedVariablesError(`input is ${qualifier}${size} bytes, more than the limit maxBytes = ${limits.maxBytes} bytes`, {
    kind: 'limit',
    line: null,
    column: null,
    limit: 'maxBytes',
  });
}

/**
 * UTF-8 bytes of a string. A lone surrogate cannot be encoded; Buffer.from would silently write
 * U+FFFD instead, so it is an error here.
 */
function encodeText(text: string): Buffer {
  const lone = findLoneSurrogate(text);
  if (lone >= 0) {
    const before = Buffer.from(text.slice(0, lone), 'utf8');
    const { line, column } = positionAt(before, before.length, hasByteOrderMark(before) ? 3 : 0);
    const code = text.charCodeAt(lone).toString(16).toUpperCase();
    throw new SavedVariablesError(`the text contains a lone UTF-16 surrogate (U+${code}), which is not a character`, {
      kind: 'encoding',
      line,
      column,
    });
  }
  return Buffer.from(text, 'utf8');
}
