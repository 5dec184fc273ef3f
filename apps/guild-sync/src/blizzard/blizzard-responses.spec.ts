import { readCharacterProfile, readGuildRoster } from './blizzard-responses';

const profile = {
  id: 42,
  name: 'Zatañña',
  realm: { id: 71, slug: 'senjin', name: "Sen'jin" },
  level: 80,
  character_class: { id: 5, name: 'Priest' },
  active_spec: { id: 257, name: 'Holy' },
  race: { id: 8 },
  faction: { type: 'HORDE' },
  last_login_timestamp: Date.parse('2025-05-01T12:00:00Z'),
  average_item_level: 620,
  equipped_item_level: 618,
  achievement_points: 12_345,
  guild: { id: 9, name: 'Pull All The Things', realm: { slug: 'senjin' } },
};

describe('readCharacterProfile', () => {
  it('reads a profile summary into our words', () => {
    expect(readCharacterProfile(JSON.stringify(profile), 'en_US')).toEqual({
      ok: true,
      value: {
        id: 42,
        name: 'Zatañña',
        realm: { id: 71, slug: 'senjin', name: "Sen'jin" },
        level: 80,
        classId: 5,
        className: 'Priest',
        specId: 257,
        specName: 'Holy',
        raceId: 8,
        faction: 'HORDE',
        averageItemLevel: 620,
        equippedItemLevel: 618,
        lastLoginAt: '2025-05-01T12:00:00.000Z',
        achievementPoints: 12_345,
        guild: { id: 9, name: 'Pull All The Things', realmSlug: 'senjin' },
      },
    });
  });

  it('copes with what Blizzard leaves out: no spec, no guild, no item level, no last login', () => {
    const {
      active_spec: _spec,
      guild: _guild,
      average_item_level: _ilvl,
      last_login_timestamp: _login,
      ...lean
    } = profile;
    const read = readCharacterProfile(JSON.stringify({ ...lean, level: 8 }), 'en_US');
    expect(read).toMatchObject({
      ok: true,
      value: { specId: null, specName: null, guild: null, averageItemLevel: null, lastLoginAt: null, level: 8 },
    });
  });

  it('reads names given as a map of locales, and falls back to our tables for unnamed ids', () => {
    const localised = {
      ...profile,
      character_class: { id: 5, name: { en_US: 'Priest', de_DE: 'Priester' } },
      active_spec: { id: 257 },
      realm: { id: 71, slug: 'senjin', name: { de_DE: "Sen'jin (DE)", en_US: "Sen'jin" } },
    };
    expect(readCharacterProfile(JSON.stringify(localised), 'de_DE')).toMatchObject({
      ok: true,
      value: { className: 'Priester', specName: 'Holy', realm: { name: "Sen'jin (DE)" } },
    });
  });

  it('names every missing required field', () => {
    const { id: _id, realm: _realm, ...broken } = profile;
    expect(readCharacterProfile(JSON.stringify({ ...broken, character_class: {} }), 'en_US')).toEqual({
      ok: false,
      reason: 'profile lacks id, character_class.id, realm',
    });
  });

  it.each(['', '<html>502 Bad Gateway</html>', '{"id": 42, "name": "Za', '[]', 'null'])(
    'calls %p invalid instead of throwing',
    (body) => expect(readCharacterProfile(body, 'en_US').ok).toBe(false),
  );
});

describe('readGuildRoster', () => {
  const member = (id: number, name: string) => ({
    character: {
      id,
      name,
      realm: { id: 71, slug: 'senjin' },
      level: 80,
      playable_class: { id: 13 },
      playable_race: { id: 70 },
    },
    rank: 9,
  });
  const roster = {
    guild: {
      id: 9,
      name: 'Pull All The Things',
      realm: { id: 71, slug: 'senjin', name: "Sen'jin" },
      faction: { type: 'HORDE' },
    },
    members: [member(1, 'Trog'), { character: { id: 2, name: 'Broken' } }, member(3, 'Тролль')],
  };

  it('reads the members and counts the entries it had to leave out', () => {
    const read = readGuildRoster(JSON.stringify(roster), 'en_US', 'Wed, 21 Oct 2025 07:28:00 GMT');
    expect(read).toMatchObject({
      ok: true,
      value: {
        guild: {
          id: 9,
          name: 'Pull All The Things',
          realm: { id: 71, slug: 'senjin', name: "Sen'jin" },
          faction: 'HORDE',
        },
        skippedMembers: 1,
        lastModified: 'Wed, 21 Oct 2025 07:28:00 GMT',
      },
    });
    if (!read.ok) throw new Error(read.reason);
    expect(read.value.members).toEqual([
      {
        id: 1,
        name: 'Trog',
        realm: { id: 71, slug: 'senjin' },
        level: 80,
        classId: 13,
        className: 'Evoker',
        raceId: 70,
        rankIndex: 9,
      },
      {
        id: 3,
        name: 'Тролль',
        realm: { id: 71, slug: 'senjin' },
        level: 80,
        classId: 13,
        className: 'Evoker',
        raceId: 70,
        rankIndex: 9,
      },
    ]);
  });

  it('refuses a roster without its guild or members', () => {
    expect(readGuildRoster(JSON.stringify({ members: [] }), 'en_US', null)).toEqual({
      ok: false,
      reason: 'roster lacks guild',
    });
    expect(readGuildRoster(JSON.stringify({ guild: roster.guild }), 'en_US', null)).toEqual({
      ok: false,
      reason: 'roster lacks members',
    });
  });
});
