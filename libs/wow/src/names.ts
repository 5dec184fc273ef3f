// How names are compared and how Blizzard wants them in URLs. Character names in WoW carry
// accents (Zatañña), Cyrillic (Тролль) and, across realms, repeat; realm names carry spaces and
// apostrophes (Sen'jin, Area 52) that the in-game export squashes ("Senjin", "Area52").

const COMBINING_MARKS = /\p{M}+/gu;

/** Lower-cases and strips accents: the form two names are compared in ("Zatañña" → "zatanna"). */
export function foldName(name: string): string {
  return name.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().normalize('NFC');
}

/**
 * The key a name is matched by: folded, with everything but letters and digits removed,
 * so "Trög", "trog" and "TROG!" agree, and Cyrillic letters stay letters.
 */
export function nameKey(name: string): string {
  return foldName(name).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The words of a display name ("Big Trog | Tank" → ["big", "trog", "tank"]), folded. */
export function nameWords(name: string): string[] {
  return foldName(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * A realm's slug as Blizzard's API spells it: lower case, no accents, apostrophes and brackets
 * dropped, spaces to hyphens ("Sen'jin" → "senjin", "Area 52" → "area-52",
 * "Aggra (Português)" → "aggra-portugues").
 */
export function realmSlug(realmName: string): string {
  return foldName(realmName.trim())
    .replace(/['’`()]/g, '')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * A realm as the in-game export gives it, squashed to compare with a known slug:
 * "Area52", "Area 52" and the slug "area-52" all become "area52".
 */
export function squashedRealm(realm: string): string {
  return foldName(realm).replace(/[\s'’`\-()]/g, '');
}

/** A guild's slug: like a realm's, Blizzard lower-cases it and turns spaces to hyphens. */
export function guildSlug(guildName: string): string {
  return realmSlug(guildName);
}

/**
 * A character name as a URL path segment for the profile API: lower-cased including
 * non-ASCII letters (Blizzard keeps the accents) and percent-encoded.
 */
export function characterPathSegment(name: string): string {
  return encodeURIComponent(name.trim().toLocaleLowerCase('en-US'));
}

/** "Name-Realm" as the game writes a cross-realm character, split; the realm may be missing. */
export function splitFullName(full: string): { name: string; realm: string | null } {
  const dash = full.indexOf('-');
  return dash < 0 ? { name: full, realm: null } : { name: full.slice(0, dash), realm: full.slice(dash + 1) };
}
