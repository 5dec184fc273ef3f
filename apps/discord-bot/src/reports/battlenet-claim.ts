import type { CharactersClaimedPayload } from '@patt/contracts';
import type { OutgoingMessage } from '../discord/discord-guild';

const characters = (n: number) => `${n} character${n === 1 ? '' : 's'}`;

/**
 * The audit channel's line when a member's Battle.net account proved characters ("Link
 * Battle.net", "Refresh my characters"): who, how many were linked, and what waits or needs an
 * officer. Nothing when the claim changed nothing (a refresh that found the same characters).
 * The member is named by a mention that notifies nobody.
 */
export function battlenetClaimMessage(claim: CharactersClaimedPayload): OutgoingMessage | null {
  const linked = claim.linkedCharacterIds.length;
  const waiting = claim.waitingBlizzardIds.length;
  const held = claim.conflictCharacterIds.length;
  if (linked + waiting + held === 0) return null;
  const who = claim.discordUserId ? `<@${claim.discordUserId}>` : 'A member without a linked Discord account';
  const account = claim.battletag ? ` (${claim.battletag})` : '';
  const more = [
    waiting ? `${characters(waiting)} not in the guild, linked when ${waiting === 1 ? 'it joins' : 'they join'}` : '',
    held ? `${characters(held)} an officer's decision holds elsewhere: see Issues (claim conflict)` : '',
  ].filter(Boolean);
  return {
    content: `${who}${account} linked ${characters(linked)} with Battle.net${more.length ? `; ${more.join('; ')}` : ''}.`,
    allowed_mentions: { parse: [] },
  };
}
