import type { SeededRandom } from '../../seeded-random';

/**
 * Name material for generated members: the mix a real WoW guild's Discord has (plain handles,
 * accents, Cyrillic, multi-word display names, emoji, WoW character names as nicknames).
 */
const words = (list: string): readonly string[] => list.split('|');

export const USERNAME_HEADS = words(
  'trog|elune|shadow|moon|frost|storm|grim|holy|night|fel|iron|stone|thunder|blood|rune|swift|wild|arcane|ember|void|sun|dusk|' +
    'mist|raven|wolf|bear|drake|zul|kael|tyr|gnome|orc|panda|goblin|murloc|lich|totem|mana|loot|pug|alt|tank|heal|dps|warlock|' +
    'priest|druid|monk',
);

/** Empty tails make plain one-word handles. */
export const USERNAME_TAILS = words(
  'blade|heart|fist|song|shield|hoof|claw|weaver|caller|strider|walker|born|fang|mane|beard|spark|bane|whisper|forge|hammer|' +
    'lord|queen|king|main|enjoyer|andy|gamer|fan|||',
);

export const DISPLAY_NAMES = words(
  'Zoë|Renée|José Álvarez|Björn Ironside|Søren|Æthelwyn|Chloé|François|Łukasz|Dvořák|Ørjan|Ñoño|Mañana Mage|Hélène|Jürgen|' +
    'Müller der Große|Ágnes|Çağrı|Алексей|Дмитрий Иванов|Катюша|Ярослав|Светлана|Громмаш|Лёша Танк|Наталья|The Night Elf|' +
    'Big Tank Energy|Mister Healbot|Lord of Loot|Cat Form Only|Not A Bot|Sir Pulls-a-Lot|Wipe Again|Mana Break Pls|Dad Gamer|' +
    "Keystone Andy|Grumpy Old Orc|Thrallina|Arthaslol|Zul'jin|Máiev|Illidariel|Lóthar|Sylvanás|Jaína|🐉 Dragonkin|✨ Sparkles ✨|" +
    'Tom|Anna|Ben|Kate|Sam|Lena|Max|Mia',
);

/** Syllables for WoW-style character names, used as server nicknames. */
export const CHARACTER_SYLLABLES = words(
  'Ar|thas|Syl|va|na|Kael|Ty|rande|Mal|fu|rion|Il|li|dan|Gar|rosh|Ja|ina|Vol|jin|Rex|xar|Thal|dor|Ze|kha|Ó|rin|Bé|lá|Grom|mash|' +
    'Dra|nor|Ve|reesa|Lor|themar|Yr|el|Æ|lis|Ø|ra|Ká',
);

/** How members dress their character name up as a server nickname; {name} and {other} are filled in. */
export const NICK_DECORATIONS: readonly string[] = [
  '{name}',
  '{name}',
  '{name}',
  '{name} | Tank',
  '{name} (alt: {other})',
  '[PATT] {name}',
  '{name} - Healer',
];

export const BOT_NAMES = words('Raid Planner|Loot Council|Keystone Tracker|Music Box|Poll Master|Welcome Bot');

export const OTHER_ROLE_NAMES = words('Raider|Mythic+|PvP|Crafter|Friend of the Guild|Bots|Muted');

/** Unique Discord usernames (2–32 of a-z 0-9 _ .) and free-form display names and nicknames. */
export class NameSource {
  private readonly usernames = new Set<string>();

  constructor(private readonly random: SeededRandom) {}

  reserve(username: string): void {
    this.usernames.add(username.toLowerCase());
  }

  username(): string {
    const head = this.random.pick(USERNAME_HEADS);
    const tail = this.random.pick(USERNAME_TAILS);
    const separator = tail ? this.random.pick(['', '', '_', '.']) : '';
    let base = `${head}${separator}${tail}`;
    if (this.random.chance(0.3)) base += String(this.random.int(1, 99));
    let candidate = base.slice(0, 32);
    while (this.usernames.has(candidate)) candidate = `${base.slice(0, 28)}${this.random.int(0, 9999)}`;
    this.usernames.add(candidate);
    return candidate;
  }

  displayName(): string {
    const name = this.random.pick(DISPLAY_NAMES);
    return this.random.chance(0.2) ? `${name} ${this.random.pick(['II', 'the Bold', 'Jr', '🔥', 'Heals'])}` : name;
  }

  characterName(): string {
    const first = this.random.pick(CHARACTER_SYLLABLES);
    const second = this.random.pick(CHARACTER_SYLLABLES).toLowerCase();
    const third = this.random.chance(0.4) ? this.random.pick(CHARACTER_SYLLABLES).toLowerCase() : '';
    const name = `${first}${second}${third}`;
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  nick(): string {
    return this.random.pick(NICK_DECORATIONS).replace('{name}', this.characterName()).replace('{other}', this.characterName());
  }

  botName(): string {
    let name: string = this.random.pick(BOT_NAMES);
    while (this.usernames.has(name.toLowerCase())) name = `${this.random.pick(BOT_NAMES)} ${this.random.int(2, 99)}`;
    this.reserve(name);
    return name;
  }
}
