// Sentences for people. The engine explains every link, suggestion and conflict in words an
// officer can check against the game and Discord, next to the structured facts.
import type { DiscordNameField, EvidenceFact, MatchCharacter, MatchDiscordMember, NoteField } from './types';

/** How evidence names things; the engine supplies lookups by id. */
export interface Namer {
  character(id: string): string;
  discordUser(id: string): string;
}

export function characterLabel(c: Pick<MatchCharacter, 'name' | 'realmSlug'>): string {
  return `${c.name} (${c.realmSlug})`;
}

export function discordLabel(u: Pick<MatchDiscordMember, 'username'>): string {
  return `@${u.username}`;
}

const NOTE_LABEL: Readonly<Record<NoteField, string>> = { guildNote: 'guild note', officerNote: 'officer note' };

const FIELD_LABEL: Readonly<Record<DiscordNameField, string>> = {
  username: 'the Discord username',
  displayName: 'the Discord display name',
  displayNameWord: 'a word of the Discord display name',
};

function fixed(n: number): string {
  return n.toFixed(2);
}

/** One fact as a clause (no final full stop). */
export function describeFact(fact: EvidenceFact, names: Namer): string {
  switch (fact.kind) {
    case 'note_main': {
      const head = `the ${NOTE_LABEL[fact.field]} of ${names.character(fact.characterId)}, "${fact.note}",`;
      const main = names.character(fact.mainCharacterId ?? '');
      switch (fact.resolution) {
        case 'unique':
        case 'named_realm':
          return `${head} names ${main} as its main`;
        case 'same_realm':
          return `${head} names ${main} as its main (the one on its own realm)`;
        case 'unknown':
          return `${head} names "${fact.named}" as its main, and no character has that name`;
        case 'ambiguous':
          return `${head} names "${fact.named}" as its main, but ${(fact.candidateIds ?? []).map((id) => names.character(id)).join(' and ')} all have that name`;
      }
      break;
    }
    case 'note_hint': {
      const head = `the ${NOTE_LABEL[fact.field]} of ${names.character(fact.characterId)}, "${fact.note}", names the Discord user "${fact.named}"`;
      if (fact.discordUserId)
        return `${head}: ${names.discordUser(fact.discordUserId)} (by ${fact.matchedField === 'username' ? 'username' : 'display name'})`;
      if (fact.candidateIds && fact.candidateIds.length > 0) {
        return `${head}, which ${fact.candidateIds.map((id) => names.discordUser(id)).join(' and ')} all answer to`;
      }
      return `${head}, and no member of the Discord server has that name`;
    }
    case 'name_match':
      return `the character name ${names.character(fact.characterId)} equals ${FIELD_LABEL[fact.field]} "${fact.value}" of ${names.discordUser(fact.discordUserId)}`;
    case 'fuzzy_name':
      return `the character name ${names.character(fact.characterId)} is close to ${FIELD_LABEL[fact.field]} "${fact.value}" of ${names.discordUser(fact.discordUserId)} (similarity ${fixed(fact.similarity)})`;
    case 'existing_link': {
      const subject = fact.characterId ? names.character(fact.characterId) : names.discordUser(fact.discordUserId ?? '');
      const how = fact.method === 'unrecorded' ? 'a link with no recorded method' : `a ${fact.method} link`;
      return `${subject} belongs to member ${fact.personId} by ${how}`;
    }
    case 'rejected':
      return `an officer rejected ${names.character(fact.characterId)} as ${names.discordUser(fact.discordUserId)}`;
    case 'battlenet_account':
      return `the Battle.net account ${fact.battletag ?? `#${fact.battlenetAccountId}`} has ${names.character(fact.characterId)} on its WoW account ${fact.wowAccountId} (Blizzard character ${fact.blizzardCharacterId}), as Blizzard said at ${fact.at}`;
  }
}

/** Facts as one sentence: capitalised, clauses joined by "; ", ending with a full stop. */
export function describeFacts(facts: readonly EvidenceFact[], names: Namer): string {
  const text = facts.map((fact) => describeFact(fact, names)).join('; ');
  return text.length === 0 ? '' : `${text[0].toUpperCase()}${text.slice(1)}.`;
}
