import { AddonUploadMember } from '@patt/contracts';
import { stored } from '../roster/test/factories';
import { characterNameKey, matchAddonMembers } from './addon-matching';

const exported = (name: string, realm: string, extra: Partial<AddonUploadMember> = {}): AddonUploadMember => ({
  name,
  realm,
  note: null,
  officerNote: null,
  isOnline: null,
  lastOnline: null,
  zone: null,
  ...extra,
});

const roster = [
  stored({ blizzardId: 1, name: 'Zatañña' }),
  stored({ blizzardId: 2, name: 'Zatanna', realmSlug: 'moknathal', realmName: "Mok'Nathal" }),
  stored({ blizzardId: 3, name: 'Тролль', realmSlug: 'area-52', realmName: 'Area 52' }),
  stored({ blizzardId: 4, name: 'Trog' }),
  stored({ blizzardId: 5, name: 'Trog', realmSlug: 'area-52', realmName: 'Area 52' }),
  stored({ blizzardId: 6, name: 'Οδυσσέας', realmSlug: 'argent-dawn', realmName: null }),
  stored({ blizzardId: 7, name: 'Гром', realmSlug: 'gordunni', realmName: 'Гордунни' }),
];

const matchedIds = (members: AddonUploadMember[], characters = roster) => matchAddonMembers(members, characters).matched.map((m) => m.character.id);

describe('matchAddonMembers', () => {
  it('maps every way the game writes a realm to the slug the roster knows', () => {
    for (const realm of ['Area52', 'Area 52', 'area-52', 'AREA52']) expect(matchedIds([exported('Trog', realm)])).toEqual(['id-5']);
    for (const realm of ["Sen'jin", 'Senjin', 'Sen’jin', 'senjin']) expect(matchedIds([exported('Trog', realm)])).toEqual(['id-4']);
    expect(matchedIds([exported('Zatanna', 'MokNathal')])).toEqual(['id-2']);
    // A realm whose name the slug does not spell is known by the name Blizzard's profile gave.
    expect(matchedIds([exported('Гром', 'Гордунни')])).toEqual(['id-7']);
    // Known by its slug alone (no realm name stored).
    expect(matchedIds([exported('Οδυσσέας', 'ArgentDawn')])).toEqual(['id-6']);
  });

  it('matches names case-insensitively in any script and Unicode form, but keeps their accents', () => {
    expect(matchedIds([exported('ТРОЛЛЬ', 'Area52'), exported('zATAÑÑA', "Sen'jin"), exported('ΟΔΥΣΣΈΑΣ', 'ArgentDawn')])).toEqual(['id-3', 'id-1', 'id-6']);
    expect(matchedIds([exported('Zatañña'.normalize('NFD'), "Sen'jin")])).toEqual(['id-1']);
    const { matched, notFound } = matchAddonMembers([exported('Zatanna', "Sen'jin"), exported('Zatañña', 'MokNathal')], roster);
    expect(matched).toEqual([]);
    expect(notFound.map((m) => m.name)).toEqual(['Zatanna', 'Zatañña']);
  });

  it('reports members of realms or names the roster does not know as not found', () => {
    const { matched, notFound } = matchAddonMembers([exported('Trog', 'Nowhere'), exported('Nobody', "Sen'jin"), exported('Trog', 'Area52')], roster);
    expect(matched.map((m) => m.character.id)).toEqual(['id-5']);
    expect(notFound.map((m) => `${m.name}-${m.realm}`)).toEqual(['Trog-Nowhere', "Nobody-Sen'jin"]);
  });

  it('reads a "Name-Realm" name', () => {
    expect(matchedIds([exported('Trog-Area52', "Sen'jin")])).toEqual(['id-5']);
  });

  it('prefers the character still in the guild over one that left under the same name', () => {
    const left = stored({ blizzardId: 8, name: 'Trog', inGuild: false });
    expect(matchedIds([exported('Trog', 'Senjin')], [left, ...roster])).toEqual(['id-4']);
    expect(matchedIds([exported('Trog', 'Senjin')], [left])).toEqual(['id-8']);
  });

  it('counts a member exported twice once, the later entry winning', () => {
    const { matched } = matchAddonMembers([exported('Trog', 'Senjin', { note: 'first' }), exported('TROG', "Sen'jin", { note: 'second' })], roster);
    expect(matched.map((m) => [m.character.id, m.member.note])).toEqual([['id-4', 'second']]);
  });
});

describe('characterNameKey', () => {
  it('folds case and final sigma, composes, and trims', () => {
    expect(characterNameKey(' ΟΔΥΣΣΕΑΣ ')).toBe(characterNameKey('οδυσσεασ'));
    expect(characterNameKey('Zatan\u0303n\u0303a')).toBe(characterNameKey('zatañña'));
    expect(characterNameKey('Zatanna')).not.toBe(characterNameKey('Zatañña'));
  });
});
