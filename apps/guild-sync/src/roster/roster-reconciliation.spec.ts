import { reconcileRoster } from './roster-reconciliation';
import { fetched, GUILD_REALM, member, MISSING, newIds, NOT_MODIFIED, NOW, profiles, roster, stored, unreadable } from './test/factories';

const trog = stored({ blizzardId: 1, name: 'Trog' });
const zed = stored({ blizzardId: 2, name: 'Zed', rankIndex: 2 });
const asListed = (character: typeof trog) =>
  member({ id: character.blizzardId, name: character.name, level: character.level, rankIndex: character.rankIndex, realmSlug: character.realmSlug });

function reconcile(input: Partial<Parameters<typeof reconcileRoster>[0]> & Pick<Parameters<typeof reconcileRoster>[0], 'roster' | 'profiles'>) {
  return reconcileRoster({ stored: [trog, zed], at: NOW, newId: newIds(), ...input });
}

const changesOf = (result: ReturnType<typeof reconcileRoster>) => result.changes.map((c) => [c.type, c.characterName, c.from, c.to]);

describe('reconcileRoster', () => {
  it('writes nothing when the roster is unchanged and every profile answered 304', () => {
    const result = reconcile({ roster: roster([asListed(trog), asListed(zed)]), profiles: profiles([1, NOT_MODIFIED], [2, NOT_MODIFIED]) });
    expect(result.inserts).toEqual([]);
    expect(result.updates).toEqual([]);
    expect(result.changes).toEqual([]);
    expect(result.members).toEqual([trog, zed]);
    expect(result.counts).toEqual({ found: 2, added: 0, updated: 0, removed: 0, rankChanges: 0, notModified: 2, profileErrors: 0 });
  });

  it('adds a newcomer under a new id, joined now, with its profile and the role of its spec', () => {
    const result = reconcile({
      roster: roster([asListed(trog), asListed(zed), member({ id: 3, name: 'Nova', level: 70, rankIndex: 9 })]),
      profiles: profiles([1, NOT_MODIFIED], [2, NOT_MODIFIED], [3, fetched({ id: 3, name: 'Nova', level: 70 })]),
    });
    expect(result.inserts).toEqual([
      {
        id: 'new-1',
        blizzardId: 3,
        name: 'Nova',
        realmSlug: 'senjin',
        realmName: "Sen'jin",
        className: 'Warrior',
        specName: 'Protection',
        role: 'tank',
        level: 70,
        itemLevel: 611,
        rankIndex: 9,
        lastLoginAt: new Date('2025-01-31T20:00:00.000Z'),
        inGuild: true,
        joinedAt: NOW,
        leftAt: null,
        profileLastModified: 'Sat, 01 Feb 2025 11:00:00 GMT',
        profileMissing: false,
      },
    ]);
    expect(changesOf(result)).toEqual([['joined', 'Nova', null, null]]);
    expect(result.changes[0]).toMatchObject({ characterId: 'new-1', blizzardId: 3, realmSlug: 'senjin', at: NOW.toISOString() });
    expect(result.counts).toMatchObject({ found: 3, added: 1, updated: 0 });
  });

  it('marks a member missing from the roster as left, keeping the row', () => {
    const result = reconcile({ roster: roster([asListed(trog)]), profiles: profiles([1, NOT_MODIFIED]) });
    expect(result.updates).toEqual([{ ...zed, inGuild: false, leftAt: NOW }]);
    expect(changesOf(result)).toEqual([['left', 'Zed', null, null]]);
    expect(result.members.map((c) => c.name)).toEqual(['Trog']);
    expect(result.counts).toMatchObject({ removed: 1, added: 0 });
  });

  it('welcomes a returning character back under the id it had, as rejoined and not as a rank change', () => {
    const gone = stored({ blizzardId: 5, name: 'Back', inGuild: false, leftAt: new Date('2025-01-15T00:00:00Z'), rankIndex: 1 });
    const result = reconcile({
      stored: [trog, gone],
      roster: roster([asListed(trog), member({ id: 5, name: 'Back', rankIndex: 9 })]),
      profiles: profiles([1, NOT_MODIFIED], [5, NOT_MODIFIED]),
    });
    expect(result.updates).toEqual([{ ...gone, inGuild: true, leftAt: null, joinedAt: NOW, rankIndex: 9 }]);
    expect(changesOf(result)).toEqual([['rejoined', 'Back', null, null]]);
    expect(result.counts).toMatchObject({ added: 1, updated: 0, rankChanges: 0, removed: 0 });
  });

  it('records renames, realm transfers, rank and level changes with from and to', () => {
    const result = reconcile({
      roster: roster([
        member({ id: 1, name: 'Trogdor', level: 80, rankIndex: 3 }),
        member({ id: 2, name: 'Zed', level: 80, rankIndex: 2, realmSlug: 'area-52' }),
      ]),
      profiles: profiles([1, NOT_MODIFIED], [2, fetched({ id: 2, name: 'Zed', level: 80, realm: { id: 3676, slug: 'area-52', name: 'Area 52' } })]),
    });
    expect(changesOf(result)).toEqual([
      ['renamed', 'Trogdor', 'Trog', 'Trogdor'],
      ['rank_changed', 'Trogdor', '4', '3'],
      ['renamed', 'Zed', 'Zed-senjin', 'Zed-area-52'],
    ]);
    expect(result.updates.find((c) => c.blizzardId === 2)).toMatchObject({ realmSlug: 'area-52', realmName: 'Area 52' });
    expect(result.counts).toMatchObject({ updated: 2, rankChanges: 1 });
  });

  it('takes a level from whichever of roster and profile is ahead, and never lowers it on a late roster', () => {
    const lateRoster = reconcile({ roster: roster([{ ...asListed(trog), level: 79 }, asListed(zed)]), profiles: profiles([1, NOT_MODIFIED], [2, NOT_MODIFIED]) });
    expect(lateRoster.changes).toEqual([]);
    const ahead = reconcile({
      roster: roster([asListed(trog), asListed(zed)]),
      profiles: profiles([1, fetched({ id: 1, name: 'Trog', level: 81 })], [2, NOT_MODIFIED]),
    });
    expect(changesOf(ahead)).toEqual([['level_changed', 'Trog', '80', '81']]);
    // A level squish lowers both; the profile says so.
    const squished = reconcile({
      roster: roster([{ ...asListed(trog), level: 70 }, asListed(zed)]),
      profiles: profiles([1, fetched({ id: 1, name: 'Trog', level: 70 })], [2, NOT_MODIFIED]),
    });
    expect(changesOf(squished)).toEqual([['level_changed', 'Trog', '80', '70']]);
  });

  it('marks a 404 profile missing and keeps its stored details; a later 304 clears the mark', () => {
    const result = reconcile({ roster: roster([asListed(trog), asListed(zed)]), profiles: profiles([1, MISSING], [2, NOT_MODIFIED]) });
    expect(result.updates).toEqual([{ ...trog, profileMissing: true }]);
    expect(result.counts).toMatchObject({ updated: 1, profileErrors: 0 });
    const back = reconcile({ stored: [{ ...trog, profileMissing: true }, zed], roster: roster([asListed(trog), asListed(zed)]), profiles: profiles([1, NOT_MODIFIED], [2, NOT_MODIFIED]) });
    expect(back.updates).toEqual([trog]);
  });

  it('counts an unreadable profile and keeps what was stored, while its roster changes still apply', () => {
    const result = reconcile({
      roster: roster([{ ...asListed(trog), rankIndex: 1 }, asListed(zed)]),
      profiles: profiles([1, unreadable()], [2, NOT_MODIFIED]),
    });
    expect(result.updates).toEqual([{ ...trog, rankIndex: 1 }]);
    expect(result.counts).toMatchObject({ profileErrors: 1, notModified: 1, rankChanges: 1 });
  });

  it('treats a member whose profile was never asked for as unreadable', () => {
    const result = reconcile({ roster: roster([asListed(trog), asListed(zed)]), profiles: profiles([1, NOT_MODIFIED]) });
    expect(result.counts.profileErrors).toBe(1);
    expect(result.updates).toEqual([]);
  });

  it('counts a character the roster lists twice once', () => {
    const result = reconcile({ roster: roster([asListed(trog), asListed(trog), asListed(zed)]), profiles: profiles([1, NOT_MODIFIED], [2, NOT_MODIFIED]) });
    expect(result.counts.found).toBe(2);
    expect(result.members).toHaveLength(2);
  });

  it('calls no one a leaver when the roster had unreadable entries, and says how many it spared', () => {
    const result = reconcile({ roster: roster([asListed(trog)], 1), profiles: profiles([1, NOT_MODIFIED]) });
    expect(result.changes).toEqual([]);
    expect(result.undecidedLeavers).toBe(1);
    expect(result.counts.removed).toBe(0);
  });

  it("names a newcomer's realm after the guild's when they share it, and leaves another realm unnamed until its profile comes", () => {
    const result = reconcile({
      stored: [],
      roster: roster([member({ id: 7, name: 'Here' }), member({ id: 8, name: 'There', realmSlug: 'area-52' })]),
      profiles: profiles([7, MISSING], [8, unreadable()]),
    });
    expect(result.inserts.map((c) => [c.name, c.realmName, c.profileMissing])).toEqual([
      ['Here', GUILD_REALM.name, true],
      ['There', null, false],
    ]);
  });
});
