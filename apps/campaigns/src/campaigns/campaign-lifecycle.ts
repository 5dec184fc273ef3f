import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BallotPick,
  CampaignAnnouncementTarget,
  CampaignLeader,
  CampaignMilestone,
  campaignPath,
  CampaignResults,
  CloseReason,
  Entry,
  Events,
  ResultEntry,
} from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { VotersRepository } from '../accounts/voters.repository';
import { ResultsCounter } from '../results/results-counter';
import { allVoted, percentVoted, timeLeftMilestone, turnoutMilestones } from './campaign-rules';
import { CampaignRecord, CampaignsRepository, EntryRecord, LiveSums } from './campaigns.repository';

/** An entry as the API shows it (without the running sums). */
export function entryOf(entry: EntryRecord): Entry {
  return { id: entry.id, name: entry.name, description: entry.description, imageUrl: entry.imageUrl, sortOrder: entry.sortOrder, personId: entry.personId };
}

/**
 * What changes a campaign's status and what it reaches while live, each in the transaction of the
 * request, ballot or tick that caused it and under the campaign's row lock (the caller holds it):
 * opening, closing with the results counted and stored, and the milestones, each decided once and
 * announced as an event numbered in the campaign's sequence.
 */
@Injectable()
export class CampaignLifecycle {
  private readonly logger = new Logger(CampaignLifecycle.name);

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly voters: VotersRepository,
    private readonly events: EventPublisher,
    private readonly counter: ResultsCounter,
  ) {}

  /** Opens a draft (locked): live from now (an officer) or from its startsAt (the schedule). */
  async open(manager: EntityManager, campaign: CampaignRecord, by: 'officer' | 'schedule', now: Date): Promise<CampaignRecord> {
    const opened = await this.campaigns.open(manager, campaign, by, now);
    const entries = await this.campaigns.entries(opened.id, manager);
    const eligible = await this.voters.eligible(opened.minRankToVote, manager);
    const sequence = await this.campaigns.nextSequence(manager, opened.id);
    await this.events.emit(manager, Events.CampaignOpened, {
      ...this.target(opened, sequence),
      description: opened.description,
      picksPerVoter: opened.picksPerVoter,
      minRankToVote: opened.minRankToVote,
      startsAt: opened.startsAt.toISOString(),
      openedAt: now.toISOString(),
      openedBy: by,
      entries: entries.map(entryOf),
      eligible,
    });
    this.logger.log({ campaignId: opened.id, by, endsAt: opened.endsAt.toISOString(), eligible }, 'campaign opened');
    return { ...opened, eventSequence: sequence };
  }

  /** Closes a live campaign (locked): its results counted from every ballot and stored, final. */
  async close(manager: EntityManager, campaign: CampaignRecord, reason: CloseReason, now: Date): Promise<CampaignRecord> {
    const [eligible, eligibleVoted] = await Promise.all([
      this.voters.eligible(campaign.minRankToVote, manager),
      this.voters.eligibleVoted(campaign.id, campaign.minRankToVote, manager),
    ]);
    const [entries, ballots] = await Promise.all([this.campaigns.entries(campaign.id, manager), this.campaigns.allBallots(campaign.id, manager)]);
    const closed = await this.campaigns.close(manager, campaign.id, reason, eligible, now);
    const results = this.counter.results({
      campaignId: campaign.id,
      method: campaign.method,
      picksPerVoter: campaign.picksPerVoter,
      entries,
      ballots,
      final: true,
      eligible,
    });
    await this.campaigns.saveResults(manager, results);
    const sequence = await this.campaigns.nextSequence(manager, campaign.id);
    await this.events.emit(manager, Events.CampaignClosed, {
      ...this.target(closed, sequence),
      closedAt: now.toISOString(),
      reason,
      allVoted: allVoted(eligibleVoted, eligible),
      results,
    });
    this.logger.log({ campaignId: campaign.id, reason, voted: closed.voted, eligible }, 'campaign closed; results final');
    return { ...closed, eventSequence: sequence };
  }

  /**
   * After a ballot, in its transaction (the campaign locked; `campaign` is its state as the ballot
   * left it: count and running sums include the ballot, and this keeps the rest of it up to date
   * as it goes: milestones reached, leader, event sequence): the milestones of turnout and of the
   * lead the ballot reached, each once. Turnout is the eligible voters who have voted
   * (`eligibleVoted`, this ballot's voter included when eligible) of those eligible: a ballot of a
   * member the projection does not know yet counts as cast, not towards "all voted". Whether every eligible voter has now voted and the campaign
   * is to close early (the caller closes it, once the ballot's batch is in order for the count).
   */
  async afterBallot(
    manager: EntityManager,
    campaign: CampaignRecord & LiveSums,
    state: { entries: readonly EntryRecord[]; eligible: number; eligibleVoted: number },
    now: Date,
  ): Promise<boolean> {
    const { eligible, eligibleVoted } = state;
    const reached = new Set(campaign.milestoneKeys);
    const { standings, leader } = this.standings(campaign, state.entries);
    const due: Array<{ milestone: CampaignMilestone; key: string; previousLeader: CampaignLeader | null }> = turnoutMilestones(eligibleVoted, eligible)
      .filter((milestone) => !reached.has(milestone))
      .map((milestone) => ({ milestone, key: milestone, previousLeader: null }));
    if (leader && this.counter.isLeadChange(campaign.leaderEntryId, leader)) {
      const previous = state.entries.find((entry) => entry.id === campaign.leaderEntryId);
      campaign.leadChanges += 1;
      due.push({ milestone: 'lead_change', key: `lead_change:${campaign.leadChanges}`, previousLeader: previous ? { entryId: previous.id, name: previous.name } : null });
    }
    if (leader && leader.entryId !== campaign.leaderEntryId) {
      campaign.leaderEntryId = leader.entryId;
      await this.campaigns.setLeader(manager, campaign.id, leader.entryId, campaign.leadChanges);
    }
    for (const milestone of due) {
      await this.reach(manager, campaign, { ...milestone, eligible, eligibleVoted, standings, leader, now });
      campaign.milestoneKeys.push(milestone.key);
    }
    return campaign.earlyCloseWhenAllVoted && allVoted(eligibleVoted, eligible);
  }

  /** At a schedule tick (the campaign locked, live): "24 hours left" or "1 hour left", once, when due. */
  async timeLeft(manager: EntityManager, campaign: CampaignRecord & LiveSums, now: Date): Promise<CampaignMilestone | null> {
    if (campaign.status !== 'live' || !campaign.openedAt) return null;
    const milestone = timeLeftMilestone(campaign.openedAt, campaign.endsAt, now);
    if (!milestone || campaign.milestoneKeys.includes(milestone)) return null;
    const [eligible, eligibleVoted] = await Promise.all([
      this.voters.eligible(campaign.minRankToVote, manager),
      this.voters.eligibleVoted(campaign.id, campaign.minRankToVote, manager),
    ]);
    const { standings, leader } = this.standings(campaign, await this.campaigns.entries(campaign.id, manager));
    await this.reach(manager, campaign, { milestone, key: milestone, previousLeader: null, eligible, eligibleVoted, standings, leader, now });
    return milestone;
  }

  /** The live standings from a campaign's running sums, and who leads them. */
  private standings(campaign: CampaignRecord & LiveSums, entries: readonly EntryRecord[]): { standings: ResultEntry[]; leader: CampaignLeader | null } {
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    const ordered = campaign.entryIds.map((id) => ({ id, name: byId.get(id)?.name ?? id }));
    const standings = this.counter.standings(ordered, campaign.picksPerVoter, this.campaigns.placeCounts(campaign, campaign.picksPerVoter));
    return { standings, leader: this.counter.leader(campaign.method, standings) };
  }

  /** Live standings (not final) as results, for those who voted. */
  liveResults(campaign: CampaignRecord, entries: readonly EntryRecord[], ballots: ReadonlyArray<{ picks: readonly BallotPick[] }>, eligible: number): CampaignResults {
    return this.counter.results({ campaignId: campaign.id, method: campaign.method, picksPerVoter: campaign.picksPerVoter, entries, ballots, final: false, eligible });
  }

  private async reach(
    manager: EntityManager,
    campaign: CampaignRecord,
    reached: {
      milestone: CampaignMilestone;
      key: string;
      previousLeader: CampaignLeader | null;
      eligible: number;
      eligibleVoted: number;
      standings: ResultEntry[];
      leader: CampaignLeader | null;
      now: Date;
    },
  ): Promise<void> {
    const sequence = await this.campaigns.nextSequence(manager, campaign.id);
    const recorded = await this.campaigns.recordMilestone(manager, {
      campaignId: campaign.id,
      key: reached.key,
      milestone: reached.milestone,
      sequence,
      reachedAt: reached.now,
      voted: campaign.voted,
      eligible: reached.eligible,
    });
    // Under the row lock nothing else records this campaign's milestones; a refusal here is a bug.
    if (!recorded) throw new Error(`milestone ${reached.key} of campaign ${campaign.id} was recorded twice`);
    await this.events.emit(manager, Events.CampaignMilestone, {
      ...this.target(campaign, sequence),
      milestone: reached.milestone,
      key: reached.key,
      reachedAt: reached.now.toISOString(),
      counts: { eligible: reached.eligible, voted: campaign.voted, percentVoted: percentVoted(reached.eligibleVoted, reached.eligible) },
      standings: reached.standings,
      leader: reached.leader,
      previousLeader: reached.previousLeader,
    });
    campaign.eventSequence = sequence;
    this.logger.log({ campaignId: campaign.id, key: reached.key, sequence, voted: campaign.voted, eligible: reached.eligible }, 'campaign milestone reached');
  }

  private target(campaign: CampaignRecord, sequence: number): CampaignAnnouncementTarget {
    return {
      campaignId: campaign.id,
      title: campaign.title,
      path: campaignPath(campaign.id),
      discordChannelId: campaign.discordChannelId,
      announcements: { enabled: campaign.announcementsEnabled, chattiness: campaign.chattiness },
      minRankToView: campaign.minRankToView,
      method: campaign.method,
      endsAt: campaign.endsAt.toISOString(),
      sequence,
    };
  }
}
