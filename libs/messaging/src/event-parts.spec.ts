import { numberParts, splitIntoParts, spreadOverParts } from './event-parts';

describe('events sent in parts', () => {
  const items = (count: number) => Array.from({ length: count }, (_, index) => ({ id: `item-${index}`, name: 'Zatañña' }));

  describe('splitIntoParts', () => {
    it('fills parts in order up to the count, every item exactly once', () => {
      const all = items(25);
      const parts = splitIntoParts(all, { perPart: 10 });
      expect(parts.map((part) => part.length)).toEqual([10, 10, 5]);
      expect(parts.flat()).toEqual(all);
    });

    it('also keeps each part under a size in bytes of JSON, counting UTF-8 bytes', () => {
      const all = items(10);
      const size = Buffer.byteLength(JSON.stringify(all[0])) + 1;
      expect(size).toBeGreaterThan(JSON.stringify(all[0]).length + 1);
      expect(splitIntoParts(all, { perPart: 100, maxBytes: size * 3 }).map((part) => part.length)).toEqual([3, 3, 3, 1]);
      expect(splitIntoParts(all, { perPart: 2, maxBytes: size * 3 }).map((part) => part.length)).toEqual([2, 2, 2, 2, 2]);
    });

    it('gives an item larger than the size a part of its own rather than dropping it', () => {
      const big = { id: 'big', name: 'x'.repeat(500) };
      expect(splitIntoParts([items(1)[0], big, items(1)[0]], { perPart: 10, maxBytes: 100 }).map((part) => part.map((item) => item.id))).toEqual([
        ['item-0'],
        ['big'],
        ['item-0'],
      ]);
    });

    it('always gives at least one part, empty for an empty list', () => {
      expect(splitIntoParts([], { perPart: 10 })).toEqual([[]]);
    });

    it('refuses a count that would never fill', () => {
      expect(() => splitIntoParts(items(3), { perPart: 0 })).toThrow(/perPart must be a whole number >= 1/);
    });
  });

  describe('spreadOverParts', () => {
    it('spreads a list over exactly the parts asked, in slices of one size', () => {
      const all = items(10);
      const parts = spreadOverParts(all, 3);
      expect(parts.map((part) => part.length)).toEqual([4, 4, 2]);
      expect(parts.flat()).toEqual(all);
      expect(spreadOverParts([], 2)).toEqual([[], []]);
      expect(spreadOverParts(items(2), 4).map((part) => part.length)).toEqual([1, 1, 0, 0]);
    });
  });

  describe('numberParts', () => {
    it('numbers the parts 1 … n, each saying there are n', () => {
      expect(numberParts([{ runId: 'r' }, { runId: 'r' }])).toEqual([
        { runId: 'r', part: 1, parts: 2 },
        { runId: 'r', part: 2, parts: 2 },
      ]);
      expect(() => numberParts([])).toThrow(/at least one part/);
    });
  });
});
