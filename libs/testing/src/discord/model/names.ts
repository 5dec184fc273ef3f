/**
 * Name material for generated members: the mix a real WoW guild's Discord has (plain handles,
 * accents, Cyrillic, multi-word display names, emoji, WoW character names as nicknames).
 */
export const USERNAME_HEADS = [
  'trog', 'elune', 'shadow', 'moon', 'frost', 'storm', 'grim', 'holy', 'night', 'fel', 'iron', 'stone',
  'thunder', 'blood', 'rune', 'swift', 'wild', 'arcane', 'ember', 'void', 'sun', 'dusk', 'mist', 'raven',
  'wolf', 'bear', 'drake', 'zul', 'kael', 'tyr', 'gnome', 'orc', 'panda', 'goblin', 'murloc', 'lich',
  'totem', 'mana', 'loot', 'pug', 'alt', 'tank', 'heal', 'dps', 'warlock', 'priest', 'druid', 'monk',
] as const;

export const USERNAME_TAILS = [
  'blade', 'heart', 'fist', 'song', 'shield', 'hoof', 'claw', 'weaver', 'caller', 'strider', 'walker',
  'born', 'fang', 'mane', 'beard', 'spark', 'bane', 'whisper', 'forge', 'hammer', 'lord', 'queen', 'king',
  'main', 'enjoyer', 'andy', 'gamer', 'fan', '', '', '',
] as const;

export const DISPLAY_NAMES = [
  'Zoë', 'Renée', 'José Álvarez', 'Björn Ironside', 'Søren', 'Æthelwyn', 'Chloé', 'François', 'Łukasz',
  'Dvořák', 'Ørjan', 'Ñoño', 'Mañana Mage', 'Hélène', 'Jürgen', 'Müller der Große', 'Ágnes', 'Çağrı',
  'Алексей', 'Дмитрий Иванов', 'Катюша', 'Ярослав', 'Светлана', 'Громмаш', 'Лёша Танк', 'Наталья',
  'The Night Elf', 'Big Tank Energy', 'Mister Healbot', 'Lord of Loot', 'Cat Form Only', 'Not A Bot',
  'Sir Pulls-a-Lot', 'Wipe Again', 'Mana Break Pls', 'Dad Gamer', 'Keystone Andy', 'Grumpy Old Orc',
  'Thrallina', 'Arthaslol', "Zul'jin", 'Máiev', 'Illidariel', 'Lóthar', 'Sylvanás', 'Jaína',
  '🐉 Dragonkin', '✨ Sparkles ✨', 'Tom', 'Anna', 'Ben', 'Kate', 'Sam', 'Lena', 'Max', 'Mia',
] as const;

/** Syllables for WoW-style character names, used as server nicknames. */
export const CHARACTER_SYLLABLES = [
  'Ar', 'thas', 'Syl', 'va', 'na', 'Kael', 'Ty', 'rande', 'Mal', 'fu', 'rion', 'Il', 'li', 'dan', 'Gar',
  'rosh', 'Ja', 'ina', 'Vol', 'jin', 'Rex', 'xar', 'Thal', 'dor', 'Ze', 'kha', 'Ó', 'rin', 'Bé', 'lá',
  'Grom', 'mash', 'Dra', 'nor', 'Ve', 'reesa', 'Lor', 'themar', 'Yr', 'el', 'Æ', 'lis', 'Ø', 'ra', 'Ká',
] as const;

export const NICK_DECORATIONS = ['{name}', '{name}', '{name}', '{name} | Tank', '{name} (alt: {other})', '[PATT] {name}', '{name} - Healer'] as const;

export const BOT_NAMES = ['Raid Planner', 'Loot Council', 'Keystone Tracker', 'Music Box', 'Poll Master', 'Welcome Bot'] as const;

export const OTHER_ROLE_NAMES = ['Raider', 'Mythic+', 'PvP', 'Crafter', 'Friend of the Guild', 'Bots', 'Muted'] as const;
