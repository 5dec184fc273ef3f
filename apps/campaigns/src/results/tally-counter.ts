import { Injectable } from '@nestjs/common';
import { CampaignLeader, CampaignResults, ResultEntry, VotingMethod } from '@patt/contracts';
import { isLeadChange, leaderOf, LiveStandings, tallyResults } from '@patt/tally';
import { CountInput, PlaceCount, ResultsCounter } from './results-counter';

/** The results step, counted by libs/tally. */
@Injectable()
export class TallyCounter extends ResultsCounter {
  results(input: CountInput): CampaignResults {
    return tallyResults(input);
  }

  standings(entries: ReadonlyArray<{ id: string; name: string }>, picksPerVoter: number, counts: readonly PlaceCount[]): ResultEntry[] {
    return LiveStandings.fromPlaceCounts(entries, picksPerVoter, counts).standings();
  }

  leader(method: VotingMethod, standings: readonly ResultEntry[]): CampaignLeader | null {
    return leaderOf(method, standings);
  }

  isLeadChange(lastLeaderId: string | null, leader: CampaignLeader | null): boolean {
    return isLeadChange(lastLeaderId, leader);
  }
}
