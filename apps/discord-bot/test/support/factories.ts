import { randomUUID } from 'node:crypto';
import {
  CampaignAnnouncementTarget,
  CampaignClosedPayload,
  CampaignMilestone,
  CampaignMilestonePayload,
  CampaignOpenedPayload,
  CampaignResults,
  Chattiness,
  CloseReason,
  DiscordMemberState,
  Entry,
  IssueSeverity,
  IssueSummary,
  IssueType,
  RankLevel,
  ResultEntry,
  VotingMethod,
} from '@patt/contracts';
import type { GuildMemberSnapshot } from '../../src/discord/discord-guild';

let nextId = 100_000_000_000_000_000n;
export const snowflake = (): string => (nextId += 1n).toString();

export function aSnapshot(overrides: Partial<GuildMemberSnapshot> = {}): GuildMemberSnapshot {
  return { userId: snowflake(), username: 'trog', globalName: null, nick: null, roleIds: [], bot: false, joinedAt: '2024-03-01T12:00:00.000Z', ...overrides };
}

export function aMember(overrides: Partial<DiscordMemberState> = {}): DiscordMemberState {
  return { userId: snowflake(), username: 'trog', displayName: 'Trog', roleIds: [], present: true, joinedAt: '2024-03-01T12:00:00.000Z', ...overrides };
}

export function anIssue(type: IssueType, overrides: Partial<IssueSummary> & { severity?: IssueSeverity } = {}): IssueSummary {
  return { id: randomUUID(), type, severity: 'warning', summary: `${type} issue`, characterId: null, discordUserId: null, personId: null, ...overrides };
}

/**
 * A campaign's events as the campaigns service would send them, numbered in sequence as it would:
 * the opening first, each milestone in the order reached, the closing last.
 */
export class CampaignStory {
  readonly campaignId = randomUUID();
  readonly entries: Entry[];
  private sequence = 0;
  private readonly target: Omit<CampaignAnnouncementTarget, 'sequence'>;
  private leadChanges = 0;
  private readonly openedAt: Date;

  constructor(
    private readonly options: {
      title?: string;
      entries?: readonly string[];
      chattiness?: Chattiness;
      enabled?: boolean;
      channelId?: string | null;
      eligible?: number;
      method?: VotingMethod;
      picksPerVoter?: number;
      hours?: number;
      openedAt?: Date;
    } = {},
  ) {
    this.entries = (options.entries ?? ['Black Tabard', 'Green Tabard', 'Gold Tabard']).map((name, index) => ({
      id: randomUUID(),
      name,
      description: null,
      imageUrl: null,
      sortOrder: index,
      personId: null,
    }));
    const openedAt = (this.openedAt = options.openedAt ?? new Date());
    this.target = {
      campaignId: this.campaignId,
      title: options.title ?? 'The new guild tabard',
      path: `/votes/${this.campaignId}`,
      discordChannelId: options.channelId ?? null,
      announcements: { enabled: options.enabled ?? true, chattiness: options.chattiness ?? 'normal' },
      minRankToView: null,
      method: options.method ?? 'points',
      endsAt: new Date(openedAt.getTime() + (options.hours ?? 72) * 3_600_000).toISOString(),
    };
  }

  get eligible(): number {
    return this.options.eligible ?? 4;
  }

  entry(name: string): Entry {
    const found = this.entries.find((entry) => entry.name === name);
    if (!found) throw new Error(`no entry ${name}`);
    return found;
  }

  opened(): CampaignOpenedPayload {
    const openedAt = this.openedAt;
    return {
      ...this.next(),
      description: 'Pick the colours we wear into the next tier.',
      picksPerVoter: this.options.picksPerVoter ?? 2,
      minRankToVote: RankLevel.Member,
      startsAt: openedAt.toISOString(),
      openedAt: openedAt.toISOString(),
      openedBy: 'officer',
      entries: this.entries,
      eligible: this.eligible,
    };
  }

  /** A milestone with the standings given as points by entry name (the leader is the one alone at the top). */
  milestone(milestone: CampaignMilestone, voted: number, points: Record<string, number> = {}, previousLeader?: string): CampaignMilestonePayload {
    const standings = this.standings(points);
    const top = standings.filter((entry) => entry.place === 1 && entry.points > 0);
    const leader = top.length === 1 ? { entryId: top[0]!.entryId, name: top[0]!.name } : null;
    const key = milestone === 'lead_change' ? `lead_change:${(this.leadChanges += 1)}` : milestone;
    return {
      ...this.next(),
      milestone,
      key,
      reachedAt: new Date().toISOString(),
      counts: { eligible: this.eligible, voted, percentVoted: Math.min(100, Math.floor((voted * 100) / this.eligible)) },
      standings,
      leader,
      previousLeader: previousLeader ? { entryId: this.entry(previousLeader).id, name: previousLeader } : null,
    };
  }

  closed(voted: number, points: Record<string, number>, reason: CloseReason = 'officer', extra: Partial<CampaignResults> = {}): CampaignClosedPayload {
    const entries = this.standings(points);
    return {
      ...this.next(),
      closedAt: new Date().toISOString(),
      reason,
      allVoted: voted >= this.eligible,
      results: {
        campaignId: this.campaignId,
        method: this.target.method,
        final: true,
        eligible: this.eligible,
        voted,
        entries,
        winnerIds: voted === 0 ? [] : entries.filter((entry) => entry.place === 1).map((entry) => entry.entryId),
        ...extra,
      },
    };
  }

  /** Every entry by points, places shared on equal points (1, 1, 3). */
  standings(points: Record<string, number>): ResultEntry[] {
    const scored = this.entries.map((entry) => ({ entry, points: points[entry.name] ?? 0 })).sort((a, b) => b.points - a.points);
    return scored.map(({ entry, points: own }) => ({
      entryId: entry.id,
      name: entry.name,
      place: 1 + scored.filter((other) => other.points > own).length,
      points: own,
      placeCounts: [0, 0],
    }));
  }

  private next(): CampaignAnnouncementTarget {
    this.sequence += 1;
    return { ...this.target, sequence: this.sequence };
  }
}
