import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Rank } from '@patt/contracts';
import { RankRoleMap } from './rank-role-map';
import { RankRolesRepository } from './rank-roles.repository';

@Injectable()
export class RankRolesService {
  constructor(private readonly ranks: RankRolesRepository) {}

  async current(manager?: EntityManager): Promise<RankRoleMap> {
    return new RankRoleMap(await this.ranks.all(manager));
  }

  /** Takes identity's rank table as of `at`; whether any rank's Discord role changed. */
  async apply(manager: EntityManager, ranks: readonly Rank[], at: Date): Promise<boolean> {
    const before = await this.current(manager);
    await this.ranks.upsertAsOf(manager, ranks, at);
    return (await this.current(manager)).rolesDifferFrom(before);
  }
}
