import { AddonUploadMember } from '@patt/contracts';
import { CharacterEntity } from '../roster/character.entity';
import { NOW, stored } from '../roster/test/factories';
import { planAddonChanges } from './addon-changes';

const character = (blizzardId: number, notes: { guildNote?: string | null; officerNote?: string | null } = {}): CharacterEntity =>
  ({ ...stored({ blizzardId, name: `Member${blizzardId}` }), guildNote: null, officerNote: null, ...notes }) as CharacterEntity;

const member = (extra: Partial<AddonUploadMember>): AddonUploadMember => ({
  name: 'ignored',
  realm: 'ignored',
  note: '',
  officerNote: null,
  isOnline: false,
  lastOnline: '3',
  zone: 'Dornogal',
  ...extra,
});

describe('planAddonChanges', () => {
  it('writes a roster event for a changed guild note, and a character change for either note', () => {
    const plan = planAddonChanges(
      [
        { member: member({ note: 'Alt of Trog' }), character: character(1, { guildNote: 'Main' }) },
        { member: member({ note: 'Same', officerNote: 'Secret' }), character: character(2, { guildNote: 'Same' }) },
        { member: member({ note: 'Same' }), character: character(3, { guildNote: 'Same' }) },
      ],
      NOW,
    );
    expect(plan.rosterChanges).toEqual([
      { type: 'note_changed', characterId: 'id-1', blizzardId: 1, characterName: 'Member1', realmSlug: 'senjin', from: 'Main', to: 'Alt of Trog', at: NOW.toISOString() },
    ]);
    // The officer note changed on 2: identity hears of it, the member-readable history does not.
    expect(plan.changed.map((c) => [c.character.id, c.notes])).toEqual([
      ['id-1', { guildNote: 'Alt of Trog', officerNote: null }],
      ['id-2', { guildNote: 'Same', officerNote: 'Secret' }],
    ]);
    expect(plan.rows.map((r) => r.id)).toEqual(['id-1', 'id-2', 'id-3']);
  });

  it('keeps a note the export leaves out and clears one exported empty', () => {
    const plan = planAddonChanges([{ member: member({ note: '', officerNote: null }), character: character(1, { guildNote: 'Main', officerNote: 'Kept' }) }], NOW);
    expect(plan.rows[0]).toMatchObject({ guildNote: null, officerNote: 'Kept' });
    expect(plan.rosterChanges.map((c) => [c.from, c.to])).toEqual([['Main', null]]);
  });

  it('stores online data as given, empty text as null, without counting it as a change', () => {
    const plan = planAddonChanges([{ member: member({ isOnline: true, lastOnline: '0', zone: '' }), character: character(1) }], NOW);
    expect(plan.rows).toEqual([{ id: 'id-1', guildNote: null, officerNote: null, isOnline: true, lastOnline: '0', zone: null }]);
    expect(plan.changed).toEqual([]);
    expect(plan.rosterChanges).toEqual([]);
  });
});
