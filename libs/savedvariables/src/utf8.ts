// UTF-8 checks on raw bytes. The parser works on the file's bytes (WoW writes UTF-8, and string
// escapes such as \195\177 produce bytes, not characters), so it must itself decide what is valid
// UTF-8 and where the first bad byte is: a decoder that silently yields U+FFFD would hide a corrupt
// upload, and one that only throws (TextDecoder fatal) cannot say where.

/**
 * The length (1-4) of the well-formed UTF-8 sequence starting at `index`, or 0 when the bytes there
 * are not one (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, truncated).
 * Follows Unicode Table 3-7, which is also what WHATWG's fatal decoder accepts.
 */
export function utf8SequenceLength(bytes: Uint8Array, index: number, end: number): number {
  const b0 = bytes[index];
  if (b0 < 0x80) return 1;
  if (b0 < 0xc2 || b0 > 0xf4) return 0;
  if (b0 < 0xe0) return isContinuation(bytes, index + 1, end, 0x80, 0xbf) ? 2 : 0;
  if (b0 < 0xf0) {
    // E0 would allow overlong forms below A0; ED A0..BF would encode surrogates.
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return isContinuation(bytes, index + 1, end, lo, hi) && isContinuation(bytes, index + 2, end, 0x80, 0xbf)
      ? 3
      : 0;
  }
  // F0 below 90 is overlong; F4 above 8F is beyond U+10FFFF.
  const lo = b0 === 0xf0 ? 0x90 : 0x80;
  const hi = b0 === 0xf4 ? 0x8f : 0xbf;
  return isContinuation(bytes, index + 1, end, lo, hi) &&
    isContinuation(bytes, index + 2, end, 0x80, 0xbf) &&
    isContinuation(bytes, index + 3, end, 0x80, 0xbf)
    ? 4
    : 0;
}

function isContinuation(bytes: Uint8Array, index: number, end: number, lo: number, hi: number): boolean {
  if (index >= end) return false;
  const b = bytes[index];
  return b >= lo && b <= hi;
}

/** The index of the first byte in [start, end) that does not begin a valid sequence, or -1. */
export function findInvalidUtf8(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i, end);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

/** Matches a lone surrogate only: with the `u` flag, a surrogate pair is one code point. */
const LONE_SURROGATE = /\p{Cs}/u;

/** String.prototype.isWellFormed (ES2024, Node 20+), several times faster than the regex. */
const nativeIsWellFormed = (String.prototype as unknown as { isWellFormed?: (this: string) => boolean }).isWellFormed;

/** True when the text has no lone surrogate, i.e. it can be encoded as UTF-8 without loss. */
export function isWellFormedText(text: string): boolean {
  return nativeIsWellFormed === undefined ? !LONE_SURROGATE.test(text) : nativeIsWellFormed.call(text);
}

/** Index of the first lone surrogate, or -1. */
export function findLoneSurrogate(text: string): number {
  return isWellFormedText(text) ? -1 : (LONE_SURROGATE.exec(text)?.index ?? -1);
}
