// Reading guild and officer notes. Notes are free text typed by players and officers, so the
// grammar is deliberately small and every match is reported with its form, for the evidence.
// Notes are compared folded (lower case, no accents), with typographic apostrophes made plain.
import { foldName, nameKey, squashedRealm } from '@patt/wow';
import type { HintNoteForm, MainNoteForm } from './types';

/** "Trog's alt" and friends: a character names its main. */
export interface MainClaim {
  form: MainNoteForm;
  /** nameKey of the named main; for "Trogs alt" (no apostrophe) also "trog", tried in order. */
  keys: string[];
  /** The realm the note gave ("alt of Trog-Area52"), squashed; null when it gave none. */
  realm: string | null;
  /** The name as written (folded), realm included, for the evidence. */
  named: string;
}

/** "discord: trog", "dc=trog", "@trog": a character names its player's Discord user. */
export interface HintClaim {
  form: HintNoteForm;
  /** The handle, folded, without a legacy "#1234" discriminator or trailing dots. */
  handle: string;
}

export interface ParsedNote {
  mains: MainClaim[];
  hints: HintClaim[];
}

// A character name: letters only (WoW allows no digits or spaces), optionally "-Realm".
const NAME = String.raw`(\p{L}{2,})(?:-([\p{L}\p{N}]+))?`;
const START = String.raw`(?<![\p{L}\p{N}])`;
const END = String.raw`(?![\p{L}\p{N}])`;
const ALT_WORD = String.raw`(?:alt|twink|bank|banker|bankalt)`;

const MAIN_PATTERNS: ReadonlyArray<{ form: MainNoteForm; re: RegExp }> = [
  // "alt of Trog", "alt from Trog", "twink von Trog"
  { form: 'alt_of', re: new RegExp(String.raw`${START}(?:alt|twink)\s*(?:of|from|for|von|de|du|di)\s+${NAME}${END}`, 'gu') },
  // "alt: Trog", "alt - Trog", "alt=Trog", "alt (Trog)"
  { form: 'alt_of', re: new RegExp(String.raw`${START}(?:alt|twink)\s*[:=\-–—(]\s*${NAME}${END}`, 'gu') },
  // "Trog's alt", "Jess' alt" (the s' possessive keeps the s in the name)
  { form: 'possessive_alt', re: new RegExp(String.raw`${START}${NAME}\s*(?:'s|')\s*${ALT_WORD}${END}`, 'gu') },
  // "Trog alt", "Trogs alt"
  { form: 'name_alt', re: new RegExp(String.raw`${START}${NAME}\s+${ALT_WORD}${END}`, 'gu') },
  // "main: Trog", "main is Trog", "main - Trog"
  { form: 'main_is', re: new RegExp(String.raw`${START}main\s*(?:is\s+|[:=\-–—]\s*)${NAME}${END}`, 'gu') },
];

const BARE_NAME = new RegExp(String.raw`^${NAME}$`, 'u');

const HANDLE = String.raw`@?([\p{L}\p{N}_.]{2,32})(?:#\d{4})?`;
const HINT_PATTERNS: ReadonlyArray<{ form: HintNoteForm; re: RegExp }> = [
  // "discord: trog", "discord trog", "discord=trog", "disc - trog"
  { form: 'discord_label', re: new RegExp(String.raw`${START}(?:discord|disc)\s*(?:[:=\-]\s*|\s+)${HANDLE}`, 'gu') },
  // "dc: trog", "dc=trog" (a bare "dc" followed by a word is too often something else)
  { form: 'dc_label', re: new RegExp(String.raw`${START}dc\s*[:=]\s*${HANDLE}`, 'gu') },
  // "@trog", but not the middle of an e-mail address
  { form: 'at_mention', re: new RegExp(String.raw`(?<![\p{L}\p{N}_.])@([\p{L}\p{N}_.]{2,32})(?:#\d{4})?`, 'gu') },
];

/**
 * Words that fill the name slot of a pattern without being a name: "my alt", "raid alt",
 * "main: alt". Character names could in principle be one of these; such a main is not worth
 * the false links on every "my alt" note.
 */
const NOT_A_NAME: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'my',
  'his',
  'her',
  'their',
  'our',
  'your',
  'this',
  'that',
  'and',
  'or',
  'no',
  'not',
  'is',
  'of',
  'main',
  'alt',
  'alts',
  'twink',
  'bank',
  'banker',
  'bankalt',
  'raid',
  'pvp',
  'pve',
  'old',
  'new',
  'gold',
  'mog',
  'farm',
  'craft',
  'crafting',
  'lvl',
  'level',
  'trial',
  'social',
  'friend',
  'tank',
  'healer',
  'heal',
  'dps',
]);

const APOSTROPHES = /[’‘`´ʼ]/g;

/** A note as it is matched: folded, apostrophes plain, spaces collapsed. */
export function normaliseNote(note: string): string {
  return foldName(note.replace(APOSTROPHES, "'")).replace(/\s+/g, ' ').trim();
}

/** Splits a note into the mains and Discord handles it names. */
export function parseNote(note: string | null | undefined): ParsedNote {
  if (!note) return { mains: [], hints: [] };
  let text = normaliseNote(note);
  if (text.length === 0) return { mains: [], hints: [] };

  const hints: HintClaim[] = [];
  // Most notes name nobody: a substring test spares them the Unicode regular expressions.
  const mayHint = text.includes('@') || text.includes('dc') || text.includes('disc');
  for (const { form, re } of mayHint ? HINT_PATTERNS : []) {
    // Hints are cut out of the text so "@Trog" is not read again as the bare name "Trog".
    text = text.replace(re, (_match, handle: string) => {
      const cleaned = handle.replace(/\.+$/, '');
      if (cleaned.length >= 2 && !hints.some((h) => h.handle === cleaned)) hints.push({ form, handle: cleaned });
      return ' | ';
    });
  }

  const mains: MainClaim[] = [];
  const add = (form: MainNoteForm, name: string, realm: string | undefined): void => {
    const key = nameKey(name);
    if (key.length < 2 || NOT_A_NAME.has(key)) return;
    const keys = [key];
    // Without an apostrophe "Trogs alt" may be Trogs' alt or Trog's alt: try the name as written first.
    if (form === 'name_alt' && key.endsWith('s') && key.length > 3) keys.push(key.slice(0, -1));
    const named = realm ? `${name}-${realm}` : name;
    if (!mains.some((m) => m.named === named)) mains.push({ form, keys, realm: realm ? squashedRealm(realm) : null, named });
  };
  const mayNameMain = text.includes('alt') || text.includes('twink') || text.includes('bank') || text.includes('main');
  for (const { form, re } of mayNameMain ? MAIN_PATTERNS : []) {
    for (const match of text.matchAll(re)) add(form, match[1], match[2]);
  }
  if (mains.length === 0) {
    // A note that is nothing but a name ("Trog", "Trog!") names the main.
    const bare = text.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
    const match = BARE_NAME.exec(bare);
    if (match) add('bare_name', match[1], match[2]);
  }
  return { mains, hints };
}
