import { AddonUploadMember, RosterChange } from '@patt/contracts';
import { CharacterEntity } from '../roster/character.entity';
import { CharacterNotes } from '../roster/characters.repository';
import { AddonMatch } from './addon-matching';

/** What an applied upload writes to one matched character. */
export interface AddonCharacterData extends CharacterNotes {
  id: string;
  isOnline: boolean | null;
  lastOnline: string | null;
  zone: string | null;
}

export interface AddonChanges {
  /** Every matched character's new addon data (online data changes with every upload). */
  rows: AddonCharacterData[];
  /** `note_changed` roster events: guild notes only (see planAddonChanges). */
  rosterChanges: RosterChange[];
  /** Characters whose guild or officer note changed, with their new notes: one `character-changed` each. */
  changed: Array<{ character: CharacterEntity; notes: CharacterNotes }>;
}

/**
 * The note an upload leaves: a note missing from the export (null; the addon leaves officer notes
 * out for players who may not read them) keeps the stored one, an empty one means no note.
 */
function nextNote(exported: string | null, stored: string | null): string | null {
  if (exported === null) return stored;
  return exported === '' ? null : exported;
}

function emptyAsNull(value: string | null): string | null {
  return value === '' ? null : value;
}

/**
 * What applying an upload to its matched characters changes. Every member may read a
 * character's history, and officer notes are for officers only, so only guild-note changes
 * become roster events (the history answers hide their text from callers below Officer);
 * either note changing is a `character-changed` for identity, which re-matches on both.
 */
export function planAddonChanges(matched: ReadonlyArray<AddonMatch<CharacterEntity>>, at: Date): AddonChanges {
  const changes: AddonChanges = { rows: [], rosterChanges: [], changed: [] };
  for (const { member, character } of matched) {
    const notes = notesAfter(member, character);
    changes.rows.push({
      id: character.id,
      ...notes,
      isOnline: member.isOnline,
      lastOnline: emptyAsNull(member.lastOnline),
      zone: emptyAsNull(member.zone),
    });
    if (notes.guildNote !== character.guildNote) {
      changes.rosterChanges.push({
        type: 'note_changed',
        characterId: character.id,
        blizzardId: character.blizzardId,
        characterName: character.name,
        realmSlug: character.realmSlug,
        from: character.guildNote,
        to: notes.guildNote,
        at: at.toISOString(),
      });
    }
    if (notes.guildNote !== character.guildNote || notes.officerNote !== character.officerNote) {
      changes.changed.push({ character, notes });
    }
  }
  return changes;
}

function notesAfter(member: AddonUploadMember, stored: CharacterNotes): CharacterNotes {
  return { guildNote: nextNote(member.note, stored.guildNote), officerNote: nextNote(member.officerNote, stored.officerNote) };
}
