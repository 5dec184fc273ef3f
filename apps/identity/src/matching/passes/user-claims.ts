// The rule passes 3 and 4 share for giving a member a Discord user: claims grouped by member (or
// lone character), then by user, and a link only when the evidence is unanimous (see README.md).
import { rankLevelName, type RankLevel } from '@patt/contracts';
import { describeFacts } from '../evidence';
import { DEFAULT_RANK_TABLE, memberRank } from '../ranks';
import { MAX_RANK_BY_NAME } from '../scores';
import { byString, pairKey, pushTo, type ClaimGroup, type Draft, type MatchState, type UserClaim } from '../state';
import type { EvidenceFact, MatchCharacter } from '../types';

/**
 * Gives members (or lone characters) the Discord user their claims point at, when the evidence
 * is unanimous: one user per member, one member per user, no officer rejection in the way and
 * the user not already someone else's. Decided per user over all claims at once, so the order
 * of characters cannot change who wins.
 */
export function attachUsers(state: MatchState, claims: readonly UserClaim[], method: 'note_hint' | 'exact_name'): void {
  const byGroup = new Map<string, UserClaim[]>();
  for (const claim of claims) {
    const ref = state.draftOfCharacter.get(claim.characterId)?.ref ?? `char:${claim.characterId}`;
    pushTo(byGroup, ref, claim);
  }
  const wanted = new Map<string, ClaimGroup[]>();
  for (const [ref, groupClaims] of [...byGroup.entries()].sort((a, b) => byString(a[0], b[0]))) {
    const group: ClaimGroup = {
      ref,
      draft: state.draftOfCharacter.get(groupClaims[0].characterId),
      claims: groupClaims,
    };
    const choice = agreedUser(state, group, method);
    if (choice) pushTo(wanted, choice.userId, choice.group);
  }
  for (const [userId, groups] of [...wanted.entries()].sort((a, b) => byString(a[0], b[0]))) {
    giveUser(state, userId, groups, method);
  }
}

/** The one Discord user a group's claims agree on, after officers' rejections; or null, said why. */
function agreedUser(
  state: MatchState,
  group: ClaimGroup,
  method: 'note_hint' | 'exact_name',
): { userId: string; group: ClaimGroup } | null {
  const { draft } = group;
  if (draft?.discordUserId) {
    // Already has one. A note naming another is worth telling; a coinciding name is not.
    if (method === 'note_hint') hintsAgainstLink(state, draft, group.claims);
    return null;
  }
  // "Never link them automatically": no claim may put a character with a user an officer rejected for it.
  const groupCharacters = draft ? [...draft.characterIds] : [group.claims[0].characterId];
  const usable: UserClaim[] = [];
  for (const claim of group.claims) {
    const refusedBy = groupCharacters.filter((id) => state.rejected.has(pairKey(id, claim.userId)));
    if (refusedBy.length === 0) {
      usable.push(claim);
      continue;
    }
    state.conflict({
      kind: 'rejected_pair',
      characterIds: [claim.characterId, ...refusedBy],
      discordUserIds: [claim.userId],
      personIds: draft ? [draft.ref] : [],
      facts: [
        claim.fact,
        ...refusedBy.map((id): EvidenceFact => ({
          kind: 'rejected',
          characterId: id,
          discordUserId: claim.userId,
        })),
      ],
      summary: `${describeFacts([claim.fact], state.namer)} But an officer rejected ${state.characterList(refusedBy)} as ${state.namer.discordUser(claim.userId)}, and they would be one member; nothing is linked.`,
    });
  }
  const users = [...new Set(usable.map((cl) => cl.userId))].sort(byString);
  if (users.length === 0) return null;
  if (users.length > 1) {
    const facts = usable.map((cl) => cl.fact);
    const summary = `${describeFacts(facts, state.namer)} A member has one Discord user, so an officer has to choose.`;
    state.conflict({
      kind: 'discord_users_disagree',
      characterIds: usable.map((cl) => cl.characterId),
      discordUserIds: users,
      personIds: draft ? [draft.ref] : [],
      facts,
      summary,
    });
    for (const cl of usable) state.suggest(cl.characterId, cl.userId, cl.score, method, summary, [cl.fact]);
    return null;
  }
  return { userId: users[0], group: { ...group, claims: usable } };
}

function hintsAgainstLink(state: MatchState, draft: Draft, claims: readonly UserClaim[]): void {
  const has = draft.discordUserId;
  if (!has) return;
  for (const claim of claims) {
    if (claim.userId === has) continue;
    state.conflict({
      kind: 'hint_contradicts_link',
      characterIds: [claim.characterId],
      discordUserIds: [claim.userId, has],
      personIds: [draft.ref],
      facts: [claim.fact, state.existingLinkFact(draft, null)],
      summary: `${describeFacts([claim.fact], state.namer)} But its member is ${state.memberText(draft)} (${state.methodText(draft, `d:${has}`)}); the link is kept.`,
    });
  }
}

