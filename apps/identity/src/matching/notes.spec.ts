import { parseNote } from './notes';

describe('parseNote', () => {
  it.each([
    ["Trog's alt", 'possessive_alt', ['trog'], null],
    ['Trog’s alt', 'possessive_alt', ['trog'], null],
    ["Jess' alt", 'possessive_alt', ['jess'], null],
    ['alt of Trog', 'alt_of', ['trog'], null],
    ['Alt: Trog', 'alt_of', ['trog'], null],
    ['alt - Trog', 'alt_of', ['trog'], null],
    ['alt (Trog)', 'alt_of', ['trog'], null],
    ['Trog alt', 'name_alt', ['trog'], null],
    ['Trogs alt', 'name_alt', ['trogs', 'trog'], null],
    ['main: Trog', 'main_is', ['trog'], null],
    ['main is Trog', 'main_is', ['trog'], null],
    ['Trog', 'bare_name', ['trog'], null],
    ['TROG!!', 'bare_name', ['trog'], null],
    ['Zatañña', 'bare_name', ['zatanna'], null],
    ['alt of Тролль', 'alt_of', ['тролль'], null],
    ['alt of Trog-Area52', 'alt_of', ['trog'], 'area52'],
    ["Trog-Senjin's alt", 'possessive_alt', ['trog'], 'senjin'],
  ])('reads %j as naming a main (%s)', (note, form, keys, realm) => {
    const { mains } = parseNote(note);
    expect(mains).toHaveLength(1);
    expect(mains[0]).toMatchObject({ form, keys });
    if (realm) expect(mains[0].realm).toBe(realm);
  });

  it.each(['my alt', 'pvp alt', 'bank', 'Main', 'alt', '', '   ', 'Raid lead, heals'])('reads %j as naming no main', (note) => {
    expect(parseNote(note).mains).toEqual([]);
  });

  it.each([
    ['discord: trogdor', 'discord_label', 'trogdor'],
    ['Discord Trogdor', 'discord_label', 'trogdor'],
    ['disc=trog.wow', 'discord_label', 'trog.wow'],
    ['dc=trogdor', 'dc_label', 'trogdor'],
    ['dc: trogdor', 'dc_label', 'trogdor'],
    ['@trogdor', 'at_mention', 'trogdor'],
    ['heals, @Trogdor.', 'at_mention', 'trogdor'],
    ['discord: trogdor#1234', 'discord_label', 'trogdor'],
  ])('reads %j as naming a Discord user (%s %s)', (note, form, handle) => {
    expect(parseNote(note).hints).toEqual([{ form, handle }]);
  });

  it('does not read an e-mail address as a mention', () => expect(parseNote('mail trog@example.com').hints).toEqual([]));

  it('reads a main and a Discord user from one note, without reading the handle as a name', () => {
    const parsed = parseNote("Trog's alt, discord: grognak");
    expect(parsed.mains.map((m) => m.keys[0])).toEqual(['trog']);
    expect(parsed.hints.map((h) => h.handle)).toEqual(['grognak']);
    expect(parseNote('@Trog').mains).toEqual([]);
  });

  it('reads two different mains from one note, for the engine to call contradictory', () => {
    expect(
      parseNote("Trog's alt / alt of Bob")
        .mains.map((m) => m.keys[0])
        .sort(),
    ).toEqual(['bob', 'trog']);
  });
});
