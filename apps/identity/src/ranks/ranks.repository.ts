import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { RankLevel } from '@patt/contracts';
import { RankEntity } from './rank.entity';

@Injectable()
export class RanksRepository {
  constructor(@InjectRepository(RankEntity) private readonly ranks: Repository<RankEntity>) {}

  all(manager: EntityManager = this.ranks.manager): Promise<RankEntity[]> {
    return manager.getRepository(RankEntity).find({ order: { level: 'ASC' } });
  }

  /** The rank, locked for the rest of the transaction: rank edits are serialised. */
  lockOne(manager: EntityManager, level: RankLevel): Promise<RankEntity | null> {
    return manager.getRepository(RankEntity).findOne({ where: { level }, lock: { mode: 'pessimistic_write' } });
  }

  lockAll(manager: EntityManager): Promise<RankEntity[]> {
    return manager.getRepository(RankEntity).find({ order: { level: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  save(manager: EntityManager, ranks: RankEntity[]): Promise<RankEntity[]> {
    return manager.getRepository(RankEntity).save(ranks);
  }
}
