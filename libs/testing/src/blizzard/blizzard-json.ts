// Blizzard's JSON shapes (Game Data and Profile APIs), built from the stand-in's model. Field
// names, nesting and the `key.href` links follow what us.api.blizzard.com returns, so a client
// that reads these reads the real thing.
import { characterPathSegment, findClass, findSpec, guildSlug } from '@patt/wow';
import { RACE_NAMES } from './guild-generator';
import type { Faction, StandInCharacter, StandInRealm } from './stand-in.types';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface JsonContext {
  /** The stand-in's base URL: links point back at it, as Blizzard's point at Blizzard. */
  baseUrl: string;
  region: string;
  /**
   * With `locale` Blizzard names things with plain strings; without it, with a map of every
   * locale. Null means no locale was asked for.
   */
  locale: string | null;
}

export interface GuildSummary {
  id: number;
  name: string;
  realm: StandInRealm;
  faction: Faction;
}

const FACTION_NAMES: Readonly<Record<Faction, string>> = { HORDE: 'Horde', ALLIANCE: 'Alliance' };
const GENDER_NAMES = { MALE: 'Male', FEMALE: 'Female' } as const;
const ALL_LOCALES = [
  'en_US',
  'es_MX',
  'pt_BR',
  'de_DE',
  'en_GB',
  'es_ES',
  'fr_FR',
  'it_IT',
  'ru_RU',
  'ko_KR',
  'zh_TW',
  'zh_CN',
];

/** Blizzard's error body: `{"code":404,"type":"BLZWEBAPI00000404","detail":"Not Found"}`. */
export function blizzardError(code: number, detail: string): Json {
  return { code, type: `BLZWEBAPI${String(code).padStart(8, '0')}`, detail };
}

function text(ctx: JsonContext, value: string): Json {
  if (ctx.locale !== null) return value;
  return Object.fromEntries(ALL_LOCALES.map((locale) => [locale, value]));
}

function link(ctx: JsonContext, path: string, namespace: 'profile' | 'dynamic' | 'static'): Json {
  return { href: `${ctx.baseUrl}${path}?namespace=${namespace}-${ctx.region}` };
}

function realmJson(ctx: JsonContext, realm: StandInRealm): Json {
  return {
    key: link(ctx, `/data/wow/realm/${realm.id}`, 'dynamic'),
    name: text(ctx, realm.name),
    id: realm.id,
    slug: realm.slug,
  };
}

function factionJson(ctx: JsonContext, faction: Faction): Json {
  return { type: faction, name: text(ctx, FACTION_NAMES[faction]) };
}

function guildPath(guild: GuildSummary): string {
  return `/data/wow/guild/${guild.realm.slug}/${encodeURIComponent(guildSlug(guild.name))}`;
}

function guildJson(ctx: JsonContext, guild: GuildSummary): Json {
  return {
    key: link(ctx, guildPath(guild), 'profile'),
    name: guild.name,
    id: guild.id,
    realm: realmJson(ctx, guild.realm),
    faction: factionJson(ctx, guild.faction),
  };
}

function characterPath(character: StandInCharacter): string {
  return `/profile/wow/character/${character.realm.slug}/${characterPathSegment(character.name)}`;
}

/** GET /data/wow/guild/{realmSlug}/{nameSlug}/roster */
export function rosterJson(ctx: JsonContext, guild: GuildSummary, members: readonly StandInCharacter[]): Json {
  return {
    _links: { self: link(ctx, `${guildPath(guild)}/roster`, 'profile') },
    guild: guildJson(ctx, guild),
    members: members.map((c) => ({
      character: {
        key: link(ctx, characterPath(c), 'profile'),
        name: c.name,
        id: c.id,
        // Roster entries carry a realm's key, id and slug, but not its name.
        realm: { key: link(ctx, `/data/wow/realm/${c.realm.id}`, 'dynamic'), id: c.realm.id, slug: c.realm.slug },
        level: c.level,
        playable_class: { key: link(ctx, `/data/wow/playable-class/${c.classId}`, 'static'), id: c.classId },
        playable_race: { key: link(ctx, `/data/wow/playable-race/${c.raceId}`, 'static'), id: c.raceId },
        faction: { type: c.faction },
      },
      rank: c.rank,
    })),
  };
}

/** GET /profile/wow/character/{realmSlug}/{characterName}: the profile summary. */
export function profileJson(
  ctx: JsonContext,
  c: StandInCharacter,
  guild: GuildSummary | null,
): { [key: string]: Json } {
  const self = characterPath(c);
  const sub = (name: string): Json => link(ctx, `${self}/${name}`, 'profile');
  const spec = findSpec(c.specId);
  const profile: { [key: string]: Json } = {
    _links: { self: link(ctx, self, 'profile') },
    id: c.id,
    name: c.name,
    gender: { type: c.gender, name: text(ctx, GENDER_NAMES[c.gender]) },
    faction: factionJson(ctx, c.faction),
    race: {
      key: link(ctx, `/data/wow/playable-race/${c.raceId}`, 'static'),
      name: text(ctx, RACE_NAMES[c.raceId] ?? 'Unknown'),
      id: c.raceId,
    },
    character_class: {
      key: link(ctx, `/data/wow/playable-class/${c.classId}`, 'static'),
      name: text(ctx, findClass(c.classId)?.name ?? 'Unknown'),
      id: c.classId,
    },
    realm: realmJson(ctx, c.realm),
    level: c.level,
    experience: 0,
    achievement_points: c.achievementPoints,
    achievements: sub('achievements'),
    titles: sub('titles'),
    pvp_summary: sub('pvp-summary'),
    encounters: sub('encounters'),
    media: sub('character-media'),
    last_login_timestamp: c.lastLoginMs,
    average_item_level: c.averageItemLevel,
    equipped_item_level: c.equippedItemLevel,
    specializations: sub('specializations'),
    statistics: sub('statistics'),
    mythic_keystone_profile: sub('mythic-keystone-profile'),
    equipment: sub('equipment'),
    appearance: sub('appearance'),
    collections: sub('collections'),
    reputations: sub('reputations'),
    quests: sub('quests'),
    achievements_statistics: sub('achievements/statistics'),
    professions: sub('professions'),
  };
  // Blizzard leaves out what a character does not have: no spec below level 10, no guild.
  if (spec) {
    profile['active_spec'] = {
      key: link(ctx, `/data/wow/playable-specialization/${spec.id}`, 'static'),
      name: text(ctx, spec.name),
      id: spec.id,
    };
  }
  if (guild) profile['guild'] = guildJson(ctx, guild);
  return profile;
}
