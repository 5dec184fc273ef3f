import { currentContext } from '@patt/service-kit';

/** Who decided (an officer linking, confirming, rejecting, asking for a report), as recorded with the decision. */
export interface Decider {
  userId: string | null;
  username: string | null;
}

/** The officer making the request in hand, for the record of who linked or separated what. */
export function currentDecider(): Decider {
  const actor = currentContext()?.actor;
  return { userId: actor?.userId ?? null, username: actor?.username ?? null };
}
