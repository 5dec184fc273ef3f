// Pass 1: what officers and earlier runs linked stays as it is. Every stored member becomes a
// draft with its characters and Discord user; a subject stored twice stays with the first
// member by id and is reported as inconsistent input.
import type { ExistingMember, LinkMethod } from '../types';
import { byString, type Draft, type MatchState } from '../state';

/** Which recorded method describes a subject best when it has several links. */
const METHOD_STRENGTH: Readonly<Record<LinkMethod, number>> = {
  manual: 6,
  import: 5,
  suggestion_confirmed: 4,
  // A member's own Battle.net account: above every automatic link, below an officer's.
  battlenet: 3.5,
  note_hint: 3,
  note_key: 2,
  exact_name: 1,
};

export function loadExistingMembers(state: MatchState): void {
  const members = [...state.input.members].sort((a, b) => byString(a.personId, b.personId));
  for (const member of members) {
    const draft = state.newDraft(member.personId, member.personId, member);
    const characterIds = new Set(member.characterIds);
    const userIds = new Set<string>();
    if (member.discordUserId) userIds.add(member.discordUserId);
    for (const link of member.links) {
      if (link.characterId) characterIds.add(link.characterId);
      if (link.discordUserId) userIds.add(link.discordUserId);
    }
    for (const characterId of [...characterIds].sort(byString)) {
      const holder = state.draftOfCharacter.get(characterId);
      if (holder) {
        heldByTwo(state, { characterIds: [characterId] }, state.namer.character(characterId), holder, member.personId);
        continue;
      }
      state.attachCharacter(draft, characterId);
      draft.methods.set(`c:${characterId}`, recordedMethod(member, { characterId }));
      state.unchanged++;
    }
    // The member's own discordUserId is the stored truth; a link naming another user is an inconsistency.
    const primary = member.discordUserId ?? [...userIds].sort(byString)[0] ?? null;
    for (const other of [...userIds].sort(byString)) {
      if (other !== primary) {
        state.inconsistent({
          discordUserIds: [other],
          personIds: [member.personId],
          summary: `Member ${member.personId} has links to two Discord users, ${state.namer.discordUser(primary ?? '')} and ${state.namer.discordUser(other)}; the engine keeps ${state.namer.discordUser(primary ?? '')}.`,
        });
      }
    }
    if (primary) {
      const holder = state.draftOfUser.get(primary);
      if (holder) {
        heldByTwo(state, { discordUserIds: [primary] }, state.namer.discordUser(primary), holder, member.personId);
      } else {
        state.attachUser(draft, primary);
        draft.methods.set(`d:${primary}`, recordedMethod(member, { discordUserId: primary }));
        state.unchanged++;
      }
    }
  }
}

/** A subject two stored members hold: it stays with the first (by id), reported as inconsistent input. */
function heldByTwo(
  state: MatchState,
  subject: { characterIds: string[] } | { discordUserIds: string[] },
  name: string,
  holder: Draft,
  personId: string,
): void {
  state.inconsistent({
    ...subject,
    personIds: [holder.ref, personId],
    summary: `${name} belongs to two members, ${holder.ref} and ${personId}; it stays with ${holder.ref} until an officer fixes the links.`,
  });
}

/**
 * The strongest recorded method for a subject (a subject may carry several links): officers'
 * links outrank automatic ones. A fixed order, not "the first seen", keeps it order-independent.
 */
function recordedMethod(
  member: ExistingMember,
  subject: { characterId?: string; discordUserId?: string },
): LinkMethod | 'unrecorded' {
  let found: LinkMethod | 'unrecorded' = 'unrecorded';
  for (const link of member.links) {
    const matches = subject.characterId ? link.characterId === subject.characterId : link.discordUserId === subject.discordUserId;
    if (matches && (found === 'unrecorded' || METHOD_STRENGTH[link.method] > METHOD_STRENGTH[found])) found = link.method;
  }
  return found;
}
