// The matching engine: from characters, Discord members, the members and links already stored
// and the officers' rejections, a plan of what to link and what to suggest. Pure and
// deterministic: the same input, in any order, gives the same plan, and a plan applied and
// matched again gives nothing new. See README.md for the passes.
//
// state.ts holds one run's state; each pass is a file in passes/, run in this order; plan.ts
// turns the state into the plan.
import { DiscordNameIndex } from './discord-index';
import { exactNamePass } from './passes/exact-names.pass';
import { fuzzyPass } from './passes/fuzzy-names.pass';
import { noteHintPass } from './passes/note-hints.pass';
import { noteKeyPass } from './passes/note-keys.pass';
import { loadExistingMembers } from './passes/stored-links.pass';
import { buildPlan } from './plan';
import { MatchState } from './state';
import type { MatchingInput, MatchingPlan } from './types';

/** Runs the five passes and returns the plan. */
export function planMatching(input: MatchingInput): MatchingPlan {
  const state = new MatchState(input);
  loadExistingMembers(state);
  noteKeyPass(state);
  // Passes 3 and 4 share one index of Discord names, restricted to the keys and handles they ask for.
  const exactIndex = new DiscordNameIndex(
    state.eligibleUsers,
    {
      isCharacterKey: (key) => state.charactersByKey.has(key),
      handles: state.characters.flatMap((c) =>
        [...state.notesOf(c).guildNote.hints, ...state.notesOf(c).officerNote.hints].map((h) => h.handle),
      ),
    },
    state.discordNames,
  );
  noteHintPass(state, exactIndex);
  exactNamePass(state, exactIndex);
  fuzzyPass(state);
  return buildPlan(state);
}
