// Pass 3: notes naming a Discord user (`note_hint`). A handle that answers to one user is a
// claim (decided with pass 4's by the rule in user-claims.ts); none or several is a conflict.
import type { DiscordNameIndex } from '../discord-index';
import { describeFacts } from '../evidence';
import { NOTE_HINT_SCORES } from '../scores';
import type { MatchState, UserClaim } from '../state';
import type { EvidenceFact } from '../types';
import { attachUsers } from './user-claims';

export function noteHintPass(state: MatchState, index: DiscordNameIndex): void {
  const claims: UserClaim[] = [];
  for (const c of state.characters) {
    for (const field of ['guildNote', 'officerNote'] as const) {
      const note = c[field];
      for (const hint of state.notesOf(c)[field].hints) {
        const hits = index.lookupHandle(hint.handle);
        const has = state.draftOfCharacter.get(c.id)?.discordUserId;
        // Several users answer to the handle, but the member already has one of them: settled.
        if (hits.length > 1 && has && hits.some((h) => h.user.userId === has)) continue;
        const base = {
          kind: 'note_hint',
          characterId: c.id,
          field,
          note: note ?? '',
          form: hint.form,
          named: hint.handle,
        } as const;
        if (hits.length === 1) {
          const fact: EvidenceFact = {
            ...base,
            discordUserId: hits[0].user.userId,
            matchedField: hits[0].field,
          };
          claims.push({
            characterId: c.id,
            userId: hits[0].user.userId,
            score: NOTE_HINT_SCORES[hits[0].field],
            fact,
          });
        } else if (hits.length === 0) {
          const fact: EvidenceFact = {
            ...base,
            discordUserId: null,
            matchedField: null,
          };
          state.conflict({
            kind: 'hint_not_found',
            characterIds: [c.id],
            facts: [fact],
            summary: `${describeFacts([fact], state.namer)} Nothing is linked by it; check the spelling or whether the user left the server.`,
          });
        } else {
          const candidateIds = hits.map((h) => h.user.userId);
          const fact: EvidenceFact = {
            ...base,
            discordUserId: null,
            matchedField: null,
            candidateIds,
          };
          const summary = `${describeFacts([fact], state.namer)} Nothing is linked until an officer picks one.`;
          state.conflict({
            kind: 'ambiguous_hint',
            characterIds: [c.id],
            discordUserIds: candidateIds,
            facts: [fact],
            summary,
          });
          for (const hit of hits) state.suggest(c.id, hit.user.userId, NOTE_HINT_SCORES[hit.field], 'note_hint', summary, [fact]);
        }
      }
    }
  }
  attachUsers(state, claims, 'note_hint');
}
