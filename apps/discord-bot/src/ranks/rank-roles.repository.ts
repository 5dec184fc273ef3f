import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Rank } from '@patt/contracts';
import { RankRole } from './rank-role-map';
import { RankRoleEntity } from './rank-role.entity';

@Injectable()
export class RankRolesRepository {
  constructor(@InjectRepository(RankRoleEntity) private readonly ranks: Repository<RankRoleEntity>) {}

  async all(manager: EntityManager = this.ranks.manager): Promise<RankRole[]> {
    const rows = await manager.getRepository(RankRoleEntity).find({ order: { level: 'ASC' } });
    return rows.map((row) => ({ level: row.level, name: row.name, discordRoleId: row.discordRoleId }));
  }

  /** Writes the table as of `at`; a row already newer than that is left alone. */
  async upsertAsOf(manager: EntityManager, ranks: readonly Rank[], at: Date): Promise<void> {
    for (const rank of ranks) {
      await manager.query(
        `INSERT INTO rank_roles (level, name, discord_role_id, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (level) DO UPDATE SET name = EXCLUDED.name, discord_role_id = EXCLUDED.discord_role_id,
           updated_at = EXCLUDED.updated_at
         WHERE rank_roles.updated_at <= EXCLUDED.updated_at`,
        [rank.level, rank.name, rank.discordRoleId, at],
      );
    }
  }
}
