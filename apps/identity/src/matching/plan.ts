// The plan: the run's state, after the five passes, as the sorted MatchingPlan the wiring stores.
import { DEFAULT_RANK_TABLE, memberRank } from './ranks';
import { DEFAULT_MAX_SUGGESTIONS_PER_CHARACTER } from './scores';
import { byString, pairKey, pushTo, type MatchState } from './state';
import type { MatchCharacter, MatchingPlan, PlannedMember, Suggestion } from './types';

export function buildPlan(state: MatchState): MatchingPlan {
  const table = state.input.ranks ?? DEFAULT_RANK_TABLE;
  const members: PlannedMember[] = [...state.drafts.values()]
    .sort((a, b) => byString(a.ref, b.ref))
    .map((draft): PlannedMember => {
      const characterIds = [...draft.characterIds].sort(byString);
      const characters = characterIds
        .map((id) => state.characterById.get(id))
        .filter((c): c is MatchCharacter => c !== undefined);
      const rank = memberRank(characters, table, draft.rankOverride);
      const rankChanged = draft.storedRankLevel !== undefined && draft.personId !== null && draft.storedRankLevel !== rank.level;
      const status = draft.personId === null ? 'new' : draft.gainedSubjects || rankChanged ? 'updated' : 'unchanged';
      return {
        ref: draft.ref,
        personId: draft.personId,
        status,
        characterIds,
        discordUserId: draft.discordUserId,
        mainCharacterId: draft.mainCharacterId,
        rank,
        rankChanged,
      };
    });

  const links = [...state.links].sort(
    (a, b) =>
      byString(a.memberRef, b.memberRef) ||
      byString(a.characterId ?? '', b.characterId ?? '') ||
      byString(a.discordUserId ?? '', b.discordUserId ?? ''),
  );
  const suggestions = finalSuggestions(state);
  const conflicts = [...state.conflicts.entries()].sort((a, b) => byString(a[0], b[0])).map(([, c]) => c);
  return {
    members,
    links,
    suggestions,
    conflicts,
    counts: {
      linked: links.length,
      suggested: suggestions.length,
      unchanged: state.unchanged,
    },
  };
}

/**
 * Suggestions are collected as the passes go and decided at the end, against the final state:
 * only characters still without a Discord user get them, never for a pair an officer rejected,
 * the best few per character.
 */
function finalSuggestions(state: MatchState): Suggestion[] {
  const limit = state.input.options?.maxSuggestionsPerCharacter ?? DEFAULT_MAX_SUGGESTIONS_PER_CHARACTER;
  const eligible = new Set(state.eligibleUsers.map((u) => u.userId));
  const byCharacter = new Map<string, Suggestion[]>();
  for (const s of state.suggestionCandidates.values()) {
    if (state.draftOfCharacter.get(s.characterId)?.discordUserId) continue;
    if (state.rejected.has(pairKey(s.characterId, s.discordUserId)) || !eligible.has(s.discordUserId)) continue;
    pushTo(byCharacter, s.characterId, s);
  }
  return [...byCharacter.entries()]
    .sort((a, b) => byString(a[0], b[0]))
    .flatMap(([, list]) => list.sort((a, b) => b.score - a.score || byString(a.discordUserId, b.discordUserId)).slice(0, limit));
}
