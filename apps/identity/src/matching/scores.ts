// The scores the engine gives. A score says how sure the evidence is, 0..1; links made by an
// officer are 1. Automatic links are 0.75..0.95; suggestions say what a link would have scored
// had the evidence not been in doubt, and fuzzy suggestions stay below every automatic link.
import type { DiscordNameField, MainNoteForm } from './types';

/** A note naming a main character. Explicit alt phrasing beats a bare name, which could be anything. */
export const NOTE_KEY_SCORES: Readonly<Record<MainNoteForm, number>> = {
  alt_of: 0.95,
  possessive_alt: 0.95,
  main_is: 0.95,
  name_alt: 0.9,
  bare_name: 0.9,
};

/** Alts whose notes name the same main that no character has: one person, but nothing confirms it. */
export const NOTE_KEY_UNKNOWN_MAIN_SCORE = 0.8;

/** A note naming a Discord handle: as explicit as evidence gets short of an officer. */
export const NOTE_HINT_SCORES: Readonly<Record<'username' | 'displayName', number>> = {
  username: 0.9,
  displayName: 0.85,
};

/** A character name equal to a Discord name; a word of a display name is the weakest. */
export const EXACT_NAME_SCORES: Readonly<Record<DiscordNameField, number>> = {
  username: 0.9,
  displayName: 0.85,
  displayNameWord: 0.75,
};

/** Suggestions from a note naming a main that another member holds, when the notes are in doubt. */
export const NOTE_KEY_SUGGESTION_SCORE = 0.6;

/** Fuzzy suggestions are scored similarity × this, so they rank below every certain match. */
export const FUZZY_WEIGHT = 0.8;

export const DEFAULT_FUZZY_THRESHOLD = 0.8;

export const DEFAULT_MAX_SUGGESTIONS_PER_CHARACTER = 3;

/** More Discord members than this with a character's exact name: the name is no evidence at all. */
export const MAX_EXACT_NAME_CANDIDATES = 4;

/** Scores are rounded so that plans compare equal across runs and platforms. */
export function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}

/**
 * The highest rank a name match may give by itself (2, Member). A character ranked above it links
 * by name only to a Discord user whose roles already show that rank; otherwise it is a suggestion.
 */
export const MAX_RANK_BY_NAME = 2;
