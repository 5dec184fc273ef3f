import { Injectable, Logger, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Actor,
  Ballot,
  Campaign,
  CAMPAIGN_LIMITS,
  CampaignChange,
  CampaignInput,
  CampaignResults,
  CampaignsQuery,
  CampaignViewer,
  campaignPath,
  CastBallotRequest,
  Entry,
  EntryChange,
  EntryInput,
  ErrorCode,
  LiveCampaign,
  Page,
  RankLevel,
} from '@patt/contracts';
import { Metrics, ServiceException } from '@patt/service-kit';
import { EntityManager } from 'typeorm';
import { EligibleByRank, VotersRepository } from '../accounts/voters.repository';
import { BallotBatches } from './ballot-batches';
import { ballotMetrics, ballotOutcome, BallotOutcome } from './ballot-metrics';
import { CampaignLifecycle, entryOf } from './campaign-lifecycle';
import { ballotProblems, mayView, OFFICER, percentVoted, votingRank } from './campaign-rules';
import { CampaignRecord, CampaignSettings, CampaignsRepository } from './campaigns.repository';

/** How far in the past a new start may be: a form's minute, a clock a little behind. */
export const START_GRACE_MS = 5 * 60_000;

const RANK_NAMES: Record<RankLevel, string> = { 1: 'Initiate', 2: 'Member', 3: 'Veteran', 4: 'Officer', 5: 'Guild Leader' };

const notFound = () => ServiceException.notFound('The campaign');

/**
 * The votes as the gateway asks for them. Who may see or change a campaign is decided here from
 * the actor the gateway sends (none for anonymous callers of the public routes): a campaign the
 * caller may not see is "not found", never "forbidden".
 */
