/**
 * What went wrong, so that callers can answer differently without parsing messages: the HTTP
 * layer turns `limit` + `maxBytes` into a 413 and everything else into a 400.
 * - `syntax`: the text is not a SavedVariables table (or uses Lua we refuse to accept);
 * - `encoding`: a string is not valid UTF-8, or the input is neither text nor bytes;
 * - `limit`: one of the configured bounds was exceeded (`limit` names which);
 * - `schema`: the file parsed, but the PATTSync export in it has a missing or mistyped field.
 */
export type SavedVariablesErrorKind = 'syntax' | 'encoding' | 'limit' | 'schema';

/** The configurable bounds (see `ParseLimits`), named in errors so an operator knows what to raise. */
export type SavedVariablesLimitName = 'maxBytes' | 'maxDepth' | 'maxNodes' | 'maxStringBytes';

export interface SavedVariablesErrorDetails {
  readonly kind: SavedVariablesErrorKind;
  /** 1-based line, or null when the error has no place in a text (JSON form, whole-input limits). */
  readonly line: number | null;
  /** 1-based column in characters (Unicode code points) from the start of the line, or null. */
  readonly column: number | null;
  /** Byte offset into the input where the parser stopped, or null. */
  readonly offset?: number | null;
  readonly limit?: SavedVariablesLimitName;
  /** For schema errors: the path of the bad value, e.g. `characters[12].level`. */
  readonly path?: string;
}

/**
 * The one error type the parser, the PATTSync reader and the JSON validator throw for bad input.
 * `message` is `line L, column C: <reason>` when there is a position and just `<reason>` when
 * there is none, so it can be shown to an officer as is.
 */
export class SavedVariablesError extends Error {
  override readonly name = 'SavedVariablesError';
  readonly kind: SavedVariablesErrorKind;
  readonly line: number | null;
  readonly column: number | null;
  readonly offset: number | null;
  readonly reason: string;
  readonly limit: SavedVariablesLimitName | undefined;
  readonly path: string | undefined;

  constructor(reason: string, details: SavedVariablesErrorDetails) {
    super(details.line === null ? reason : `line ${details.line}, column ${details.column}: ${reason}`);
    this.kind = details.kind;
    this.line = details.line;
    this.column = details.column;
    this.offset = details.offset ?? null;
    this.reason = reason;
    this.limit = details.limit;
    this.path = details.path;
  }
}
