import type { LinkMethod } from '@patt/contracts';
import { decideClaim, type ClaimContext, type ClaimDecision } from './claim-rules';

const ME = 'person-me';
const OTHER = 'person-other';
const MY_DISCORD = '100000000000000001';
const CHAR = 'char-1';

function ctx(over: Partial<ClaimContext> = {}): ClaimContext {
  return {
    personId: ME,
    discordUserId: MY_DISCORD,
    character: { id: CHAR, inGuild: true },
    holder: null,
    rejectedUsers: new Set(),
    ...over,
  };
}
const held = (personId: string, method: LinkMethod) => ({ holder: { personId, method } });

describe('a Battle.net claim of one character', () => {
  const table: Array<[string, Partial<ClaimContext>, ClaimDecision]> = [
    ['links a guild character nobody has', {}, { kind: 'link', characterId: CHAR, takesFrom: null }],
    // Outranks every automatic link, another member's or the claimant's own.
    ...(['exact_name', 'note_key', 'note_hint'] as const).map(
      (method): [string, Partial<ClaimContext>, ClaimDecision] => [
        `takes it from another member's automatic link (${method})`,
        held(OTHER, method),
        { kind: 'link', characterId: CHAR, takesFrom: { personId: OTHER, method } },
      ],
    ),
    ['replaces the member’s own automatic link with the claim', held(ME, 'exact_name'), { kind: 'link', characterId: CHAR, takesFrom: { personId: ME, method: 'exact_name' } }],
    // Never overrides an officer.
    ...(['manual', 'import', 'suggestion_confirmed'] as const).map(
      (method): [string, Partial<ClaimContext>, ClaimDecision] => [
        `is a conflict against another member's officer link (${method})`,
        held(OTHER, method),
        { kind: 'conflict', characterId: CHAR, reason: 'officer_link', holder: { personId: OTHER, method } },
      ],
    ),
    ['keeps an officer’s link that already makes it the member’s', held(ME, 'manual'), { kind: 'keep', characterId: CHAR }],
    ['keeps an earlier claim of the member', held(ME, 'battlenet'), { kind: 'keep', characterId: CHAR }],
    ['is a conflict against another member’s claim', held(OTHER, 'battlenet'), { kind: 'conflict', characterId: CHAR, reason: 'other_claim', holder: { personId: OTHER, method: 'battlenet' } }],
    ['is a conflict when an officer rejected the character for the member’s Discord user', { rejectedUsers: new Set([MY_DISCORD]) }, { kind: 'conflict', characterId: CHAR, reason: 'rejected', holder: null }],
    [
      'is a conflict when rejected, even against an automatic link it would otherwise take',
      { rejectedUsers: new Set([MY_DISCORD]), ...held(OTHER, 'exact_name') },
      { kind: 'conflict', characterId: CHAR, reason: 'rejected', holder: { personId: OTHER, method: 'exact_name' } },
    ],
    ['ignores rejections of other Discord users', { rejectedUsers: new Set(['100000000000000002']) }, { kind: 'link', characterId: CHAR, takesFrom: null }],
    ['ignores rejections when the member has no Discord user', { discordUserId: null, rejectedUsers: new Set([MY_DISCORD]) }, { kind: 'link', characterId: CHAR, takesFrom: null }],
    ['waits for a character the roster has never seen', { character: undefined }, { kind: 'wait' }],
    ['waits for a character not in the guild (it links when it joins)', { character: { id: CHAR, inGuild: false }, ...held(OTHER, 'exact_name') }, { kind: 'wait' }],
  ];
  it.each(table)('%s', (_what, over, expected) => {
    expect(decideClaim(ctx(over))).toEqual(expected);
  });

  it('links a remembered character once it has joined', () => {
    const before = decideClaim(ctx({ character: undefined }));
    const after = decideClaim(ctx({ character: { id: CHAR, inGuild: true } }));
    expect([before.kind, after.kind]).toEqual(['wait', 'link']);
  });
});
