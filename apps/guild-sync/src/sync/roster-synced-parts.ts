import { Events, ROSTER_CHARACTERS_PER_PART, RosterChange, RosterCharacter, RosterSyncedPayload } from '@patt/contracts';
import { numberParts, PartBody, splitIntoParts, spreadOverParts } from '@patt/messaging';
import { Character } from '../roster/character';
import { CharacterNotes } from '../roster/characters.repository';

/** A stored character as the events carry it, with the notes the last addon upload gave it. */
export function toRosterCharacter(character: Character, notes?: CharacterNotes): RosterCharacter {
  return {
    characterId: character.id,
    blizzardId: character.blizzardId,
    name: character.name,
    realmSlug: character.realmSlug,
    realmName: character.realmName ?? character.realmSlug,
    className: character.className,
    specName: character.specName,
    role: character.role,
    level: character.level,
    itemLevel: character.itemLevel,
    guildRankIndex: character.rankIndex,
    lastLoginAt: character.lastLoginAt?.toISOString() ?? null,
    guildNote: notes?.guildNote ?? null,
    officerNote: notes?.officerNote ?? null,
  };
}

export interface RosterSyncedInput {
  runId: string;
  syncedAt: string;
  characters: readonly RosterCharacter[];
  changes: readonly RosterChange[];
}

/**
 * The parts of one run's `roster-synced` event: the full character list in slices of
 * ROSTER_CHARACTERS_PER_PART, and the changes spread evenly over the same parts. A run where
 * more left than remain gets extra parts, so no part carries more than that many of either.
 * There is always at least one part: a run that changed nothing still reports the guild.
 */
export function rosterSyncedParts(input: RosterSyncedInput): RosterSyncedPayload[] {
  const per = ROSTER_CHARACTERS_PER_PART;
  const characters = splitIntoParts(input.characters, { perPart: per });
  const changes = spreadOverParts(input.changes, Math.max(characters.length, Math.ceil(input.changes.length / per)));
  const bodies = changes.map(
    (slice, index): PartBody<typeof Events.RosterSynced> => ({
      runId: input.runId,
      syncedAt: input.syncedAt,
      characters: characters[index] ?? [],
      changes: slice,
    }),
  );
  return numberParts(bodies);
}
