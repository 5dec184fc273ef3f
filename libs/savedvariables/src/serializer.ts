// Writes values the way WoW writes SavedVariables: `["key"] = value,` lines indented by tabs,
// list entries followed by `-- [n]`. Used to produce fixtures and for round-trip tests; whatever it
// writes, parseSavedVariables with the same limits reads back to an equal value (except that an
// empty object comes back as an empty array: `{}` carries no hint of which it was).

import { KEYWORDS } from './scanner';
import { DEFAULT_LIMITS, LuaValue } from './types';
import { isWellFormedText } from './utf8';

export interface SerializeOptions {
  /** Deepest table nesting accepted (default: the parser's default maxDepth). */
  readonly maxDepth?: number;
}

const LUA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Serializes top-level assignments (`{ PATTSyncDB: {...} }`) as a SavedVariables file.
 * Throws TypeError for what cannot be written faithfully: non-finite numbers, strings with lone
 * surrogates, names that are not Lua identifiers, cycles, holes in arrays, undefined, functions,
 * class instances, and nesting deeper than maxDepth.
 */
export function serializeSavedVariables(assignments: Record<string, LuaValue>, options: SerializeOptions = {}): string {
  const writer = new Writer(options.maxDepth ?? DEFAULT_LIMITS.maxDepth);
  for (const name of Object.keys(assignments)) {
    if (!LUA_NAME.test(name) || KEYWORDS.has(name)) {
      throw new TypeError(`savedvariables: ${JSON.stringify(name)} is not a Lua variable name`);
    }
    writer.assignment(name, assignments[name]);
  }
  return writer.text();
}

class Writer {
  private readonly parts: string[] = [];
  private readonly path: string[] = [];
  private readonly open = new Set<object>();

  constructor(private readonly maxDepth: number) {}

  text(): string {
    return this.parts.join('');
  }

  assignment(name: string, value: unknown): void {
    this.path.push(name);
    this.parts.push('\n', name, ' = ');
    this.value(value, 0);
    this.parts.push('\n');
    this.path.pop();
  }

  private value(value: unknown, depth: number): void {
    switch (typeof value) {
      case 'string':
        this.parts.push(quoteLuaString(value, this.where()));
        return;
      case 'number':
        this.parts.push(formatLuaNumber(value, this.where()));
        return;
      case 'boolean':
        this.parts.push(value ? 'true' : 'false');
        return;
      case 'object':
        if (value !== null) return this.table(value, depth + 1);
    }
    throw new TypeError(`savedvariables: cannot write ${value === null ? 'null' : typeof value} at ${this.where()}`);
  }

  private table(value: object, depth: number): void {
    if (depth > this.maxDepth) throw new TypeError(`savedvariables: tables nested deeper than ${this.maxDepth} at ${this.where()}`);
    if (this.open.has(value)) throw new TypeError(`savedvariables: cyclic reference at ${this.where()}`);
    this.open.add(value);
    this.parts.push('{\n');
    if (Array.isArray(value)) {
      this.arrayEntries(value, depth);
    } else {
      this.objectEntries(value, depth);
    }
    this.parts.push('\t'.repeat(depth - 1), '}');
    this.open.delete(value);
  }

  private arrayEntries(array: readonly unknown[], depth: number): void {
    const indent = '\t'.repeat(depth);
    for (let i = 0; i < array.length; i++) {
      this.path.push(`[${i + 1}]`);
      if (!(i in array)) throw new TypeError(`savedvariables: arrays must not have holes (${this.where()})`);
      this.parts.push(indent);
      this.value(array[i], depth);
      this.parts.push(`, -- [${i + 1}]\n`);
      this.path.pop();
    }
  }

  private objectEntries(object: object, depth: number): void {
    const prototype: unknown = Object.getPrototypeOf(object);
    if (prototype !== null && prototype !== Object.prototype) {
      throw new TypeError(`savedvariables: only plain objects and arrays can be written (${this.where()})`);
    }
    const indent = '\t'.repeat(depth);
    for (const [key, entry] of Object.entries(object)) {
      this.path.push(`[${JSON.stringify(key)}]`);
      this.parts.push(indent, '[', quoteLuaString(key, this.where()), '] = ');
      this.value(entry, depth);
      this.parts.push(',\n');
      this.path.pop();
    }
  }

  private where(): string {
    return this.path.join('');
  }
}

/** A double-quoted Lua string. Control characters use 3-digit \ddd so a following digit is safe. */
export function quoteLuaString(text: string, where = 'string'): string {
  if (!isWellFormedText(text)) throw new TypeError(`savedvariables: lone UTF-16 surrogate in ${where} cannot be written as UTF-8`);
  // Copies the runs between characters that need escaping as slices.
  let quoted = '"';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code !== 0x22 && code !== 0x5c && code !== 0x7f) continue;
    quoted += text.slice(from, i) + escapeCharacter(code);
    from = i + 1;
  }
  return `${quoted}${text.slice(from)}"`;
}

function escapeCharacter(code: number): string {
  switch (code) {
    case 0x5c:
      return '\\\\';
    case 0x22:
      return '\\"';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    default:
      return `\\${String(code).padStart(3, '0')}`;
  }
}

/**
 * A number as the parser will read it back exactly: -0 keeps its sign, and integers beyond 2^53
 * (which the parser refuses as integer literals, since they are usually ids that lost digits) are
 * written in exponent form, which reads back as the same double.
 */
export function formatLuaNumber(value: number, where = 'number'): string {
  if (!Number.isFinite(value)) throw new TypeError(`savedvariables: ${value} at ${where} is not a finite number`);
  if (Object.is(value, -0)) return '-0';
  if (Number.isInteger(value) && Math.abs(value) > Number.MAX_SAFE_INTEGER) return value.toExponential();
  return String(value);
}
