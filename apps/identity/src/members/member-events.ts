import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Events, LinkMethod, Rank, RankLevel } from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { effectiveLevel, rankRefOf } from '../ranks/rank-levels';

export interface MemberMatch {
  personId: string;
  discordUserId: string | null;
  discordUsername: string | null;
  characterIds: readonly string[];
  method: LinkMethod;
  score: number;
  rankLevel: RankLevel | null;
}

/**
 * identity's announcements about members, with the payloads auth and the Discord bot consume:
 * `member-matched` whenever a member's links change (it carries the member as they now are, so a
 * member left without a Discord user unlinks them there), `member-rank-changed` whenever the rank
 * they hold changes, `member-in-guild-changed` whenever they come to have or no longer have a
 * character in the guild (auth's accounts follow it).
 */
@Injectable()
export class MemberEvents {
  constructor(private readonly events: EventPublisher) {}

  async matched(manager: EntityManager, match: MemberMatch, ranks: readonly Rank[]): Promise<void> {
    await this.events.emit(manager, Events.MemberMatched, {
      personId: match.personId,
      discordUserId: match.discordUserId,
      discordUsername: match.discordUsername,
      characterIds: [...match.characterIds],
      method: match.method,
      score: match.score,
      rank: rankRefOf(ranks, match.rankLevel),
    });
  }

  /**
   * Announces a rank change when the rank the member holds changes. `from` is the level stored
   * before (null: the member had no rank of their own, so they held Initiate); an unranked member
   * holds Initiate, so going from null to 1 is no change.
   */
  async rankChanged(
    manager: EntityManager,
    change: { personId: string; discordUserId: string | null; from: RankLevel | null; to: RankLevel | null },
  ): Promise<boolean> {
    if (effectiveLevel(change.from) === effectiveLevel(change.to)) return false;
    await this.events.emit(manager, Events.MemberRankChanged, {
      personId: change.personId,
      discordUserId: change.discordUserId,
      from: change.from,
      to: effectiveLevel(change.to),
    });
    return true;
  }

  /** Tells auth whether the member still has a character in the guild (their account follows). */
  async inGuildChanged(manager: EntityManager, change: { personId: string; inGuild: boolean; since: Date }): Promise<void> {
    await this.events.emit(manager, Events.MemberInGuildChanged, {
      personId: change.personId,
      inGuild: change.inGuild,
      since: new Date(change.since).toISOString(),
    });
  }

  /** Announces every change of presence the statement found. */
  async presenceChanged(manager: EntityManager, changes: ReadonlyArray<{ id: string; inGuild: boolean; since: Date }>): Promise<void> {
    for (const change of changes) await this.inGuildChanged(manager, { personId: change.id, inGuild: change.inGuild, since: change.since });
  }
}
