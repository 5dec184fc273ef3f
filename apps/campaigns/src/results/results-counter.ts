import { BallotPick, CampaignLeader, CampaignResults, ResultEntry, VotingMethod } from '@patt/contracts';

/** What a count needs: the campaign's method and picks, every entry (in sortOrder), every ballot. */
export interface CountInput {
  campaignId: string;
  method: VotingMethod;
  picksPerVoter: number;
  entries: ReadonlyArray<{ id: string; name: string }>;
  ballots: ReadonlyArray<{ picks: readonly BallotPick[] }>;
  final: boolean;
  eligible: number;
}

/** One cell of the running place counts: `count` ballots ranked `entryId` at `rank`. */
export interface PlaceCount {
  entryId: string;
  rank: number;
  count: number;
}

/**
 * The results step. The campaigns service stores and shows what this counts and never counts by
 * itself: points and instant runoff with the tie rules of docs/api.md ("Votes"), the live standings and who leads
 * are libs/tally's (TallyCounter).
 */
export abstract class ResultsCounter {
  /** The `results` of docs/api.md, every entry present. */
  abstract results(input: CountInput): CampaignResults;

  /** The live standings (by points, then firsts, seconds…) from the running place counts. */
  abstract standings(entries: ReadonlyArray<{ id: string; name: string }>, picksPerVoter: number, counts: readonly PlaceCount[]): ResultEntry[];

  /** The entry standing alone at the top of live standings under the method, or null. */
  abstract leader(method: VotingMethod, standings: readonly ResultEntry[]): CampaignLeader | null;

  /** Whether `leader` is a change from the entry that last led alone (the first leader is none). */
  abstract isLeadChange(lastLeaderId: string | null, leader: CampaignLeader | null): boolean;
}
