import { Injectable, Logger } from '@nestjs/common';
import { Ballot, BallotPick, ErrorCode } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { CampaignLifecycle } from './campaign-lifecycle';
import { VotersRepository } from '../accounts/voters.repository';
import { CampaignsRepository } from './campaigns.repository';

/** The most ballots of one campaign cast in one transaction. */
export const MAX_BATCH = 64;

/** A ballot checked against everything that cannot change while its campaign is live, ready to cast. */
export interface BallotToCast {
  id: string;
  personId: string;
  userId: string;
  /** In rank order. */
  picks: BallotPick[];
  /** Where each pick counts in the campaign's running sums (see LiveSums), 1-based. */
  cells: number[];
}

interface Waiting {
  ballot: BallotToCast;
  resolve: (ballot: Ballot) => void;
  reject: (error: unknown) => void;
}

const notLive = () => new ServiceException(ErrorCode.CampaignNotLive, 'The campaign has closed: ballots are taken only while it is live.');
const alreadyVoted = () => new ServiceException(ErrorCode.AlreadyVoted, 'You have voted in this campaign already; a ballot is final.');

/**
 * Casts a campaign's ballots in batches. A campaign's ballots are ordered by its row lock, held to
 * the commit (that is what makes its milestones and its close exact), so one campaign takes one
 * transaction at a time and a commit's time would bound its rate. The ballots that arrive while
 * one transaction runs wait for it and are cast together in the next one: under the lock, in
 * arrival order, each ballot is decided (cast, or refused as a second ballot of its member, or as
 * too late once the campaign closed) and followed by the milestones it reached, exactly as if it
 * were alone, and they share the statements that store them and one commit. None is answered
 * before that commit; if it fails, every ballot of the batch fails with it and none is stored.
 * Replicas batch their own ballots; the row lock orders their batches.
 */
@Injectable()
export class BallotBatches {
  private readonly logger = new Logger(BallotBatches.name);
  private readonly waiting = new Map<string, Waiting[]>();

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly voters: VotersRepository,
    private readonly lifecycle: CampaignLifecycle,
  ) {}

  cast(campaignId: string, ballot: BallotToCast): Promise<Ballot> {
    return new Promise<Ballot>((resolve, reject) => {
      const queue = this.waiting.get(campaignId);
      if (queue) {
        queue.push({ ballot, resolve, reject });
        return;
      }
      this.waiting.set(campaignId, [{ ballot, resolve, reject }]);
      void this.drain(campaignId);
    });
  }

  /** Casts the campaign's waiting ballots, a batch at a time, until none waits. */
  private async drain(campaignId: string): Promise<void> {
    for (;;) {
      const queue = this.waiting.get(campaignId) as Waiting[];
      if (queue.length === 0) {
        this.waiting.delete(campaignId);
        return;
      }
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const outcomes = await this.castBatch(campaignId, batch.map((waiting) => waiting.ballot));
        batch.forEach((waiting, index) => {
          const outcome = outcomes[index] as Ballot | ServiceException;
          if (outcome instanceof ServiceException) waiting.reject(outcome);
          else waiting.resolve(outcome);
        });
      } catch (error) {
        this.logger.error({ err: error, campaignId, ballots: batch.length }, 'a batch of ballots failed; none of them was stored');
        for (const waiting of batch) waiting.reject(error);
      }
    }
  }

  /** One transaction: each ballot's outcome, in order, once committed. */
  private castBatch(campaignId: string, ballots: readonly BallotToCast[]): Promise<Array<Ballot | ServiceException>> {
    return this.campaigns.transaction(async (manager) => {
      // The lock, and meanwhile (on other connections) what a live campaign's lock does not
      // guard: its entries (fixed at the opening) and the eligible voters, counted for the batch.
      const [campaign, entries, eligibleByRank] = await Promise.all([
        this.campaigns.findWithSums(campaignId, manager, true),
        this.campaigns.entries(campaignId),
        this.voters.eligibleByRank(),
      ]);
      const now = new Date();
      if (!campaign || campaign.status !== 'live' || now >= campaign.endsAt) return ballots.map(() => notLive());
      const eligible = eligibleByRank[campaign.minRankToVote] ?? 0;
      // Turnout is of eligible voters: those who voted before this batch (read under the lock), and
      // which of this batch's voters are eligible.
      const [eligibleBefore, eligibleHere] = await Promise.all([
        this.voters.eligibleVoted(campaignId, campaign.minRankToVote, manager),
        this.voters.eligibleAmong(ballots.map((b) => b.personId), campaign.minRankToVote),
      ]);
      let eligibleVoted = eligibleBefore;
      const outcomes: Array<Ballot | ServiceException> = new Array(ballots.length);
      // A member's second ballot in the batch is refused here; a ballot cast before, by the constraint.
      const members = new Set<string>();
      const candidates: number[] = [];
      ballots.forEach((ballot, index) => {
        if (members.has(ballot.personId)) outcomes[index] = alreadyVoted();
        else {
          members.add(ballot.personId);
          candidates.push(index);
        }
      });
      const castAt = await this.campaigns.insertBallots(manager, campaignId, candidates.map((index) => ballots[index] as BallotToCast));
      const state = { ...campaign, placeCounts: [...campaign.placeCounts], milestoneKeys: [...campaign.milestoneKeys] };
      let closing = false;
      const tooLate: string[] = [];
      for (const index of candidates) {
        const ballot = ballots[index] as BallotToCast;
        const at = castAt.get(ballot.id);
        if (!at) {
          outcomes[index] = alreadyVoted();
          continue;
        }
        if (closing) {
          // Cast with the batch, but the campaign closed at an earlier ballot of it: taken back.
          tooLate.push(ballot.id);
          outcomes[index] = notLive();
          continue;
        }
        state.voted += 1;
        if (eligibleHere.has(ballot.personId)) eligibleVoted += 1;
        for (const cell of ballot.cells) state.placeCounts[cell - 1] = (state.placeCounts[cell - 1] ?? 0) + 1;
        outcomes[index] = { id: ballot.id, campaignId, picks: ballot.picks, castAt: at.toISOString() };
        closing = await this.lifecycle.afterBallot(manager, state, { entries, eligible, eligibleVoted }, now);
      }
      await this.campaigns.deleteBallots(manager, tooLate);
      await this.campaigns.saveSums(manager, campaignId, state.voted, state.placeCounts);
      if (closing) await this.lifecycle.close(manager, state, 'all_voted', now);
      return outcomes;
    });
  }
}
