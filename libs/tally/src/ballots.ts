// The campaign as the count sees it: its entries by position, and each ballot as the positions of
// the entries it ranks, best first. Counting on small integers keeps 5,000 ballots × 50 entries
// well inside the results' time budget.
import type { BallotPick, Entry } from '@patt/contracts';

/** What the count needs of an entry (an API `Entry` will do). */
export type TallyEntry = Pick<Entry, 'id' | 'name'>;

/** What the count needs of a ballot (an API `Ballot` will do): its picks, in any order. */
export interface TallyBallot {
  readonly picks: readonly BallotPick[];
}

/**
 * A ballot that is not one of this campaign's: the campaigns service refuses such ballots at the
 * door (400), so meeting one here is a programming error, and the count stops rather than guess.
 */
export class TallyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TallyError';
  }
}

export function checkPicksPerVoter(picksPerVoter: number): void {
  if (!Number.isInteger(picksPerVoter) || picksPerVoter < 1) {
    throw new TallyError(`picksPerVoter must be a whole number of at least 1, not ${picksPerVoter}`);
  }
}

/** Entry ids to their positions; a repeated id is an error (results name every entry once). */
export function indexEntries(entries: readonly TallyEntry[]): Map<string, number> {
  const index = new Map<string, number>();
  entries.forEach((entry, position) => {
    if (index.has(entry.id)) throw new TallyError(`entry ${entry.id} is listed twice`);
    index.set(entry.id, position);
  });
  return index;
}

/**
 * One ballot as entry positions in rank order (`[rank 1, rank 2, …]`), checked: exactly
 * `picksPerVoter` picks of different entries of the campaign, ranks 1..picksPerVoter each once.
 * `scratch` (one slot per entry, all 0) is reused from ballot to ballot and left all 0 again, also
 * when the ballot is refused (LiveStandings goes on counting after a refusal).
 */
export function rankedPositions(
  ballot: TallyBallot,
  entryIndex: ReadonlyMap<string, number>,
  picksPerVoter: number,
  scratch: Int32Array,
  label: string,
): Int32Array {
  const picks = ballot.picks;
  if (picks.length !== picksPerVoter) {
    throw new TallyError(`${label} has ${picks.length} picks; the campaign asks for ${picksPerVoter}`);
  }
  const ranked = new Int32Array(picksPerVoter).fill(-1);
  try {
    for (const pick of picks) {
      const position = entryIndex.get(pick.entryId);
      if (position === undefined) throw new TallyError(`${label} picks ${pick.entryId}, which is not an entry of the campaign`);
      const rank = pick.rank;
      if (!Number.isInteger(rank) || rank < 1 || rank > picksPerVoter) {
        throw new TallyError(`${label} ranks ${pick.entryId} ${rank}; ranks run from 1 to ${picksPerVoter}`);
      }
      if (ranked[rank - 1] !== -1) throw new TallyError(`${label} uses rank ${rank} twice`);
      if (scratch[position] === 1) throw new TallyError(`${label} picks ${pick.entryId} twice`);
      scratch[position] = 1;
      ranked[rank - 1] = position;
    }
  } finally {
    for (let r = 0; r < picksPerVoter; r++) if (ranked[r] !== -1) scratch[ranked[r]] = 0;
  }
  return ranked;
}
