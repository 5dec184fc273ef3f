/**
 * A value read from a SavedVariables file. Lua `nil` has no representation: a nil table entry or
 * assignment simply leaves the key out, as it does in Lua.
 * - a Lua table whose keys are exactly 1..n (n >= 0) is a `LuaValue[]`, so `{}` is `[]`;
 * - any other table is a `LuaTable`: an object WITHOUT a prototype whose keys are own data
 *   properties (numeric keys become their decimal string, e.g. `[5]` -> "5").
 */
export type LuaValue = string | number | boolean | LuaValue[] | LuaTable;

/** A non-sequential Lua table. Objects produced by the parser have a null prototype. */
export interface LuaTable {
  [key: string]: LuaValue;
}

/** The top-level assignments of a file (`Name = value`), in a null-prototype object. */
export type SavedVariables = LuaTable;

/** Bounds that keep a hostile upload from costing more than a normal one. */
export interface ParseLimits {
  /** Input size in bytes (UTF-8 bytes for a string input). Default 2 MiB, the upload limit. */
  readonly maxBytes: number;
  /** Table nesting depth. Default 64 (the PATTSync export nests 4 deep). */
  readonly maxDepth: number;
  /** Number of values (tables and literals, not keys). Default 200,000. */
  readonly maxNodes: number;
  /** Length of one string (key or value) in bytes after escapes are decoded. Default 64 KiB. */
  readonly maxStringBytes: number;
}

export type ParseOptions = Partial<ParseLimits>;

export const DEFAULT_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxBytes: 2 * 1024 * 1024,
  maxDepth: 64,
  maxNodes: 200_000,
  maxStringBytes: 64 * 1024,
});

/** Merges options over the defaults; a bad option is a programming error, hence RangeError. */
export function resolveLimits(options: ParseOptions | undefined): ParseLimits {
  const limits: ParseLimits = {
    maxBytes: options?.maxBytes ?? DEFAULT_LIMITS.maxBytes,
    maxDepth: options?.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxNodes: options?.maxNodes ?? DEFAULT_LIMITS.maxNodes,
    maxStringBytes: options?.maxStringBytes ?? DEFAULT_LIMITS.maxStringBytes,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`savedvariables: option ${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return limits;
}
