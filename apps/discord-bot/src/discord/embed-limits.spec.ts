import { characters, embedSize, linesWithin, packEmbeds, truncate } from './embed-limits';

describe('embed limits', () => {
  it('counts characters as Discord does, not UTF-16 units', () => {
    expect(characters('Þórgrímr 🐉')).toBe(10);
    expect(truncate('🐉🐉🐉🐉', 3)).toBe('🐉🐉…');
    expect(truncate('short', 10)).toBe('short');
  });

  it('counts what Discord counts towards the 6000 characters', () => {
    expect(embedSize({ title: 'ab', description: 'cde', footer: { text: 'f' }, author: { name: 'g' }, fields: [{ name: 'h', value: 'ij' }], url: 'https://not.counted' })).toBe(10);
  });

  it('lists at most so many lines, then says how many more there are', () => {
    const lines = Array.from({ length: 25 }, (_, i) => `• line ${i + 1}`);
    const text = linesWithin(lines, 20).split('\n');
    expect(text).toHaveLength(21);
    expect(text[20]).toBe('…and 5 more');
    expect(linesWithin(lines.slice(0, 3), 20)).toBe('• line 1\n• line 2\n• line 3');
  });

  it('keeps within the description limit even when fewer lines are allowed', () => {
    const long = Array.from({ length: 20 }, () => 'x'.repeat(300));
    const text = linesWithin(long, 20);
    expect(characters(text)).toBeLessThanOrEqual(4096);
    expect(text.endsWith(`…and ${20 - (text.split('\n').length - 1)} more`)).toBe(true);
  });

  it('packs embeds in order into messages of at most 10 embeds and 6000 characters', () => {
    const small = Array.from({ length: 12 }, (_, i) => ({ title: `e${i}` }));
    expect(packEmbeds(small).map((group) => group.length)).toEqual([10, 2]);
    const big = Array.from({ length: 4 }, (_, i) => ({ title: `b${i}`, description: 'x'.repeat(2500) }));
    const packed = packEmbeds(big);
    expect(packed.map((group) => group.map((embed) => embed.title))).toEqual([['b0', 'b1'], ['b2', 'b3']]);
    expect(() => packEmbeds([{ description: 'x'.repeat(6001) }])).toThrow(/cannot be posted/);
  });
});
