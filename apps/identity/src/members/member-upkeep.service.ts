import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LinkMethod, RankLevel } from '@patt/contracts';
import { memberRank } from '../matching';
import { RanksRepository } from '../ranks/ranks.repository';
import { MemberEvents } from './member-events';
import { mainAfter } from './membership';
import { MembersRepository } from './members.repository';

/** What an officer's change did to a member's links, for the announcement. */
export interface LinkChange {
  method: LinkMethod;
  score: number;
}

/**
 * Brings one member up to date after an officer changed their links or their rank override, in
 * the officer's transaction: rank and main recomputed, `member-matched` when their links changed,
 * `member-rank-changed` when the rank they hold moved. A member left with no characters, no
 * Discord user and no account is deleted (announced with nothing, so auth and the bot forget the
 * link too).
 */
@Injectable()
export class MemberUpkeep {
  constructor(
    private readonly members: MembersRepository,
    private readonly ranks: RanksRepository,
    private readonly memberEvents: MemberEvents,
  ) {}

  /** `created`: the member was made in this transaction; its `member-matched` carries its first rank. */
  async settle(manager: EntityManager, personId: string, linkChange: LinkChange | null, created = false): Promise<void> {
    const state = await this.members.stateOf(manager, personId);
    if (!state) return;
    const { member, characters, discord } = state;
    // The table as this transaction sees it, not the read cache: a rank computed here is stored.
    const ranks = (await this.ranks.all(manager)).map((rank) => rank.toRank());
    const before = member.rankLevel;
    const emptied = characters.length === 0 && !discord && !member.registeredAt;
    const rankLevel = emptied
      ? null
      : (memberRank(characters, ranks, member.rankOverride).level as RankLevel | null);

    if (emptied) {
      await this.members.delete(manager, personId);
    } else {
      const byId = new Map(characters.map((c) => [c.id, c]));
      const mainCharacterId = mainAfter(member.mainCharacterId, null, [...byId.keys()], (id) => byId.get(id));
      if (rankLevel !== before || mainCharacterId !== member.mainCharacterId) {
        await this.members.updateComputed(manager, [{ id: personId, rankLevel, mainCharacterId }]);
      }
      await this.members.refreshSortNames(manager, [personId]);
    }
    if (linkChange) {
      await this.memberEvents.matched(
        manager,
        {
          personId,
          discordUserId: discord?.userId ?? null,
          discordUsername: discord?.username ?? null,
          characterIds: characters.map((c) => c.id),
          method: linkChange.method,
          score: linkChange.score,
          rankLevel,
        },
        ranks,
      );
    }
    if (!emptied && !created) await this.memberEvents.rankChanged(manager, { personId, discordUserId: discord?.userId ?? null, from: before, to: rankLevel });
    if (!emptied) await this.memberEvents.presenceChanged(manager, await this.members.refreshPresence(manager, [personId]));
  }
}
