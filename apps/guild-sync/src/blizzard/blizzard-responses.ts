// Reading Blizzard's JSON. Nothing here trusts the shape: Blizzard adds, drops and nulls fields
// (no active_spec below level 10, no guild after a gquit, localised maps without a locale), and
// a proxy in between may answer HTML. Each reader returns a typed value or a reason.
import { findClass, findSpec } from '@patt/wow';
import type { CharacterProfile, GuildRoster, GuildRosterMember, NamedRealmRef } from './blizzard.types';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(body: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false, reason: `malformed JSON (${body.length} bytes)` };
  }
}

/**
 * Collects the paths of required fields that are missing, so the reason names them all. A field
 * under a missing object is not listed again: "realm" says it, not also "realm.id".
 */
class FieldReader {
  readonly missing: string[] = [];

  object(parent: unknown, key: string): JsonObject | undefined {
    if (!isObject(parent)) return undefined;
    const value = parent[key];
    if (isObject(value)) return value;
    this.missing.push(key);
    return undefined;
  }

  integer(parent: unknown, key: string, path = key): number | undefined {
    if (!isObject(parent)) return undefined;
    const value = parent[key];
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    this.missing.push(path);
    return undefined;
  }

  text(parent: unknown, key: string, path = key): string | undefined {
    if (!isObject(parent)) return undefined;
    const value = parent[key];
    if (typeof value === 'string' && value !== '') return value;
    this.missing.push(path);
    return undefined;
  }
}

function optionalNumber(parent: unknown, key: string): number | null {
  const value = isObject(parent) ? parent[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A name Blizzard gives as a string with `locale`, or as a map of locales without it. */
function localisedName(value: unknown, locale: string): string | null {
  if (typeof value === 'string') return value;
  if (isObject(value)) {
    const text = value[locale] ?? value['en_US'];
    if (typeof text === 'string') return text;
  }
  return null;
}

function factionType(parent: unknown): string | null {
  const faction = isObject(parent) ? parent['faction'] : undefined;
  const type = isObject(faction) ? faction['type'] : undefined;
  return typeof type === 'string' ? type : null;
}

function namedRealm(realm: JsonObject | undefined, read: FieldReader, locale: string): NamedRealmRef | undefined {
  const id = read.integer(realm, 'id', 'realm.id');
  const slug = read.text(realm, 'slug', 'realm.slug');
  if (id === undefined || slug === undefined) return undefined;
  return { id, slug, name: localisedName(realm?.['name'], locale) };
}

export function readGuildRoster(body: string, locale: string, lastModified: string | null): Parsed<GuildRoster> {
  const json = parseJson(body);
  if (!json.ok) return json;
  if (!isObject(json.value)) return { ok: false, reason: 'roster is not a JSON object' };
  const read = new FieldReader();
  const guild = read.object(json.value, 'guild');
  const guildId = read.integer(guild, 'id', 'guild.id');
  const guildName = localisedName(guild?.['name'], locale);
  if (guild && guildName === null) read.missing.push('guild.name');
  const realm = namedRealm(read.object(guild, 'realm'), read, locale);
  const entries = json.value['members'];
  if (!Array.isArray(entries)) read.missing.push('members');
  if (read.missing.length > 0 || guildId === undefined || guildName === null || realm === undefined) {
    return { ok: false, reason: `roster lacks ${read.missing.join(', ')}` };
  }

  const members: GuildRosterMember[] = [];
  let skippedMembers = 0;
  for (const entry of entries as unknown[]) {
    const member = readRosterMember(entry);
    if (member) members.push(member);
    else skippedMembers++;
  }
  return {
    ok: true,
    value: {
      guild: { id: guildId, name: guildName, realm, faction: factionType(guild) },
      members,
      skippedMembers,
      lastModified,
    },
  };
}

function readRosterMember(entry: unknown): GuildRosterMember | null {
  const read = new FieldReader();
  const character = read.object(entry, 'character');
  const id = read.integer(character, 'id');
  const name = read.text(character, 'name');
  const realm = read.object(character, 'realm');
  const realmId = read.integer(realm, 'id');
  const realmSlug = read.text(realm, 'slug');
  const level = read.integer(character, 'level');
  const classId = read.integer(read.object(character, 'playable_class'), 'id');
  const rankIndex = read.integer(entry, 'rank');
  if (
    read.missing.length > 0 ||
    id === undefined ||
    name === undefined ||
    realmId === undefined ||
    realmSlug === undefined ||
    level === undefined ||
    classId === undefined ||
    rankIndex === undefined
  ) {
    return null;
  }
  const race = isObject(character) ? character['playable_race'] : undefined;
  return {
    id,
    name,
    realm: { id: realmId, slug: realmSlug },
    level,
    classId,
    className: findClass(classId)?.name ?? null,
    raceId: optionalNumber(race, 'id'),
    rankIndex,
  };
}

export function readCharacterProfile(body: string, locale: string): Parsed<CharacterProfile> {
  const json = parseJson(body);
  if (!json.ok) return json;
  const profile = json.value;
  if (!isObject(profile)) return { ok: false, reason: 'profile is not a JSON object' };

  const read = new FieldReader();
  const id = read.integer(profile, 'id');
  const name = read.text(profile, 'name');
  const level = read.integer(profile, 'level');
  const characterClass = read.object(profile, 'character_class');
  const classId = read.integer(characterClass, 'id', 'character_class.id');
  const realm = namedRealm(read.object(profile, 'realm'), read, locale);
  if (
    read.missing.length > 0 ||
    id === undefined ||
    name === undefined ||
    level === undefined ||
    classId === undefined ||
    realm === undefined
  ) {
    return { ok: false, reason: `profile lacks ${read.missing.join(', ')}` };
  }

  // Blizzard leaves active_spec out for characters that have none yet.
  const spec = isObject(profile['active_spec']) ? profile['active_spec'] : undefined;
  const specId = optionalNumber(spec, 'id');
  const lastLogin = optionalNumber(profile, 'last_login_timestamp');
  return {
    ok: true,
    value: {
      id,
      name,
      realm,
      level,
      classId,
      className: localisedName(characterClass?.['name'], locale) ?? findClass(classId)?.name ?? null,
      specId,
      specName: localisedName(spec?.['name'], locale) ?? findSpec(specId)?.name ?? null,
      raceId: optionalNumber(profile['race'], 'id'),
      faction: factionType(profile),
      averageItemLevel: optionalNumber(profile, 'average_item_level'),
      equippedItemLevel: optionalNumber(profile, 'equipped_item_level'),
      lastLoginAt: lastLogin === null ? null : isoOrNull(lastLogin),
      achievementPoints: optionalNumber(profile, 'achievement_points'),
      guild: readProfileGuild(profile['guild'], locale),
    },
  };
}

function readProfileGuild(guild: unknown, locale: string): CharacterProfile['guild'] {
  if (!isObject(guild)) return null;
  const id = optionalNumber(guild, 'id');
  const name = localisedName(guild['name'], locale);
  if (id === null || name === null) return null;
  const realm = guild['realm'];
  const slug = isObject(realm) && typeof realm['slug'] === 'string' ? realm['slug'] : null;
  return { id, name, realmSlug: slug };
}

function isoOrNull(epochMs: number): string | null {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
