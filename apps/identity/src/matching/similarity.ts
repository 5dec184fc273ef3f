// How close two name keys are. Keys are nameKey() output: folded letters and digits only, so
// UTF-16 code units are letters (Latin and Cyrillic are in the BMP) and can be compared directly.

/** The plain similarity from which the prefix/suffix bonus applies. */
export const BONUS_FROM = 0.7;

// Two rows reused across calls: the engine compares many short keys and allocating per call
// would dominate the cost. Safe because JavaScript runs this synchronously.
let prevPrev = new Int32Array(64);
let prev = new Int32Array(64);
let row = new Int32Array(64);

/**
 * Optimal-string-alignment distance (Damerau–Levenshtein with adjacent transpositions, each
 * substring edited once): insertions, deletions, substitutions and swaps of neighbours cost 1,
 * so "Trgo" is one edit from "Trog", as a typo is.
 *
 * With `max`, only the band of cells within `max` of the diagonal is computed and the answer is
 * `max + 1` as soon as it must exceed `max`: most candidates of the fuzzy pass are far, and
 * this makes them cheap.
 */
export function osaDistance(a: string, b: string, max: number = Number.MAX_SAFE_INTEGER): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  const over = max + 1;
  if (Math.abs(m - n) > max) return over;
  if (m === 0) return n;
  if (n === 0) return m;
  if (row.length <= n + 1) {
    prevPrev = new Int32Array(n + 2);
    prev = new Int32Array(n + 2);
    row = new Int32Array(n + 2);
  }
  for (let j = 0; j <= n; j++) prev[j] = j <= max ? j : over;
  prev[n + 1] = over;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(n, i + max);
    // Cells just outside the band read as "too far", so stale values from older rows never leak in.
    row[0] = i <= max ? i : over;
    row[lo - 1] = lo === 1 ? row[0] : over;
    let rowMin = lo === 1 ? row[0] : over;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) d = Math.min(d, prevPrev[j - 2] + 1);
      if (d > over) d = over;
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    row[hi + 1] = over;
    if (rowMin > max) return over;
    const spare = prevPrev;
    prevPrev = prev;
    prev = row;
    row = spare;
  }
  return Math.min(prev[n], over);
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
 * sign that two spellings mean one name. Names less than 0.7 alike get no bonus.
 *
 * With `atLeast`, a result below it is only guaranteed to be below it (the exact figure is not
 * worked out): what a threshold test needs, at a fraction of the cost.
 */
export function nameSimilarity(a: string, b: string, atLeast = 0): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  // Below min(atLeast, BONUS_FROM) no bonus can lift the result to `atLeast`: the distance only
  // needs computing up to the number of edits that still could.
  const floor = Math.min(atLeast, BONUS_FROM);
  const maxEdits = floor > 0 ? Math.floor((1 - floor) * longer + 1e-9) : longer;
  const base = 1 - Math.min(osaDistance(a, b, maxEdits), longer) / longer;
  // As in Winkler's boost threshold: only names already alike get the bonus, or a short name
  // would be "close" to every long one that starts with it ("Trog" and "Trogthetankofdoom").
  if (base >= 1 || base < BONUS_FROM) return base;
  const prefix = commonPrefix(a, b, 4);
  const suffix = commonSuffix(a, b, 3);
  const withPrefix = base + prefix * 0.1 * (1 - base);
  return Math.min(1, withPrefix + suffix * 0.05 * (1 - withPrefix));
}

/** Trigrams of a key padded with ^ and $, so short keys and their start and end count. */
export function trigrams(key: string): string[] {
  const padded = `^${key}$`;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) {
    const gram = padded.slice(i, i + 3);
    // Names are short: a linear check beats allocating a Set per key.
    if (!grams.includes(gram)) grams.push(gram);
  }
  return grams;
}
