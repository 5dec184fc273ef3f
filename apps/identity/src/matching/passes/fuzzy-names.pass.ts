// Pass 5: close names become suggestions, never links. Characters in the guild only, Discord
// users not yet anyone's, characters with no exact-name match and no suggestion yet.
import { FuzzyNameIndex } from '../discord-index';
import { describeFacts } from '../evidence';
import { DEFAULT_FUZZY_THRESHOLD, FUZZY_WEIGHT, roundScore } from '../scores';
import type { MatchState } from '../state';
import type { EvidenceFact } from '../types';

export function fuzzyPass(state: MatchState): void {
  const threshold = state.input.options?.fuzzyThreshold ?? DEFAULT_FUZZY_THRESHOLD;
  // Users already somebody's are left out: a close name is too weak to question a link.
  const free = state.eligibleUsers.filter((u) => !state.draftOfUser.has(u.userId));
  const index = new FuzzyNameIndex(free, state.discordNames);
  const alreadySuggested = new Set([...state.suggestionCandidates.values()].map((s) => s.characterId));
  for (const c of state.characters) {
    if (
      !c.inGuild ||
      state.draftOfCharacter.get(c.id)?.discordUserId ||
      alreadySuggested.has(c.id) ||
      state.exactlyNamed.has(c.id)
    )
      continue;
    for (const hit of index.query(state.keyOf(c), threshold)) {
      const similarity = roundScore(hit.similarity);
      const fact: EvidenceFact = {
        kind: 'fuzzy_name',
        characterId: c.id,
        characterName: c.name,
        discordUserId: hit.user.userId,
        field: hit.field,
        value: hit.value,
        similarity,
      };
      state.suggest(c.id, hit.user.userId, hit.similarity * FUZZY_WEIGHT, 'fuzzy', describeFacts([fact], state.namer), [fact]);
    }
  }
}
