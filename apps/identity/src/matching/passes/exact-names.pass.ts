// Pass 4: a character name equal to a Discord name (`exact_name`), characters in the guild only.
// One Discord member answering to the name is a claim (decided by the rule in user-claims.ts);
// several are a conflict with suggestions, more than MAX_EXACT_NAME_CANDIDATES no evidence at all.
import type { DiscordNameIndex } from '../discord-index';
import { characterLabel, describeFacts } from '../evidence';
import { EXACT_NAME_SCORES, MAX_EXACT_NAME_CANDIDATES } from '../scores';
import { pairKey, type MatchState, type UserClaim } from '../state';
import type { EvidenceFact } from '../types';
import { attachUsers } from './user-claims';

export function exactNamePass(state: MatchState, index: DiscordNameIndex): void {
  const claims: UserClaim[] = [];
  // Characters that left the guild are history: a Discord link for them would only compete
  // with the characters that play now.
  for (const c of state.characters) {
    if (!c.inGuild || state.draftOfCharacter.get(c.id)?.discordUserId) continue;
    const key = state.keyOf(c);
    const hits = index.lookupName(key).filter((hit) => !state.rejected.has(pairKey(c.id, hit.user.userId)));
    if (hits.length === 0) continue;
    state.exactlyNamed.add(c.id);
    const facts = hits.map((hit): EvidenceFact => ({
      kind: 'name_match',
      characterId: c.id,
      characterName: c.name,
      discordUserId: hit.user.userId,
      field: hit.field,
      value: hit.value,
      key,
    }));
    if (hits.length > MAX_EXACT_NAME_CANDIDATES) {
      state.conflict({
        kind: 'name_too_common',
        characterIds: [c.id],
        facts: [],
        summary: `The character name ${characterLabel(c)} equals the names of ${hits.length} Discord members; that is no evidence, so nothing is linked or suggested by it.`,
      });
      continue;
    }
    if (hits.length > 1) {
      const summary = `${describeFacts(facts, state.namer)} With ${hits.length} Discord members answering to the name, an officer has to choose.`;
      state.conflict({
        kind: 'ambiguous_name',
        characterIds: [c.id],
        discordUserIds: hits.map((h) => h.user.userId),
        facts,
        summary,
      });
      hits.forEach((hit, i) =>
        state.suggest(c.id, hit.user.userId, EXACT_NAME_SCORES[hit.field], 'exact_name', summary, [facts[i]]),
      );
      continue;
    }
    claims.push({
      characterId: c.id,
      userId: hits[0].user.userId,
      score: EXACT_NAME_SCORES[hits[0].field],
      fact: facts[0],
    });
  }
  attachUsers(state, claims, 'exact_name');
}
