// How close two name keys are. Keys are nameKey() output: folded letters and digits only, so
// UTF-16 code units are letters (Latin and Cyrillic are in the BMP) and can be compared directly.

// Two rows reused across calls: the engine compares many short keys and allocating per call
// would dominate the cost. Safe because JavaScript runs this synchronously.
let prevPrev = new Int32Array(64);
let prev = new Int32Array(64);
let row = new Int32Array(64);

/**
 * Optimal-string-alignment distance (Damerau–Levenshtein with adjacent transpositions, each
 * substring edited once): insertions, deletions, substitutions and swaps of neighbours cost 1,
 * so "Trgo" is one edit from "Trog", as a typo is.
 */
export function osaDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const n = b.length;
  if (row.length <= n) {
    prevPrev = new Int32Array(n + 1);
    prev = new Int32Array(n + 1);
    row = new Int32Array(n + 1);
  }
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) d = Math.min(d, prevPrev[j - 2] + 1);
      row[j] = d;
    }
    const spare = prevPrev;
    prevPrev = prev;
    prev = row;
    row = spare;
  }
  return prev[n];
}

function commonPrefix(a: string, b: string, max: number): number {
  let i = 0;
  while (i < max && i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  while (i < max && i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

/**
 * Similarity of two name keys, 0..1: 1 - distance / longer length, then raised toward 1 for a
 * shared start (up to 4 letters, 0.1 each of the remaining gap, as Jaro–Winkler does) and, less,
 * for a shared end (0.05 each, up to 3). Players vary names at the end ("Trog", "Trogg",
 * "Trogdor") or start ("Xtrog") far more than in the middle, and a shared start is the strongest
 * sign that two spellings mean one name.
 */
export function nameSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  const base = 1 - osaDistance(a, b) / longer;
  if (base >= 1) return 1;
  const prefix = commonPrefix(a, b, 4);
  const suffix = commonSuffix(a, b, 3);
  const withPrefix = base + prefix * 0.1 * (1 - base);
  return Math.min(1, withPrefix + suffix * 0.05 * (1 - withPrefix));
}

/** Trigrams of a key padded with ^ and $, so short keys and their start and end count. */
export function trigrams(key: string): string[] {
  const padded = `^${key}$`;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return [...grams];
}