@Injectable()
export class CampaignsService {
  private readonly logger = new Logger(CampaignsService.name);
  private readonly counted?: (outcome: BallotOutcome) => void;

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly voters: VotersRepository,
    private readonly lifecycle: CampaignLifecycle,
    private readonly ballots: BallotBatches,
    @Optional() metrics?: Metrics,
  ) {
    this.counted = metrics ? ballotMetrics(metrics) : undefined;
  }

  // --- reading -------------------------------------------------------------------------------

  async list(query: CampaignsQuery, actor: Actor | null): Promise<Page<Campaign>> {
    const rank = actor?.rank ?? 0;
    const officer = rank >= OFFICER;
    if (query.status === 'draft' && !officer) return { items: [], total: 0 };
    const { items, total } = await this.campaigns.list({ rank, officer, status: query.status }, query.limit ?? 50, query.offset ?? 0);
    return { items: await this.present(items, actor), total };
  }

  async get(id: string, actor: Actor | null): Promise<Campaign> {
    const campaign = await this.visible(id, actor);
    const [presented] = await this.present([campaign], actor);
    return { ...(presented as Campaign), entries: (await this.campaigns.entries(id)).map(entryOf) };
  }

  /** Live campaigns, soonest to close first, for the Discord bot's slash commands (it decides who sees which). */
  async live(): Promise<LiveCampaign[]> {
    const records = await this.campaigns.live(RankLevel.GuildLeader);
    const eligible = await this.voters.eligibleByRank();
    return records.map((c) => ({
      id: c.id,
      title: c.title,
      method: c.method,
      picksPerVoter: c.picksPerVoter,
      minRankToVote: c.minRankToVote,
      minRankToView: c.minRankToView,
      endsAt: c.endsAt.toISOString(),
      discordChannelId: c.discordChannelId,
      stats: stats(c, eligible),
      path: campaignPath(c.id),
    }));
  }

  async myBallot(id: string, actor: Actor): Promise<Ballot> {
    await this.visible(id, actor);
    const ballot = actor.personId ? await this.campaigns.ballotOf(id, actor.personId) : null;
    if (!ballot) throw ServiceException.notFound('Your ballot in this campaign');
    return ballot;
  }

  async results(id: string, actor: Actor | null): Promise<CampaignResults> {
    const campaign = await this.visible(id, actor);
    if (campaign.status === 'draft') throw new ServiceException(ErrorCode.CampaignNotLive, 'The campaign has not opened yet: there are no results before it does.');
    if (campaign.status === 'closed') {
      const stored = await this.campaigns.results(id);
      if (!stored) throw new Error(`closed campaign ${id} has no stored results`);
      return stored;
    }
    const voted = actor?.personId ? await this.campaigns.ballotOf(id, actor.personId) : null;
    if (!voted) throw new ServiceException(ErrorCode.VoteFirst, 'The standings of a live vote are shown to those who voted: cast your ballot first.');
    const [entries, ballots, eligible] = await Promise.all([
      this.campaigns.entries(id),
      this.campaigns.allBallots(id),
      this.voters.eligible(campaign.minRankToVote),
    ]);
    return this.lifecycle.liveResults(campaign, entries, ballots, eligible);
  }

  // --- officers: campaigns ---------------------------------------------------------------------

  async create(input: CampaignInput, actor: Actor): Promise<Campaign> {
    requireOfficer(actor);
    const settings = settingsOf(input, null);
    checkSettings(settings, actor, { startsAt: true, minRankToView: true }, new Date());
    const id = randomUUID();
    const created = await this.campaigns.transaction((manager) => this.campaigns.insert(manager, id, settings, { userId: actor.userId, username: actor.username }));
    this.logger.log({ campaignId: id, by: actor.userId }, 'campaign drafted');
    return { ...(await this.presentOne(created, actor)), entries: [] };
  }

  async update(id: string, change: CampaignChange, actor: Actor): Promise<Campaign> {
    requireOfficer(actor);
    const updated = await this.campaigns.transaction(async (manager) => {
      const campaign = await this.draftForChange(manager, id, actor);
      const settings = settingsOf(change, campaign);
      checkSettings(settings, actor, { startsAt: change.startsAt !== undefined, minRankToView: change.minRankToView !== undefined }, new Date());
      return this.campaigns.updateSettings(manager, id, settings);
    });
    return { ...(await this.presentOne(updated, actor)), entries: (await this.campaigns.entries(id)).map(entryOf) };
  }

  async delete(id: string, actor: Actor): Promise<null> {
    requireOfficer(actor);
    await this.campaigns.transaction(async (manager) => {
      const campaign = await this.lockedVisible(manager, id, actor);
      if (campaign.status === 'live') throw new ServiceException(ErrorCode.CampaignLive, 'The campaign is live: close it first, then delete it.');
      await this.campaigns.delete(manager, id);
    });
    this.logger.log({ campaignId: id, by: actor.userId }, 'campaign deleted');
    return null;
  }

  async open(id: string, actor: Actor): Promise<Campaign> {
    requireOfficer(actor);
    const opened = await this.campaigns.transaction(async (manager) => {
      const campaign = await this.lockedVisible(manager, id, actor);
      if (campaign.status !== 'draft') throw new ServiceException(ErrorCode.CampaignNotDraft, `The campaign is ${campaign.status} already: only a draft opens.`);
      const entries = await this.campaigns.countEntries(id, manager);
      if (entries < campaign.picksPerVoter) {
        throw new ServiceException(
          ErrorCode.TooFewEntries,
          `A ballot ranks ${campaign.picksPerVoter} entries and the campaign has ${entries}: add entries (or ask for fewer picks) before opening it.`,
        );
      }
      return this.lifecycle.open(manager, campaign, 'officer', new Date());
    });
    return this.presentWithEntries(opened, actor);
  }

  async close(id: string, actor: Actor): Promise<Campaign> {
    requireOfficer(actor);
    const closed = await this.campaigns.transaction(async (manager) => {
      const campaign = await this.lockedVisible(manager, id, actor);
      if (campaign.status !== 'live') throw new ServiceException(ErrorCode.CampaignNotLive, `The campaign is ${campaign.status === 'draft' ? 'a draft' : 'closed already'}: only a live campaign closes.`);
      return this.lifecycle.close(manager, campaign, 'officer', new Date());
    });
    return this.presentWithEntries(closed, actor);
  }

  // --- officers: entries -----------------------------------------------------------------------

  async createEntry(campaignId: string, input: EntryInput, actor: Actor): Promise<Entry> {
    requireOfficer(actor);
    return this.campaigns.transaction(async (manager) => {
      await this.draftForChange(manager, campaignId, actor);
      if ((await this.campaigns.countEntries(campaignId, manager)) >= CAMPAIGN_LIMITS.entriesMax) {
        throw new ServiceException(ErrorCode.BadRequest, `A campaign holds at most ${CAMPAIGN_LIMITS.entriesMax} entries.`);
      }
      const entry = await this.campaigns.insertEntry(manager, campaignId, {
        id: randomUUID(),
        name: input.name,
        description: input.description ?? null,
        imageUrl: input.imageUrl ?? null,
        sortOrder: input.sortOrder ?? null,
        personId: input.personId ?? null,
      });
      return entryOf(entry);
    });
  }

  async updateEntry(campaignId: string, entryId: string, change: EntryChange, actor: Actor): Promise<Entry> {
    requireOfficer(actor);
    return this.campaigns.transaction(async (manager) => {
      await this.draftForChange(manager, campaignId, actor);
      const entry = await this.campaigns.findEntry(campaignId, entryId, manager);
      if (!entry) throw ServiceException.notFound('The entry');
      const merged: Entry = {
        id: entry.id,
        name: change.name ?? entry.name,
        description: change.description === undefined ? entry.description : change.description,
        imageUrl: change.imageUrl === undefined ? entry.imageUrl : change.imageUrl,
        sortOrder: change.sortOrder ?? entry.sortOrder,
        personId: change.personId === undefined ? entry.personId : change.personId,
      };
      return entryOf(await this.campaigns.updateEntry(manager, campaignId, merged));
    });
  }

  async deleteEntry(campaignId: string, entryId: string, actor: Actor): Promise<null> {
    requireOfficer(actor);
    await this.campaigns.transaction(async (manager) => {
      await this.draftForChange(manager, campaignId, actor);
      if (!(await this.campaigns.findEntry(campaignId, entryId, manager))) throw ServiceException.notFound('The entry');
      await this.campaigns.deleteEntry(manager, campaignId, entryId);
    });
    return null;
  }

  // --- ballots -------------------------------------------------------------------------------

  /**
   * Casts the caller's ballot. What cannot change while a campaign is live (who may see it and
   * vote, its entries) is checked here; the rest is decided under the campaign's row lock, in a
   * transaction the ballot may share with others of the same campaign (BallotBatches): a close
   * waits for the ballots in hand and a ballot after it finds the campaign closed, so a ballot
   * racing the close is counted in its results or refused, never lost nor counted after them.
   */
  castBallot(request: CastBallotRequest, actor: Actor): Promise<Ballot> {
    const cast = this.decideBallot(request, actor);
    const counted = this.counted;
    if (!counted) return cast;
    return cast.then(
      (ballot) => {
        counted(ballotOutcome());
        return ballot;
      },
      (error: unknown) => {
        counted(ballotOutcome(error));
        throw error;
      },
    );
  }

  private async decideBallot(request: CastBallotRequest, actor: Actor): Promise<Ballot> {
    const personId = actor.personId;
    if (!personId) {
      throw new ServiceException(ErrorCode.NotAMember, 'Your account belongs to no member of the guild, so it has no ballot to cast.');
    }
    const [voter, seen] = await Promise.all([this.voters.voter(actor.userId, personId), this.campaigns.findWithSums(request.campaignId)]);
    if (!seen || !mayView(seen, actor)) throw notFound();
    if (voter.enabled === false) throw new ServiceException(ErrorCode.AccountDisabled, 'Your account is disabled: it cannot vote.');
    assertLive(seen, new Date());
    const rank = votingRank(actor, voter.rankLevel);
    if (rank < seen.minRankToVote) {
      throw new ServiceException(ErrorCode.RankTooLow, `This vote is for ${RANK_NAMES[seen.minRankToVote]}s and above.`);
    }
    // Live when read, so its entries were fixed at its opening (entryIds): the ballot is checked against them.
    const problems = ballotProblems(request.picks, seen.picksPerVoter, new Set(seen.entryIds));
    if (problems.length > 0) {
      throw ServiceException.invalid(`A ballot ranks exactly ${seen.picksPerVoter} different entries of this campaign, 1 to ${seen.picksPerVoter}, each rank once.`, problems);
    }
    const picks = [...request.picks].sort((a, b) => a.rank - b.rank).map(({ entryId, rank: r }) => ({ entryId, rank: r }));
    // Where each pick counts in the campaign's running sums (its entries' order is fixed since it opened).
    const position = new Map(seen.entryIds.map((entryId, index) => [entryId, index]));
    const cells = picks.map((p) => (position.get(p.entryId) as number) * seen.picksPerVoter + p.rank);
    return this.ballots.cast(seen.id, { id: randomUUID(), personId, userId: actor.userId, picks, cells });
  }

  // --- helpers -------------------------------------------------------------------------------

  private async visible(id: string, actor: Actor | null): Promise<CampaignRecord> {
    const campaign = await this.campaigns.find(id);
    if (!campaign || !mayView(campaign, actor)) throw notFound();
    return campaign;
  }

  private async lockedVisible(manager: EntityManager, id: string, actor: Actor): Promise<CampaignRecord> {
    const campaign = await this.campaigns.find(id, manager, true);
    if (!campaign || !mayView(campaign, actor)) throw notFound();
    return campaign;
  }

  /** The campaign, locked, when it is a draft the officer may change; else 404 or 409 CAMPAIGN_NOT_DRAFT. */
  private async draftForChange(manager: EntityManager, id: string, actor: Actor): Promise<CampaignRecord> {
    const campaign = await this.lockedVisible(manager, id, actor);
    if (campaign.status !== 'draft') {
      throw new ServiceException(ErrorCode.CampaignNotDraft, `The campaign is ${campaign.status}: its settings and entries change only while it is a draft.`);
    }
    return campaign;
  }

  private async presentOne(campaign: CampaignRecord, actor: Actor | null): Promise<Campaign> {
    return (await this.present([campaign], actor))[0] as Campaign;
  }

  private async presentWithEntries(campaign: CampaignRecord, actor: Actor): Promise<Campaign> {
    return { ...(await this.presentOne(campaign, actor)), entries: (await this.campaigns.entries(campaign.id)).map(entryOf) };
  }

  private async present(records: readonly CampaignRecord[], actor: Actor | null): Promise<Campaign[]> {
    if (records.length === 0) return [];
    const eligible = await this.voters.eligibleByRank();
    let viewerOf: (campaign: CampaignRecord) => CampaignViewer | null = () => null;
    if (actor) {
      const personId = actor.personId;
      const voted = personId ? await this.campaigns.votedIn(records.map((c) => c.id), personId) : new Set<string>();
      const voter = personId ? await this.voters.voter(actor.userId, personId) : null;
      viewerOf = (campaign) => {
        const hasVoted = voted.has(campaign.id);
        const mayVote =
          campaign.status === 'live' &&
          voter !== null &&
          voter.enabled !== false &&
          votingRank(actor, voter.rankLevel) >= campaign.minRankToVote &&
          !hasVoted;
        return { voted: hasVoted, mayVote };
      };
    }
    return records.map((c) => ({
      id: c.id,
      title: c.title,
      description: c.description,
      method: c.method,
      picksPerVoter: c.picksPerVoter,
      minRankToVote: c.minRankToVote,
      minRankToView: c.minRankToView,
      startsAt: c.startsAt.toISOString(),
      durationHours: c.durationHours,
      earlyCloseWhenAllVoted: c.earlyCloseWhenAllVoted,
      discordChannelId: c.discordChannelId,
      announcements: { enabled: c.announcementsEnabled, chattiness: c.chattiness },
      status: c.status,
      endsAt: c.endsAt.toISOString(),
      createdBy: c.createdBy,
      createdByName: c.createdByName,
      createdAt: c.createdAt.toISOString(),
      openedAt: c.openedAt?.toISOString() ?? null,
      closedAt: c.closedAt?.toISOString() ?? null,
      closeReason: c.closeReason,
      stats: stats(c, eligible),
      viewer: viewerOf(c),
    }));
  }
}

