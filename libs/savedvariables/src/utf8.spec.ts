import fc from 'fast-check';
import { findInvalidUtf8, findLoneSurrogate, isWellFormedText } from './utf8';

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodes(bytes: Uint8Array): boolean {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('UTF-8 validation agrees with the WHATWG fatal decoder', () => {
  // Disagreements are collected and compared once: an expect() per input would be slow.
  const disagreements = (inputs: Iterable<Uint8Array>): string[] => {
    const found: string[] = [];
    for (const bytes of inputs) {
      if ((findInvalidUtf8(bytes, 0, bytes.length) === -1) !== decodes(bytes)) found.push(Buffer.from(bytes).toString('hex'));
    }
    return found;
  };

  it('for every 1- and 2-byte input', () => {
    function* inputs(): Generator<Uint8Array> {
      for (let a = 0; a < 256; a++) {
        yield Uint8Array.of(a);
        for (let b = 0; b < 256; b++) yield Uint8Array.of(a, b);
      }
    }
    expect(disagreements(inputs())).toEqual([]);
  });

  it('for every lead byte with boundary continuation bytes (3 and 4 bytes)', () => {
    const edges = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff];
    function* inputs(): Generator<Uint8Array> {
      for (let lead = 0xc0; lead < 0x100; lead++) {
        for (const b of edges) {
          for (const c of edges) {
            yield Uint8Array.of(lead, b, c);
            for (const d of [0x80, 0xbf, 0x41]) yield Uint8Array.of(lead, b, c, d);
          }
        }
      }
    }
    expect(disagreements(inputs())).toEqual([]);
  });

  it('for random byte strings biased towards high bytes', () => {
    const byte = fc.oneof(fc.integer({ min: 0x80, max: 0xff }), fc.integer({ min: 0, max: 0xff }));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 16 }), (values) => {
        const bytes = Uint8Array.from(values);
        expect(findInvalidUtf8(bytes, 0, bytes.length) === -1).toBe(decodes(bytes));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('lone surrogates in JS strings', () => {
  it.each([
    ['', -1],
    ['abc', -1],
    ['a🐉b', -1],
    ['a\uD800b', 1],
    ['ab\uDC00', 2],
    ['🐉\uDC00', 2],
    ['\uD83D', 0],
  ])('%j -> %d', (text, index) => {
    expect(findLoneSurrogate(text)).toBe(index);
    expect(isWellFormedText(text)).toBe(index === -1);
  });
});
