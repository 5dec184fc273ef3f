import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Events, Rank, UpdateRankRequest } from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { ServiceException } from '@patt/service-kit';
import { MatchingRequestsRepository } from '../common/matching-requests.repository';
import { RankEntity } from './rank.entity';
import { RanksRepository } from './ranks.repository';

/**
 * How long a replica answers the rank table from memory. It is read on every page of the app and
 * changes a few times a year; an edit clears this replica's copy at once and the others' within
 * this time.
 */
const RANKS_FRESH_MS = 2000;

@Injectable()
export class RanksService {
  private cached: { ranks: Rank[]; at: number } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ranks: RanksRepository,
    private readonly events: EventPublisher,
    private readonly matching: MatchingRequestsRepository,
  ) {}

  async list(): Promise<Rank[]> {
    if (this.cached && Date.now() - this.cached.at < RANKS_FRESH_MS) return this.cached.ranks;
    const ranks = (await this.ranks.all()).map((rank) => rank.toRank());
    this.cached = { ranks, at: Date.now() };
    return ranks;
  }

  /**
   * Edits one rank. An in-game rank index maps to one rank only, so giving it to this rank takes
   * it from the one that had it. Everyone who keeps a copy of the table hears the new one, and
   * members' ranks are computed again.
   */
  async update(change: UpdateRankRequest): Promise<Rank> {
    return this.dataSource.transaction(async (manager) => {
      const all = await this.ranks.lockAll(manager);
      const target = all.find((rank) => rank.level === change.level);
      if (!target) throw ServiceException.notFound(`Rank ${change.level}`);
      const before = JSON.stringify(all.map((rank) => rank.toRank()));

      if (change.name !== undefined) target.name = change.name.trim();
      if (change.discordRoleId !== undefined) target.discordRoleId = change.discordRoleId;
      if (change.gameRankIndexes !== undefined) {
        const claimed = [...new Set(change.gameRankIndexes)];
        for (const other of all) {
          if (other !== target) other.gameRankIndexes = other.gameRankIndexes.filter((index) => !claimed.includes(index));
        }
        target.gameRankIndexes = claimed;
      }
      this.assertDistinct(all, target);

      const after = all.map((rank) => rank.toRank());
      if (JSON.stringify(after) !== before) {
        await this.ranks.save(manager, all);
        await this.events.emit(manager, Events.RanksChanged, { ranks: after });
        // Members' ranks come from the table (and their Discord roles are checked against it).
        await this.matching.request(manager, 'ranks changed');
        this.cached = null;
      }
      return target.toRank();
    });
  }

  private assertDistinct(all: RankEntity[], target: RankEntity): void {
    const sameName = all.find((rank) => rank !== target && rank.name.toLowerCase() === target.name.toLowerCase());
    if (sameName) {
      throw ServiceException.conflict(`Rank ${sameName.level} is already called "${sameName.name}"; rank names must differ.`);
    }
    const sameRole = target.discordRoleId && all.find((rank) => rank !== target && rank.discordRoleId === target.discordRoleId);
    if (sameRole) {
      throw ServiceException.conflict(`That Discord role already stands for rank ${sameRole.level} (${sameRole.name}).`);
    }
  }
}