function stats(campaign: CampaignRecord, eligibleByRank: EligibleByRank): Campaign['stats'] {
  const eligible = campaign.eligibleAtClose ?? eligibleByRank[campaign.minRankToVote] ?? 0;
  return { eligible, voted: campaign.voted, percentVoted: percentVoted(campaign.voted, eligible) };
}

/** Ballots are taken while a campaign is live and before its end (the schedule may not have closed it yet). */
function assertLive(campaign: CampaignRecord, now: Date): void {
  if (campaign.status === 'live' && now < campaign.endsAt) return;
  const why = campaign.status === 'draft' ? 'has not opened yet' : 'has closed';
  throw new ServiceException(ErrorCode.CampaignNotLive, `The campaign ${why}: ballots are taken only while it is live.`);
}

function requireOfficer(actor: Actor): void {
  if (actor.rank < OFFICER) throw new ServiceException(ErrorCode.Forbidden, 'Only officers run campaigns.');
}

/** A campaign's settings: the input over what the campaign has (or the defaults of a new one). */
export function settingsOf(input: CampaignChange, current: CampaignRecord | null): CampaignSettings {
  const pick = <K extends keyof CampaignChange, T>(key: K, fallback: T): NonNullable<CampaignChange[K]> | T =>
    input[key] === undefined ? fallback : (input[key] as NonNullable<CampaignChange[K]>);
  return {
    title: pick('title', current?.title ?? ''),
    description: input.description === undefined ? (current?.description ?? null) : input.description,
    method: pick('method', current?.method ?? 'points'),
    picksPerVoter: pick('picksPerVoter', current?.picksPerVoter ?? CAMPAIGN_LIMITS.picksPerVoterDefault),
    minRankToVote: pick('minRankToVote', current?.minRankToVote ?? RankLevel.Initiate),
    minRankToView: input.minRankToView === undefined ? (current?.minRankToView ?? null) : input.minRankToView,
    startsAt: input.startsAt === undefined ? (current?.startsAt ?? new Date()) : new Date(input.startsAt),
    durationHours: pick('durationHours', current?.durationHours ?? 1),
    earlyCloseWhenAllVoted: pick('earlyCloseWhenAllVoted', current?.earlyCloseWhenAllVoted ?? true),
    discordChannelId: input.discordChannelId === undefined ? (current?.discordChannelId ?? null) : input.discordChannelId,
    announcementsEnabled: input.announcements?.enabled ?? current?.announcementsEnabled ?? true,
    chattiness: input.announcements?.chattiness ?? current?.chattiness ?? 'normal',
  };
}

/**
 * The rules a body's shape cannot say, for the fields being set: a start not in the past, a view
 * rank the officer keeps (one set by a higher rank may stay as it is while others change).
 */
export function checkSettings(settings: CampaignSettings, actor: Actor, set: { startsAt: boolean; minRankToView: boolean }, now: Date): void {
  const problems = [];
  if (set.startsAt && (Number.isNaN(settings.startsAt.getTime()) || settings.startsAt.getTime() < now.getTime() - START_GRACE_MS)) {
    problems.push({ field: 'startsAt', problems: ['startsAt must not be in the past'] });
  }
  if (set.minRankToView && settings.minRankToView !== null && settings.minRankToView > actor.rank) {
    problems.push({ field: 'minRankToView', problems: ['minRankToView must not be above your own rank, or you could no longer see the campaign'] });
  }
  if (problems.length > 0) throw ServiceException.invalid(problems.map((p) => p.problems[0]).join('; ') + '.', problems);
}
