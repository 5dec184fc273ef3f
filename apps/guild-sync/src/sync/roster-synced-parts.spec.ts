import { ROSTER_CHARACTERS_PER_PART, RosterChange, RosterCharacter } from '@patt/contracts';
import { stored } from '../roster/test/factories';
import { rosterSyncedParts, toRosterCharacter } from './roster-synced-parts';

const characters = (count: number): RosterCharacter[] =>
  Array.from({ length: count }, (_, i) => toRosterCharacter(stored({ blizzardId: i + 1, name: `Member${i}` })));
const changes = (count: number): RosterChange[] =>
  Array.from({ length: count }, (_, i) => ({
    type: 'left',
    characterId: `gone-${i}`,
    blizzardId: 10_000 + i,
    characterName: `Gone${i}`,
    realmSlug: 'senjin',
    from: null,
    to: null,
    at: '2025-02-01T12:00:00.000Z',
  }));
const base = { runId: 'run-1', syncedAt: '2025-02-01T12:00:00.000Z' };

describe('rosterSyncedParts', () => {
  it('sends one part for a small guild, even when nothing changed', () => {
    const parts = rosterSyncedParts({ ...base, characters: characters(3), changes: [] });
    expect(parts).toEqual([{ ...base, part: 1, parts: 1, characters: characters(3), changes: [] }]);
  });

  it('slices the full list into parts of ROSTER_CHARACTERS_PER_PART, every character exactly once, in order', () => {
    const all = characters(ROSTER_CHARACTERS_PER_PART * 2 + 1);
    const parts = rosterSyncedParts({ ...base, characters: all, changes: changes(10) });
    expect(parts.map((p) => [p.part, p.parts, p.characters.length])).toEqual([
      [1, 3, 500],
      [2, 3, 500],
      [3, 3, 1],
    ]);
    expect(parts.flatMap((p) => p.characters)).toEqual(all);
    // The changes are spread over the parts rather than all riding on the first.
    expect(parts.map((p) => p.changes.length)).toEqual([4, 4, 2]);
    expect(parts.flatMap((p) => p.changes)).toEqual(changes(10));
  });

  it('adds parts when more characters left than remain, so no part carries more than the limit', () => {
    const parts = rosterSyncedParts({ ...base, characters: characters(2), changes: changes(1200) });
    expect(parts.map((p) => [p.characters.length, p.changes.length])).toEqual([
      [2, 400],
      [0, 400],
      [0, 400],
    ]);
  });

  it('carries a character in the contract’s words, notes left for addon uploads', () => {
    expect(toRosterCharacter(stored({ blizzardId: 9, name: 'Trog', realmName: null, lastLoginAt: null }))).toEqual({
      characterId: 'id-9',
      blizzardId: 9,
      name: 'Trog',
      realmSlug: 'senjin',
      realmName: 'senjin',
      className: 'Warrior',
      specName: 'Arms',
      role: 'melee',
      level: 80,
      itemLevel: 600,
      guildRankIndex: 4,
      lastLoginAt: null,
      guildNote: null,
      officerNote: null,
    });
  });
});
