// What a Battle.net claim does to one character: pure, so its rules are a table (claim-rules.spec.ts).
//
// A member's own Battle.net account is the strongest evidence short of an officer: it outranks
// every automatic link (note key, note hint, exact name), and the character moves to the member.
// It never overrides what an officer decided: a character an officer linked to another member,
// or rejected for the member's Discord user, stays as it is, and the contradiction is raised for
// officers (`claim_conflict`). Another member's claim is a contradiction too (one character is on
// one Battle.net account). A character the guild does not have yet waits for its roster sync.
import type { LinkMethod } from '@patt/contracts';
import { OFFICER_LINK_METHODS } from '../matching';

/** A character as the claim needs it: the projection's, found by Blizzard id. */
export interface ClaimCharacter {
  id: string;
  inGuild: boolean;
}

/** The link that holds a character now. */
export interface ClaimHolder {
  personId: string;
  method: LinkMethod;
}

export interface ClaimContext {
  /** The member whose Battle.net account proved the character. */
  personId: string;
  /** That member's Discord user (officers' rejections name it); null when they have none. */
  discordUserId: string | null;
  /** The character by Blizzard id; undefined when the roster has never seen it. */
  character: ClaimCharacter | undefined;
  /** The link of that character, if any. */
  holder: ClaimHolder | null;
  /** Discord users an officer rejected for that character. */
  rejectedUsers: ReadonlySet<string>;
}

export type ConflictReason = 'officer_link' | 'other_claim' | 'rejected';

export type ClaimDecision =
  /** Not in the guild (or unknown to the roster): remembered, linked when it joins. */
  | { kind: 'wait' }
  /** Already the member's by an officer's link or a claim: nothing to do. */
  | { kind: 'keep'; characterId: string }
  /** Link it with method `battlenet`, taking it from the automatic link that holds it (if any). */
  | { kind: 'link'; characterId: string; takesFrom: ClaimHolder | null }
  /** An officer (or another member's claim) says otherwise: an issue for officers, no change. */
  | { kind: 'conflict'; characterId: string; reason: ConflictReason; holder: ClaimHolder | null };

export function decideClaim(ctx: ClaimContext): ClaimDecision {
  const { character, holder } = ctx;
  if (!character || !character.inGuild) return { kind: 'wait' };
  const characterId = character.id;
  if (holder?.personId === ctx.personId) {
    // The member's already; an automatic link of their own gives way to the stronger evidence.
    if (holder.method === 'battlenet' || OFFICER_LINK_METHODS.has(holder.method)) return { kind: 'keep', characterId };
    return { kind: 'link', characterId, takesFrom: holder };
  }
  if (ctx.discordUserId && ctx.rejectedUsers.has(ctx.discordUserId)) return { kind: 'conflict', characterId, reason: 'rejected', holder };
  if (holder && OFFICER_LINK_METHODS.has(holder.method)) return { kind: 'conflict', characterId, reason: 'officer_link', holder };
  if (holder?.method === 'battlenet') return { kind: 'conflict', characterId, reason: 'other_claim', holder };
  return { kind: 'link', characterId, takesFrom: holder };
}
