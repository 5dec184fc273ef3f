import { characterPathSegment, foldName, nameKey, nameWords, realmSlug, squashedRealm } from './names';
import { findClass, roleOfSpec } from './classes';

describe('names', () => {
  it.each([
    ['Zatañña', 'zatanna'],
    ['TRÖG', 'trog'],
    ['Тролль', 'тролль'],
  ])('folds %s to %s', (input, folded) => expect(foldName(input)).toBe(folded));

  it('keys names by letters and digits only', () => {
    expect(nameKey("Trog's")).toBe('trogs');
    expect(nameKey('  Zatañña!! ')).toBe('zatanna');
  });

  it('splits a display name into folded words', () => {
    expect(nameWords('Big Trög | Tank')).toEqual(['big', 'trog', 'tank']);
  });

  it.each([
    ["Sen'jin", 'senjin'],
    ['Area 52', 'area-52'],
    ['Aggra (Português)', 'aggra-portugues'],
    ['Argent Dawn', 'argent-dawn'],
  ])('slugs realm %s as %s', (name, slug) => expect(realmSlug(name)).toBe(slug));

  it('squashes in-game realm names and slugs alike', () => {
    expect(squashedRealm('Area52')).toBe(squashedRealm('area-52'));
    expect(squashedRealm("Sen'jin")).toBe(squashedRealm('senjin'));
  });

  it('lower-cases non-ASCII letters and percent-encodes a character name', () => {
    expect(characterPathSegment('Zatañña')).toBe('zata%C3%B1%C3%B1a');
    expect(characterPathSegment('Тролль')).toBe(encodeURIComponent('тролль'));
  });
});

describe('classes and specs', () => {
  it('finds a class by id, file token or name', () => {
    expect(findClass(6)?.file).toBe('DEATHKNIGHT');
    expect(findClass('DEATHKNIGHT')?.id).toBe(6);
    expect(findClass('death knight')?.id).toBe(6);
  });

  it('tells the role of a spec whose name repeats across classes', () => {
    expect(roleOfSpec({ className: 'Paladin', specName: 'Holy' })).toBe('healer');
    expect(roleOfSpec({ className: 'Death Knight', specName: 'Frost' })).toBe('melee');
    expect(roleOfSpec({ className: 'Mage', specName: 'Frost' })).toBe('ranged');
    expect(roleOfSpec(73)).toBe('tank');
    expect(roleOfSpec(null)).toBeNull();
  });
});
