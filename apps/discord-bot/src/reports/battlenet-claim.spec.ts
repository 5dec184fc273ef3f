import type { CharactersClaimedPayload } from '@patt/contracts';
import { battlenetClaimMessage } from './battlenet-claim';

const claim = (change: Partial<CharactersClaimedPayload> = {}): CharactersClaimedPayload => ({
  personId: '11111111-1111-4111-8111-111111111111',
  discordUserId: '200000000000000001',
  battlenetAccountId: 4242,
  battletag: 'Trog#1234',
  linkedCharacterIds: ['a', 'b', 'c'],
  waitingBlizzardIds: [],
  conflictCharacterIds: [],
  at: '2026-12-06T12:00:00.000Z',
  ...change,
});

describe('the audit channel’s line for a Battle.net claim', () => {
  it('names the member by a mention that pings nobody, and counts the characters linked', () => {
    expect(battlenetClaimMessage(claim())).toEqual({
      content: '<@200000000000000001> (Trog#1234) linked 3 characters with Battle.net.',
      allowed_mentions: { parse: [] },
    });
  });

  it('says what waits to join and what an officer has to look at', () => {
    expect(battlenetClaimMessage(claim({ linkedCharacterIds: ['a'], waitingBlizzardIds: [7], conflictCharacterIds: ['x', 'y'] }))?.content).toBe(
      "<@200000000000000001> (Trog#1234) linked 1 character with Battle.net; 1 character not in the guild, linked when it joins; 2 characters an officer's decision holds elsewhere: see Issues (claim conflict).",
    );
    expect(battlenetClaimMessage(claim({ linkedCharacterIds: [], waitingBlizzardIds: [7, 8] }))?.content).toBe(
      '<@200000000000000001> (Trog#1234) linked 0 characters with Battle.net; 2 characters not in the guild, linked when they join.',
    );
  });

  it('does without a battletag or a Discord account', () => {
    expect(battlenetClaimMessage(claim({ discordUserId: null, battletag: null, linkedCharacterIds: ['a', 'b'] }))?.content).toBe(
      'A member without a linked Discord account linked 2 characters with Battle.net.',
    );
  });

  it('is not posted when the claim changed nothing', () => {
    expect(battlenetClaimMessage(claim({ linkedCharacterIds: [], waitingBlizzardIds: [], conflictCharacterIds: [] }))).toBeNull();
  });
});
