import { AddonUploadMember } from '@patt/contracts';
import { splitFullName, squashedRealm } from '@patt/wow';

/** What matching needs of a stored character. */
export interface MatchableCharacter {
  id: string;
  name: string;
  realmSlug: string;
  realmName: string | null;
  inGuild: boolean;
}

export interface AddonMatch<C extends MatchableCharacter> {
  member: AddonUploadMember;
  character: C;
}

export interface AddonMatching<C extends MatchableCharacter> {
  matched: Array<AddonMatch<C>>;
  notFound: AddonUploadMember[];
}

/**
 * A character name as the game compares them: case-insensitively in every script ("ТРОЛЛЬ" is
 * "Тролль"), whatever Unicode form the text came in (a composed "ñ" or "n" + combining tilde),
 * but with its accents: "Zatanna" and "Zatañña" are two characters, and a note given to the wrong
 * one would mislead identity matching. Final sigma folds to sigma, as Unicode case folding does.
 */
export function characterNameKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase().replace(/ς/g, 'σ');
}

function key(name: string, slug: string): string {
  return `${characterNameKey(name)}\u0000${slug}`;
}

/**
 * The realms the roster knows, by their squashed form: a stored character's slug and realm name
 * both squash ("area-52" and "Area 52" to "area52", "Sen'jin" to "senjin"), and so do the ways the
 * game writes a realm: squashed for other realms ("Area52", "Senjin"), as displayed for one's own
 * ("Sen'jin"). A realm name the slug does not spell (a Russian realm's Cyrillic name) is found
 * through the name Blizzard's profile gave.
 */
function knownRealms(characters: readonly MatchableCharacter[]): Map<string, string> {
  const realms = new Map<string, string>();
  for (const character of characters) {
    realms.set(squashedRealm(character.realmSlug), character.realmSlug);
    if (character.realmName) realms.set(squashedRealm(character.realmName), character.realmSlug);
  }
  return realms;
}

/** The member's name and realm; a "Name-Realm" name (character names hold no "-") names its realm. */
function nameAndRealm(member: AddonUploadMember): { name: string; realm: string } {
  const split = splitFullName(member.name.trim());
  return split.realm ? { name: split.name, realm: split.realm } : { name: split.name, realm: member.realm };
}

/**
 * Matches exported members to stored characters by name and realm. A character still in the
 * guild wins over a stored one that left under the same name (a rename or transfer freed it).
 * A member exported twice counts once; the later entry wins. Deterministic: same input, same result.
 */
export function matchAddonMembers<C extends MatchableCharacter>(
  members: readonly AddonUploadMember[],
  characters: readonly C[],
): AddonMatching<C> {
  const realms = knownRealms(characters);
  const byKey = new Map<string, C>();
  for (const character of characters) {
    const k = key(character.name, character.realmSlug);
    const known = byKey.get(k);
    if (!known || (!known.inGuild && character.inGuild)) byKey.set(k, character);
  }
  const matched = new Map<string, AddonMatch<C>>();
  const notFound: AddonUploadMember[] = [];
  for (const member of members) {
    const { name, realm } = nameAndRealm(member);
    const slug = realms.get(squashedRealm(realm.trim()));
    const character = slug === undefined ? undefined : byKey.get(key(name, slug));
    if (!character) {
      notFound.push(member);
      continue;
    }
    matched.delete(character.id);
    matched.set(character.id, { member, character });
  }
  return { matched: [...matched.values()], notFound };
}
