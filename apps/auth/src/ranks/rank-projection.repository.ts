import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Rank } from '@patt/contracts';
import { RankProjectionEntity } from './rank-projection.entity';

@Injectable()
export class RankProjectionRepository {
  constructor(@InjectRepository(RankProjectionEntity) private readonly ranks: Repository<RankProjectionEntity>) {}

  all(): Promise<RankProjectionEntity[]> {
    return this.ranks.find({ order: { level: 'ASC' } });
  }

  /** Writes the table as of `at`; a row already newer than that is left alone. */
  async upsertAsOf(manager: EntityManager, ranks: Rank[], at: Date): Promise<void> {
    for (const rank of ranks) {
      await manager.query(
        `INSERT INTO ranks (level, name, discord_role_id, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (level) DO UPDATE SET name = EXCLUDED.name, discord_role_id = EXCLUDED.discord_role_id,
           updated_at = EXCLUDED.updated_at
         WHERE ranks.updated_at <= EXCLUDED.updated_at`,
        [rank.level, rank.name, rank.discordRoleId, at],
      );
    }
  }
}
