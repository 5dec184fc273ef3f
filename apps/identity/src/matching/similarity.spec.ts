import fc from 'fast-check';
import { lengthWindow } from './discord-index';
import { nameSimilarity, osaDistance, trigrams } from './similarity';

/** The textbook OSA recurrence over a full matrix: the reference the fast version must agree with. */
function referenceOsa(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

const nameish = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'o', 'r', 't', 'g', 'ñ', 'т', 'р'), maxLength: 14 });

describe('osaDistance', () => {
  it.each([
    ['trog', 'trog', 0],
    ['trog', 'trogg', 1],
    ['trog', 'trgo', 1],
    ['trog', 'frog', 1],
    ['trog', '', 4],
    ['zatanna', 'zatana', 1],
    ['тролль', 'тролли', 1],
  ])('is %s ↔ %s = %i', (a, b, d) => expect(osaDistance(a, b)).toBe(d));

  it('agrees with the full-matrix reference', () => {
    fc.assert(
      fc.property(nameish, nameish, (a, b) => osaDistance(a, b) === referenceOsa(a, b)),
      { numRuns: 500 },
    );
  });

  it('with a bound, is exact within it and says "more" beyond it', () => {
    fc.assert(
      fc.property(nameish, nameish, fc.integer({ min: 0, max: 6 }), (a, b, max) => {
        const exact = referenceOsa(a, b);
        return osaDistance(a, b, max) === (exact <= max ? exact : max + 1);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('nameSimilarity', () => {
  it('rewards a shared start more than a shared end', () => {
    expect(nameSimilarity('trogg', 'trog')).toBeGreaterThan(nameSimilarity('xtrog', 'trog'));
    expect(nameSimilarity('xtrog', 'trog')).toBeGreaterThan(1 - 1 / 5);
  });

  it('gives no bonus to names less than 0.7 alike', () => {
    expect(nameSimilarity('trog', 'trogthetank')).toBeCloseTo(1 - 7 / 11);
  });

  it('with a threshold, agrees with the full computation on which side of it a pair falls', () => {
    fc.assert(
      fc.property(
        nameish,
        nameish,
        fc.constantFrom(0.6, 0.75, 0.8, 0.9),
        (a, b, t) => nameSimilarity(a, b, t) >= t === nameSimilarity(a, b) >= t,
      ),
      { numRuns: 1000 },
    );
  });

  it('never lets a key outside the length window reach the threshold', () => {
    fc.assert(
      fc.property(nameish, nameish, (a, b) => {
        if (a.length < 3) return true;
        const { shortest, longest } = lengthWindow(a.length, 0.8);
        return (b.length >= shortest && b.length <= longest) || nameSimilarity(a, b) < 0.8;
      }),
      { numRuns: 1000 },
    );
  });
});

describe('trigrams', () => {
  it('pads the key so its start and end count', () => expect(trigrams('trog')).toEqual(['^tr', 'tro', 'rog', 'og$']));
});
