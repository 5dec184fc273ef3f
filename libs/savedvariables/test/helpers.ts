import { LuaValue, ParseOptions, SavedVariablesError, parseSavedVariables } from '../src';

/** Parses and returns the error, failing the test if there is none or it is of another type. */
export function parseError(input: string | Uint8Array, options?: ParseOptions): SavedVariablesError {
  try {
    parseSavedVariables(input, options);
  } catch (error) {
    if (error instanceof SavedVariablesError) return error;
    throw new Error(`expected a SavedVariablesError, got ${String(error)}`);
  }
  throw new Error('expected a SavedVariablesError, but the input parsed');
}

/** The value of `X` in `X = <literal>`. */
export function valueOf(literal: string): LuaValue | undefined {
  return parseSavedVariables(`X = ${literal}`)['X'];
}

/**
 * A form in which two values compare equal exactly when they are the same Lua data: objects
 * become sorted entry lists (so prototype and key order do not matter, and "__proto__" is an
 * ordinary key), and -0 stays distinct from 0 through Object.is in toStrictEqual.
 */
export type Canonical = string | number | boolean | Canonical[] | { entries: Array<[string, Canonical]> };

export function canonical(value: LuaValue): Canonical {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key): [string, Canonical] => [key, canonical(value[key])]);
    // An empty table has no shape: `{}` parses as [], so both empty forms compare as [].
    return entries.length === 0 ? [] : { entries };
  }
  return value;
}