/** Links the user to the one group that wants it, unless several do or it is taken. */
function giveUser(state: MatchState, userId: string, groups: readonly ClaimGroup[], method: 'note_hint' | 'exact_name'): void {
  const claims = groups.flatMap((g) => g.claims);
  const facts = claims.map((cl) => cl.fact);
  const holder = state.draftOfUser.get(userId);
  const user = state.namer.discordUser(userId);
  if (groups.length > 1 || holder) {
    const why = holder
      ? takenWhy(state, holder, userId, claims)
      : `Those characters are not one member, and ${user} can be only one member's; an officer has to choose.`;
    const summary = `${describeFacts(facts, state.namer)} ${why}`;
    const personIds = [...groups.flatMap((g) => (g.draft ? [g.draft.ref] : [])), ...(holder ? [holder.ref] : [])];
    state.conflict({
      kind: groups.length > 1 ? 'discord_user_claimed' : 'discord_user_taken',
      characterIds: claims.map((cl) => cl.characterId),
      discordUserIds: [userId],
      personIds,
      facts,
      summary,
    });
    for (const cl of claims) state.suggest(cl.characterId, userId, cl.score, method, summary, [cl.fact]);
    return;
  }
  if (method === 'exact_name' && nameWouldRaise(state, userId, groups[0], claims, facts)) return;
  const score = Math.max(...claims.map((cl) => cl.score));
  const summary = describeFacts(facts, state.namer);
  let draft = groups[0].draft;
  if (!draft) {
    // A lone character and its Discord user: a new member, both linked by the same evidence.
    const characterId = claims[0].characterId;
    draft = state.newDraft(`new:${characterId}`, null, null);
    draft.mainCharacterId = characterId;
    state.attachCharacter(draft, characterId);
    state.addLink(draft, { characterId, discordUserId: null }, method, score, summary, facts);
  }
  state.attachUser(draft, userId);
  state.addLink(draft, { characterId: null, discordUserId: userId }, method, score, summary, facts);
}

/**
 * Why a claim on a user who is already a member's moves nothing. When that member has a character
 * of the claiming character's name (one player's characters on several realms, one of them
 * confirmed or linked), the suggestion that follows is to add this one to that member.
 */
function takenWhy(state: MatchState, holder: Draft, userId: string, claims: readonly UserClaim[]): string {
  const user = state.namer.discordUser(userId);
  const how = state.methodText(holder, `d:${userId}`);
  const claimKeys = new Set(claims.flatMap((cl) => {
    const c = state.characterById.get(cl.characterId);
    return c ? [state.keyOf(c)] : [];
  }));
  const namesakes = [...holder.characterIds].sort(byString).filter((id) => {
    const c = state.characterById.get(id);
    return c !== undefined && claimKeys.has(state.keyOf(c));
  });
  if (namesakes.length > 0) {
    const claimed = state.characterList([...new Set(claims.map((cl) => cl.characterId))]);
    return `${user} is already ${state.memberText(holder)} (${how}), which has ${state.characterList(namesakes)} of the same name: one player may well play both, so an officer may add ${claimed} to that member.`;
  }
  return `But ${user} is already ${state.memberText(holder)} (${how}), with ${state.characterList([...holder.characterIds])}; nothing is moved.`;
}

/**
 * A name match gives the Discord user the rank of the member it joins. Display names are chosen
 * by their owners, so by itself it may give at most Member, or what the user's Discord roles
 * already show; above that it is a suggestion, and an officer's confirmation decides. True when
 * it was turned into suggestions (and recorded as a conflict).
 */
function nameWouldRaise(
  state: MatchState,
  userId: string,
  group: ClaimGroup,
  claims: readonly UserClaim[],
  facts: EvidenceFact[],
): boolean {
  const characters = (group.draft ? [...group.draft.characterIds] : [claims[0].characterId])
    .map((id) => state.characterById.get(id))
    .filter((c): c is MatchCharacter => c !== undefined);
  const level = memberRank(characters, state.input.ranks ?? DEFAULT_RANK_TABLE, group.draft?.rankOverride ?? null).level ?? 1;
  const shown = state.userById.get(userId)?.guildRoleLevel ?? null;
  if (level <= MAX_RANK_BY_NAME || (shown !== null && shown >= level)) return false;
  const user = state.namer.discordUser(userId);
  const summary = `${describeFacts(facts, state.namer)} Linking would make ${user} ${rankLevelName(level as RankLevel)}, which ${
    shown === null
      ? 'no guild role of theirs on Discord shows'
      : `is above the guild role they hold on Discord (${rankLevelName(shown as RankLevel)})`
  }; a name alone gives at most ${rankLevelName(MAX_RANK_BY_NAME as RankLevel)}, so an officer has to confirm it.`;
  state.conflict({
    kind: 'name_would_raise_rank',
    characterIds: claims.map((cl) => cl.characterId),
    discordUserIds: [userId],
    personIds: group.draft?.personId ? [group.draft.ref] : [],
    facts,
    summary,
  });
  for (const cl of claims) state.suggest(cl.characterId, userId, cl.score, 'exact_name', summary, [cl.fact]);
  return true;
}
