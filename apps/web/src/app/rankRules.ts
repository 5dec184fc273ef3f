// The rank rules, as the API applies them (auth to accounts and invites, identity to ranks), so a
// page can say beforehand why an action is not offered. The rules themselves are the contracts'
// (`@patt/contracts/rules`, the module the services run, loaded through its own entry point so
// the app takes in no DTO classes); this only puts the signed-in user and a member in their terms.
// The API stays the judge: it refuses with the same sentence whatever the page showed.
import type { RankLevel } from '@patt/contracts';
import { rankLevelName, rankRuleVerdict as contractVerdict, type MemberAction, type RankRuleVerdict } from '@patt/contracts/rules';
import type { RankRef, User } from '../api/types';

export type { MemberAction, RankRuleVerdict };

/**
 * May the signed-in `user` do `action` to the member `target`? The Guild Leader may do all of it;
 * an officer acts only on members ranked below themselves and never on themselves; anyone below
 * Officer (or no one signed in) does none of it. A change of rank also needs the rank it gives
 * (`grant`). Ranks are named as the rank table names them.
 */
export function rankRuleVerdict(
  action: MemberAction,
  user: Pick<User, 'personId' | 'rank'> | null,
  target: { id: string; rank: RankRef },
  grant?: RankLevel,
): RankRuleVerdict {
  const names = new Map<number, string>(user ? [[user.rank.level, user.rank.name]] : []);
  names.set(target.rank.level, target.rank.name);
  return contractVerdict(
    action,
    // Signed out: no rank, which the rules treat as any rank below Officer.
    { rank: user?.rank.level ?? 1, personId: user?.personId ?? null },
    { personId: target.id, rank: target.rank.level },
    grant,
    (level) => names.get(level) ?? rankLevelName(level),
  );
}
