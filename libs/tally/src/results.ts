// A campaign's results from its entries and ballots, in the contract's shape (`CampaignResults` of libs/contracts).
import type { CampaignResults, VotingMethod } from '@patt/contracts';
import { checkPicksPerVoter, indexEntries, rankedPositions, type TallyBallot, type TallyEntry } from './ballots';
import { addRanked, emptyPlaceCounts, pointsStandings, pointsWinners, type PlaceCountTable } from './points';
import { instantRunoff } from './runoff';

export interface TallyInput {
  campaignId: string;
  method: VotingMethod;
  picksPerVoter: number;
  /** Every entry of the campaign, in `sortOrder`: entries still equal keep this order. */
  entries: readonly TallyEntry[];
  /** Every ballot cast, each exactly `picksPerVoter` picks (else a TallyError). */
  ballots: readonly TallyBallot[];
  /** True once the campaign closed. */
  final: boolean;
  eligible: number;
}

/** The ballots checked and counted by place, ready for either method. */
export interface CountedBallots {
  ranked: Int32Array[];
  table: PlaceCountTable;
}

export function countBallots(entries: readonly TallyEntry[], ballots: readonly TallyBallot[], picksPerVoter: number): CountedBallots {
  checkPicksPerVoter(picksPerVoter);
  const entryIndex = indexEntries(entries);
  const table = emptyPlaceCounts(entries.length, picksPerVoter);
  const scratch = new Int32Array(entries.length);
  const ranked = ballots.map((ballot, index) => {
    const positions = rankedPositions(ballot, entryIndex, picksPerVoter, scratch, `ballot ${index + 1}`);
    addRanked(table, positions);
    return positions;
  });
  return { ranked, table };
}

/**
 * The results of a campaign by its method, every entry present. Points: entries in place order,
 * the winners the entries of place 1. Instant runoff: every round, and the entries with the
 * winners first (see `instantRunoff`). With no ballots every entry shares place 1 and no one wins.
 */
export function tallyResults(input: TallyInput): CampaignResults {
  const { ranked, table } = countBallots(input.entries, input.ballots, input.picksPerVoter);
  const base = { campaignId: input.campaignId, method: input.method, final: input.final, eligible: input.eligible, voted: ranked.length };
  if (input.method === 'instant_runoff') {
    const runoff = instantRunoff(input.entries, ranked, table);
    return { ...base, entries: runoff.entries, rounds: runoff.rounds, winnerIds: runoff.winnerIds };
  }
  const standings = pointsStandings(input.entries, table);
  return { ...base, entries: standings, winnerIds: pointsWinners(standings) };
}
