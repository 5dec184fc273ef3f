// Line and column are computed only when an error is thrown: keeping them up to date while
// scanning would cost on every newline of every successful parse, for information that is needed
// at most once.

export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * The 1-based line and column of byte `offset`. Lines end at \n, \r\n or a lone \r (as Lua counts
 * them). The column counts characters, not bytes (continuation bytes 10xxxxxx are skipped), so
 * "Zatañña = (" reports the column an editor shows. `start` skips a byte-order mark.
 */
export function positionAt(bytes: Uint8Array, offset: number, start = 0): Position {
  const stop = Math.min(offset, bytes.length);
  let line = 1;
  let lineStart = start;
  for (let i = start; i < stop; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart; i < stop; i++) {
    if ((bytes[i] & 0xc0) !== 0x80) column++;
  }
  return { line, column };
}
